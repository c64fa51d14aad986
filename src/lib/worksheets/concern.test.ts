import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { builtinTemplate } from './builtin';
import { isConcerning } from './concern';
import type { WorksheetTemplate } from './template';

const safety = builtinTemplate('safety-check-in')!;
const harmQuestions = ['afraid', 'threatened', 'physically-hurt', 'controlled', 'sexual-pressure'];

const allClear: Answers = {
	afraid: 'never',
	threatened: 'never',
	'physically-hurt': 'never',
	controlled: 'never',
	'sexual-pressure': 'never',
	'safe-to-be-honest': 'yes',
	'anything-else': 'We argue about chores.'
};

describe('isConcerning with the safety check-in', () => {
	it('is not concerned by “never” to every harm question and feeling safe to be honest', () => {
		expect(isConcerning(safety, allClear)).toBe(false);
	});

	it('is not concerned by a check-in left blank, or by questions skipped', () => {
		expect(isConcerning(safety, {})).toBe(false);
		expect(isConcerning(safety, { afraid: 'never' })).toBe(false);
	});

	for (const key of harmQuestions) {
		for (const answer of ['sometimes', 'often']) {
			it(`is concerned by “${answer}” to ${key}, whatever the rest says`, () => {
				expect(isConcerning(safety, { ...allClear, [key]: answer })).toBe(true);
				expect(isConcerning(safety, { [key]: answer })).toBe(true);
			});
		}
	}

	for (const answer of ['no', 'unsure']) {
		it(`is concerned by “${answer}” to feeling safe to be honest`, () => {
			expect(isConcerning(safety, { ...allClear, 'safe-to-be-honest': answer })).toBe(true);
		});
	}

	it('is not concerned by what is written in the free-text box alone', () => {
		expect(isConcerning(safety, { 'anything-else': 'often' })).toBe(false);
	});
});

describe('isConcerning with a made-up template', () => {
	const made: WorksheetTemplate = {
		id: 'made-up',
		title: 'Made up',
		intro: '',
		step: null,
		minutes: 5,
		fields: [
			{
				key: 'worries',
				kind: 'multiple-choice',
				label: 'Worries',
				options: [
					{ value: 'money', label: 'Money' },
					{ value: 'drinking', label: 'Drinking' },
					{ value: 'work', label: 'Work' }
				],
				other: { label: 'Another' }
			},
			{
				key: 'stress',
				kind: 'scale',
				label: 'Stress',
				min: 0,
				max: 10,
				minLabel: 'None',
				maxLabel: 'Unbearable'
			},
			{ key: 'urgent', kind: 'long-text', label: 'Anything urgent' }
		],
		concernRules: [
			{ field: 'worries', anyOf: ['drinking'] },
			{ field: 'stress', atLeast: 8 },
			{ field: 'urgent', answered: true }
		]
	};

	it('meets anyOf when any chosen option is named', () => {
		expect(isConcerning(made, { worries: { selected: ['money', 'drinking'] } })).toBe(true);
		expect(isConcerning(made, { worries: { selected: ['drinking'] } })).toBe(true);
		expect(
			isConcerning(made, { worries: { selected: ['money', 'work'], other: 'drinking' } })
		).toBe(false);
		expect(isConcerning(made, { worries: { selected: [] } })).toBe(false);
	});

	it('meets atLeast at the number and above', () => {
		expect(isConcerning(made, { stress: 7 })).toBe(false);
		expect(isConcerning(made, { stress: 8 })).toBe(true);
		expect(isConcerning(made, { stress: 10 })).toBe(true);
	});

	it('meets answered when there is any answer', () => {
		expect(isConcerning(made, { urgent: 'Please call me.' })).toBe(true);
		expect(isConcerning(made, {})).toBe(false);
	});

	it('is never concerned by a template without rules', () => {
		expect(
			isConcerning(
				{ ...made, concernRules: undefined },
				{ worries: { selected: ['drinking'] }, stress: 10, urgent: 'x' }
			)
		).toBe(false);
	});
});
