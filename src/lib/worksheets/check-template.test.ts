import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from './builtin';
import { templateProblems } from './check-template';
import type { Field, SimpleField, WorksheetTemplate } from './template';

/** A small well-formed template that each test breaks in one way. */
function wellFormed(): WorksheetTemplate {
	return {
		id: 'check-me',
		title: 'Check me',
		intro: 'For tests.',
		step: null,
		minutes: 5,
		fields: [
			{ key: 'note', kind: 'long-text', label: 'A note' },
			{
				key: 'rating',
				kind: 'scale',
				label: 'Rating',
				min: 0,
				max: 10,
				minLabel: 'Low',
				maxLabel: 'High'
			},
			{
				key: 'choice',
				kind: 'single-choice',
				label: 'Choice',
				options: [
					{ value: 'a', label: 'A', score: 0 },
					{ value: 'b', label: 'B', score: 1 }
				]
			},
			{
				key: 'habits',
				kind: 'multiple-choice',
				label: 'Habits',
				options: [
					{ value: 'x', label: 'X' },
					{ value: 'y', label: 'Y' }
				],
				maxSelected: 1
			},
			{
				key: 'rows',
				kind: 'repeating-group',
				label: 'Rows',
				itemName: 'row',
				nameLabel: 'Name',
				presetRows: ['One', 'Two'],
				maxRows: 3,
				fields: [{ key: 'what', kind: 'short-text', label: 'What' }]
			}
		],
		scoring: {
			items: [{ key: 'rating' }, { key: 'choice', reverse: true }],
			bands: [
				{ below: 5, label: 'Low', concerning: true },
				{ below: null, label: 'High' }
			]
		},
		concernRules: [
			{ field: 'choice', anyOf: ['b'] },
			{ field: 'rating', atLeast: 9 },
			{ field: 'note', answered: true }
		]
	};
}

/** The template with one field replaced, found by key. */
function withField(key: string, change: (field: Field) => Field): WorksheetTemplate {
	const template = wellFormed();
	return {
		...template,
		fields: template.fields.map((field) => (field.key === key ? change(field) : field))
	};
}

function field<K extends Field['kind']>(
	template: WorksheetTemplate,
	key: string,
	kind: K
): Extract<Field, { kind: K }> {
	const found = template.fields.find((candidate) => candidate.key === key);
	if (found?.kind !== kind) throw new Error(`${key} is not a ${kind}`);
	return found as Extract<Field, { kind: K }>;
}

