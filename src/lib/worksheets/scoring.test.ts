import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { builtinTemplate } from './builtin';
import { scoreAnswers } from './scoring';
import type { WorksheetTemplate } from './template';

const csi = builtinTemplate('satisfaction-check-in')!;
const itemKeys = ['happiness', 'warm-and-comfortable', 'rewarding', 'satisfied'];

/** CSI-4 answers choosing, for each item in turn, the option worth the given score. */
function csiAnswers(scores: [number, number, number, number]): Answers {
	const answers: Answers = {};
	itemKeys.forEach((key, index) => {
		const field = csi.fields.find((candidate) => candidate.key === key);
		if (field?.kind !== 'single-choice') throw new Error(`${key} is not a single choice`);
		const option = field.options.find((candidate) => candidate.score === scores[index]);
		if (!option) throw new Error(`${key} has no option worth ${scores[index]}`);
		answers[key] = option.value;
	});
	return answers;
}

const below = { label: 'Below the distress line', concerning: true };
const above = { label: 'Above the distress line', concerning: false };

describe('scoreAnswers with the CSI-4', () => {
	it('totals the lowest answers to 0, below the distress line', () => {
		expect(scoreAnswers(csi, csiAnswers([0, 0, 0, 0]))).toEqual({
			total: 0,
			range: { min: 0, max: 21 },
			band: below
		});
	});

	it('puts 13 below the distress line, and flags it', () => {
		expect(scoreAnswers(csi, csiAnswers([4, 3, 3, 3]))).toEqual({
			total: 13,
			range: { min: 0, max: 21 },
			band: below
		});
	});

	it('puts 14 above the distress line', () => {
		expect(scoreAnswers(csi, csiAnswers([5, 3, 3, 3]))).toEqual({
			total: 14,
			range: { min: 0, max: 21 },
			band: above
		});
	});

	it('totals the highest answers to 21', () => {
		expect(scoreAnswers(csi, csiAnswers([6, 5, 5, 5]))).toEqual({
			total: 21,
			range: { min: 0, max: 21 },
			band: above
		});
	});

	it('reads the chosen values, whatever their labels', () => {
		expect(
			scoreAnswers(csi, {
				happiness: 'perfect',
				'warm-and-comfortable': 'completely-true',
				rewarding: 'completely',
				satisfied: 'not-at-all'
			})?.total
		).toBe(16);
	});

	it('gives no score while any item is unanswered', () => {
		const full = csiAnswers([3, 3, 3, 3]);
		for (const key of itemKeys) {
			const { [key]: _left, ...partial } = full;
			expect(scoreAnswers(csi, partial), key).toBeNull();
		}
		expect(scoreAnswers(csi, {})).toBeNull();
	});

	it('gives no score for a value that is not an option', () => {
		expect(scoreAnswers(csi, { ...csiAnswers([3, 3, 3, 3]), happiness: 'ecstatic' })).toBeNull();
	});
});

describe('scoreAnswers with a made-up template', () => {
	const made: WorksheetTemplate = {
		id: 'made-up',
		title: 'Made up',
		intro: '',
		step: null,
		minutes: 5,
		fields: [
			{
				key: 'close',
				kind: 'scale',
				label: 'Close',
				min: 1,
				max: 7,
				minLabel: 'Not',
				maxLabel: 'Very'
			},
			{
				key: 'distant',
				kind: 'scale',
				label: 'Distant',
				min: 1,
				max: 7,
				minLabel: 'Not',
				maxLabel: 'Very'
			},
			{
				key: 'often',
				kind: 'single-choice',
				label: 'Often',
				options: [
					{ value: 'rarely', label: 'Rarely', score: 2 },
					{ value: 'often', label: 'Often', score: 0 }
				]
			},
			{ key: 'note', kind: 'long-text', label: 'Note' }
		],
		scoring: {
			items: [{ key: 'close' }, { key: 'distant', reverse: true }, { key: 'often', reverse: true }],
			bands: [
				{ below: 6, label: 'Low', concerning: true },
				{ below: 12, label: 'Middle' },
				{ below: null, label: 'High' }
			]
		}
	};

	it('counts a reverse-scored scale item as min + max − value', () => {
		expect(scoreAnswers(made, { close: 3, distant: 2, often: 'often' })).toEqual({
			total: 3 + (1 + 7 - 2) + (0 + 2 - 0),
			range: { min: 2, max: 16 },
			band: { label: 'Middle', concerning: false }
		});
		expect(scoreAnswers(made, { close: 1, distant: 7, often: 'rarely' })?.total).toBe(
			1 + 1 + (0 + 2 - 2)
		);
	});

	it('reads the bands from low to high, the last one open-ended', () => {
		expect(scoreAnswers(made, { close: 1, distant: 7, often: 'often' })?.band).toEqual({
			label: 'Low',
			concerning: true
		});
		expect(scoreAnswers(made, { close: 7, distant: 1, often: 'often' })?.band).toEqual({
			label: 'High',
			concerning: false
		});
	});

	it('gives no score for a template that is not scored, or an item that cannot be scored', () => {
		expect(scoreAnswers({ ...made, scoring: undefined }, { close: 3 })).toBeNull();
		const textItem: WorksheetTemplate = {
			...made,
			scoring: { items: [{ key: 'note' }], bands: [{ below: null, label: 'Any' }] }
		};
		expect(scoreAnswers(textItem, { note: 'x' })).toBeNull();
		const missing: WorksheetTemplate = {
			...made,
			scoring: { items: [{ key: 'nowhere' }], bands: [{ below: null, label: 'Any' }] }
		};
		expect(scoreAnswers(missing, {})).toBeNull();
	});
});
