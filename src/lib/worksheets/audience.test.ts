import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Answers } from './answers';
import {
	DEFAULT_SHARING,
	answersForOtherPartner,
	fieldsForOtherPartner,
	visibleToOtherPartner,
	type SharingChoice
} from './audience';
import { BUILTIN_TEMPLATES, builtinTemplate } from './builtin';
import { audienceOf, type Audience, type WorksheetTemplate } from './template';

/** Every audience, on every kind of field, a group among them. */
const mixed: WorksheetTemplate = {
	id: 'mixed',
	title: 'Mixed audiences',
	intro: '',
	step: null,
	minutes: 5,
	fields: [
		{ key: 'for-therapist', kind: 'long-text', label: 'For the therapist' },
		{
			key: 'also-for-therapist',
			kind: 'scale',
			label: 'Rating',
			min: 0,
			max: 10,
			minLabel: 'Low',
			maxLabel: 'High',
			audience: 'therapist'
		},
		{ key: 'secret', kind: 'long-text', label: 'Secret', audience: 'confidential' },
		{
			key: 'secret-choice',
			kind: 'single-choice',
			label: 'Secret choice',
			audience: 'confidential',
			options: [
				{ value: 'a', label: 'A' },
				{ value: 'b', label: 'B' }
			]
		},
		{ key: 'for-both', kind: 'short-text', label: 'For both', audience: 'shared' },
		{
			key: 'habits',
			kind: 'multiple-choice',
			label: 'Habits',
			audience: 'shared',
			options: [
				{ value: 'x', label: 'X' },
				{ value: 'y', label: 'Y' }
			]
		},
		{
			key: 'goals',
			kind: 'repeating-group',
			label: 'Goals',
			itemName: 'goal',
			nameLabel: 'Name',
			audience: 'shared',
			fields: [{ key: 'how', kind: 'long-text', label: 'How' }]
		},
		{
			key: 'private-list',
			kind: 'repeating-group',
			label: 'Private list',
			itemName: 'item',
			nameLabel: 'Name',
			audience: 'confidential',
			fields: [{ key: 'what', kind: 'long-text', label: 'What' }]
		}
	]
};

const keysBy = (template: WorksheetTemplate, audience: Audience) =>
	template.fields.filter((field) => audienceOf(field) === audience).map((field) => field.key);

const everyChoice: SharingChoice[] = [
	{ therapistFields: false, sharedFields: false },
	{ therapistFields: false, sharedFields: true },
	{ therapistFields: true, sharedFields: false },
	{ therapistFields: true, sharedFields: true }
];

const anyAnswer: fc.Arbitrary<Answer> = fc.oneof(
	fc.string(),
	fc.integer({ min: 0, max: 10 }),
	fc.record({ selected: fc.array(fc.string(), { maxLength: 3 }) }),
	fc.record({
		rows: fc.array(
			fc.record({
				name: fc.string(),
				answers: fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 })
			}),
			{ maxLength: 3 }
		)
	})
);

/** Answers to any of the template's fields, and now and then a key it does not have. */
function anyAnswers(template: WorksheetTemplate): fc.Arbitrary<Answers> {
	const keys = template.fields.map((field) => field.key);
	return fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.constant('stray')), anyAnswer, {
		maxKeys: keys.length + 1
	});
}