describe('templateProblems', () => {
	it('finds nothing wrong with a well-formed template, or with any built-in one', () => {
		expect(templateProblems(wellFormed())).toEqual([]);
		for (const template of BUILTIN_TEMPLATES)
			expect(templateProblems(template), template.id).toEqual([]);
	});

	it('refuses a field of a private template that is not confidential', () => {
		const template: WorksheetTemplate = { ...wellFormed(), privacy: 'private' };
		template.fields = template.fields.map((candidate) =>
			candidate.key === 'note' ? candidate : { ...candidate, audience: 'confidential' }
		);
		expect(templateProblems(template)).toEqual([
			'Field "note" of a private template must be confidential.'
		]);
		template.fields = template.fields.map((candidate) => ({ ...candidate, audience: 'shared' }));
		expect(templateProblems(template)).toHaveLength(template.fields.length);
		template.fields = template.fields.map((candidate) => ({
			...candidate,
			audience: 'confidential'
		}));
		expect(templateProblems(template)).toEqual([]);
	});

	it('refuses a key used twice, in the template or in a group', () => {
		const template = wellFormed();
		template.fields.push({ key: 'note', kind: 'short-text', label: 'Another note' });
		expect(templateProblems(template)).toEqual(['The key "note" appears twice in the template.']);

		const group = withField('rows', (rows) => ({
			...rows,
			fields: [
				...field(wellFormed(), 'rows', 'repeating-group').fields,
				{ key: 'what', kind: 'long-text', label: 'Again' }
			]
		}));
		expect(templateProblems(group)).toEqual(['The key "what" appears twice in group "rows".']);
	});

	it('refuses keys and ids that are not letters, digits and dashes', () => {
		expect(templateProblems({ ...wellFormed(), id: 'Check me' })).toEqual([
			'The id "Check me" must be letters, digits and dashes.'
		]);
		expect(
			templateProblems(withField('note', (note) => ({ ...note, key: 'my.note' })))
		).toContainEqual('The key "my.note" in the template must be letters, digits and dashes.');
	});

	it("refuses a group's field with an audience of its own", () => {
		const template = withField('rows', (rows) => ({
			...rows,
			fields: [
				{ key: 'what', kind: 'short-text', label: 'What', audience: 'confidential' } as SimpleField
			]
		}));
		expect(templateProblems(template)).toEqual([
			'Field "rows.what" takes its group\'s audience; it cannot have its own.'
		]);
	});

	it('refuses a scale whose low end is not below its high end, or that is not whole numbers', () => {
		const scale = (min: number, max: number) =>
			templateProblems(withField('rating', (rating) => ({ ...rating, min, max }) as Field));
		expect(scale(5, 5)).toEqual([
			'Scale "rating" must run between two whole numbers, low to high.'
		]);
		expect(scale(10, 0)).toEqual([
			'Scale "rating" must run between two whole numbers, low to high.'
		]);
		expect(scale(0, 2.5)).toEqual([
			'Scale "rating" must run between two whole numbers, low to high.'
		]);
		expect(scale(0, 21)).toEqual(['Scale "rating" has more than 21 points.']);
		expect(scale(0, 20)).toEqual([]);
	});

	it('refuses two options with the same value, fewer than two options, and blank ones', () => {
		const options = (list: Array<{ value: string; label: string }>) =>
			templateProblems(withField('habits', (habits) => ({ ...habits, options: list }) as Field));
		expect(
			options([
				{ value: 'x', label: 'X' },
				{ value: 'x', label: 'Also X' }
			])
		).toEqual(['Field "habits" has two options with the same value.']);
		expect(options([{ value: 'x', label: 'X' }])).toEqual([
			'Field "habits" needs at least two options.'
		]);
		expect(
			options([
				{ value: 'x', label: 'X' },
				{ value: ' ', label: 'Blank' }
			])
		).toEqual(['Field "habits" has an option without a value or label.']);
	});

	it('refuses a multiple choice that allows no choice at all', () => {
		expect(
			templateProblems(withField('habits', (habits) => ({ ...habits, maxSelected: 0 }) as Field))
		).toEqual(['Field "habits" must allow at least one choice.']);
	});

	it('refuses a scored single choice without a score on every option', () => {
		const template = withField(
			'choice',
			(choice) =>
				({
					...choice,
					options: [
						{ value: 'a', label: 'A', score: 0 },
						{ value: 'b', label: 'B' }
					]
				}) as Field
		);
		expect(templateProblems(template)).toEqual([
			'Every option of scored item "choice" needs a score.'
		]);
	});

	it('refuses a scored item that is missing or cannot be scored', () => {
		const template = wellFormed();
		template.scoring!.items.push({ key: 'nowhere' }, { key: 'note' });
		expect(templateProblems(template)).toEqual([
			'Scored item "nowhere" is not a field.',
			'Scored item "note" must be a scale or a single choice.'
		]);
	});

	it('refuses scoring bands that do not end open-ended or do not rise', () => {
		const openEnded = wellFormed();
		openEnded.scoring!.bands = [{ below: 5, label: 'Low' }];
		expect(templateProblems(openEnded)).toEqual([
			'The last scoring band must be open-ended (below: null).'
		]);
		const falling = wellFormed();
		falling.scoring!.bands = [
			{ below: 8, label: 'A' },
			{ below: 4, label: 'B' },
			{ below: null, label: 'C' }
		];
		expect(templateProblems(falling)).toEqual(['Scoring bands must rise from low to high.']);
	});

	it('refuses a concern rule naming a field or an option that is not there', () => {
		const missingField = wellFormed();
		missingField.concernRules!.push({ field: 'nowhere', anyOf: ['a'] });
		expect(templateProblems(missingField)).toEqual([
			'A concern rule names "nowhere", which is not a field.'
		]);
		const missingOption = wellFormed();
		missingOption.concernRules!.push({ field: 'habits', anyOf: ['x', 'z'] });
		expect(templateProblems(missingOption)).toEqual([
			'A concern rule on "habits" names "z", which is not one of its options.'
		]);
	});

	it('refuses a concern rule comparing a number on a field that is not a scale', () => {
		const template = wellFormed();
		template.concernRules!.push({ field: 'choice', atLeast: 1 });
		expect(templateProblems(template)).toEqual([
			'A concern rule on "choice" compares a number, but it is not a scale.'
		]);
	});

	it('refuses a group with no fields, a preset row named twice, or more preset rows than it allows', () => {
		expect(
			templateProblems(withField('rows', (rows) => ({ ...rows, fields: [] }) as Field))
		).toEqual(['Group "rows" needs at least one field.']);
		expect(
			templateProblems(
				withField('rows', (rows) => ({ ...rows, presetRows: ['One', 'one'] }) as Field)
			)
		).toEqual(['Group "rows" names a preset row twice.']);
		expect(
			templateProblems(
				withField('rows', (rows) => ({ ...rows, presetRows: ['A', 'B', 'C', 'D'] }) as Field)
			)
		).toEqual(['Group "rows" starts with more rows than it allows.']);
	});

	it('refuses a template without a title or fields, and a field without a label', () => {
		expect(templateProblems({ ...wellFormed(), title: ' ' })).toEqual([
			'The template needs a title.'
		]);
		expect(
			templateProblems({ ...wellFormed(), fields: [], scoring: undefined, concernRules: undefined })
		).toEqual(['The template needs at least one field.']);
		expect(templateProblems(withField('note', (note) => ({ ...note, label: '' })))).toEqual([
			'Field "note" needs a label.'
		]);
	});

	it('refuses a text limit that is not a positive whole number, and an unknown audience', () => {
		expect(
			templateProblems(withField('note', (note) => ({ ...note, maxLength: 0 }) as Field))
		).toEqual(['Field "note" has a maximum length that is not a positive whole number.']);
		expect(
			templateProblems(
				withField('note', (note) => ({ ...note, audience: 'everyone' }) as unknown as Field)
			)
		).toEqual(['Field "note" has an unknown audience "everyone".']);
	});
});