describe('answersForOtherPartner', () => {
	it('never gives a confidential answer, whatever the author chose', () => {
		fc.assert(
			fc.property(
				anyAnswers(mixed),
				fc.boolean(),
				fc.boolean(),
				(answers, therapistFields, sharedFields) => {
					const visible = answersForOtherPartner(mixed, answers, { therapistFields, sharedFields });
					expect(visible).not.toBeNull();
					for (const key of keysBy(mixed, 'confidential')) expect(visible).not.toHaveProperty(key);
					expect(visible).not.toHaveProperty('stray');
					for (const [key, answer] of Object.entries(visible!)) expect(answer).toBe(answers[key]);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('gives shared answers as the author chose for shared fields, and therapist answers as they chose for those', () => {
		fc.assert(
			fc.property(anyAnswers(mixed), fc.constantFrom(...everyChoice), (answers, choice) => {
				const visible = answersForOtherPartner(mixed, answers, choice)!;
				for (const key of keysBy(mixed, 'shared'))
					expect(key in visible, key).toBe(choice.sharedFields && answers[key] !== undefined);
				for (const key of keysBy(mixed, 'therapist'))
					expect(key in visible, key).toBe(choice.therapistFields && answers[key] !== undefined);
			}),
			{ numRuns: 300 }
		);
	});

	it('by default gives the shared answers and nothing else', () => {
		expect(DEFAULT_SHARING).toEqual({ therapistFields: false, sharedFields: true });
		const answers: Answers = {
			'for-therapist': 'T',
			'also-for-therapist': 4,
			secret: 'S',
			'secret-choice': 'a',
			'for-both': 'B',
			habits: { selected: ['x'] },
			goals: { rows: [{ name: 'Home', answers: { how: 'Save' } }] },
			'private-list': { rows: [{ name: 'Mine', answers: { what: 'Hidden' } }] }
		};
		expect(answersForOtherPartner(mixed, answers, DEFAULT_SHARING)).toEqual({
			'for-both': 'B',
			habits: { selected: ['x'] },
			goals: { rows: [{ name: 'Home', answers: { how: 'Save' } }] }
		});
		expect(
			answersForOtherPartner(mixed, answers, { therapistFields: true, sharedFields: true })
		).toEqual({
			'for-therapist': 'T',
			'also-for-therapist': 4,
			'for-both': 'B',
			habits: { selected: ['x'] },
			goals: { rows: [{ name: 'Home', answers: { how: 'Save' } }] }
		});
	});

	it('gives nothing at all for a private template, however it was answered', () => {
		const safety = builtinTemplate('safety-check-in')!;
		const privateMixed: WorksheetTemplate = { ...mixed, privacy: 'private' };
		for (const choice of everyChoice) {
			expect(
				answersForOtherPartner(
					safety,
					{ 'afraid-past-year': 'frequently', 'anything-else': 'Help' },
					choice
				)
			).toBeNull();
			expect(answersForOtherPartner(privateMixed, { 'for-both': 'B' }, choice)).toBeNull();
		}
	});

	it('never gives a confidential answer of a built-in template', () => {
		for (const template of BUILTIN_TEMPLATES) {
			const answers: Answers = Object.fromEntries(
				template.fields.map((field) => [field.key, 'written'])
			);
			for (const choice of everyChoice) {
				const visible = answersForOtherPartner(template, answers, choice);
				for (const key of keysBy(template, 'confidential'))
					expect(visible?.[key], `${template.id}.${key}`).toBeUndefined();
			}
		}
		expect(
			answersForOtherPartner(
				builtinTemplate('core-issues')!,
				{ 'for-therapist-only': 'x' },
				{ therapistFields: true, sharedFields: true }
			)
		).toEqual({});
	});
});

describe('fieldsForOtherPartner and visibleToOtherPartner', () => {
	it('list the fields the other partner would see, in template order', () => {
		expect(fieldsForOtherPartner(mixed, DEFAULT_SHARING).map((field) => field.key)).toEqual([
			'for-both',
			'habits',
			'goals'
		]);
		expect(
			fieldsForOtherPartner(mixed, { therapistFields: true, sharedFields: false }).map(
				(field) => field.key
			)
		).toEqual(['for-therapist', 'also-for-therapist']);
		expect(fieldsForOtherPartner(mixed, { therapistFields: false, sharedFields: false })).toEqual(
			[]
		);
		expect(
			fieldsForOtherPartner(mixed, { therapistFields: true, sharedFields: true }).map(
				(field) => field.key
			)
		).toEqual(['for-therapist', 'also-for-therapist', 'for-both', 'habits', 'goals']);
	});

	it('list nothing for a private template', () => {
		for (const choice of everyChoice) {
			expect(fieldsForOtherPartner(builtinTemplate('safety-check-in')!, choice)).toEqual([]);
			expect(fieldsForOtherPartner({ ...mixed, privacy: 'private' }, choice)).toEqual([]);
		}
	});

	it('never show a confidential field', () => {
		for (const field of mixed.fields.filter(
			(candidate) => audienceOf(candidate) === 'confidential'
		)) {
			for (const choice of everyChoice) expect(visibleToOtherPartner(field, choice)).toBe(false);
		}
	});

	it('treat a field without an audience as the therapist’s', () => {
		const field = mixed.fields[0]!;
		expect(field.audience).toBeUndefined();
		expect(audienceOf(field)).toBe('therapist');
		expect(visibleToOtherPartner(field, { therapistFields: false, sharedFields: true })).toBe(
			false
		);
		expect(visibleToOtherPartner(field, { therapistFields: true, sharedFields: false })).toBe(true);
	});
});
