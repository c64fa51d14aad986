import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { builtinTemplate } from './builtin';
import { concernTier, highestTier, isConcerning, isMoreUrgent } from './concern';
import type { WorksheetTemplate } from './template';

const safety = builtinTemplate('safety-check-in')!;
const ABOVE_NEVER = ['rarely', 'sometimes', 'fairly-often', 'frequently'];
const URGENT_ITEMS = ['strangled', 'weapon', 'threats-to-kill'];
const WATCH_ITEMS = [
	'insulted',
	'screamed-at',
	'physically-hurt',
	'threatened',
	'sexual-coercion',
	'afraid',
	'monitored',
	'pressure-to-return',
	'self-harm-threats',
	'used-force'
];
const TIME_FRAMES = ['past-year', 'ever'];

/** Every question answered, nothing of concern, no words of their own. */
const allClear: Answers = {
	...Object.fromEntries(
		[...URGENT_ITEMS, ...WATCH_ITEMS].flatMap((item) =>
			TIME_FRAMES.map((frame) => [`${item}-${frame}`, 'never'])
		)
	),
	'injured-past-year': 'no',
	'afraid-now': 'no'
};

describe('the safety check-in’s tiers', () => {
	it('asks every item for the past year and ever, and every answer is in a rule', () => {
		for (const item of [...URGENT_ITEMS, ...WATCH_ITEMS])
			for (const frame of TIME_FRAMES)
				expect(safety.fields.map((field) => field.key)).toContain(`${item}-${frame}`);
		const ruled = new Set(safety.concernRules!.map((rule) => rule.field));
		for (const field of safety.fields) expect(ruled.has(field.key)).toBe(true);
	});

	it('raises nothing when every question is answered “never” or “no” and the box is empty', () => {
		expect(concernTier(safety, allClear)).toBeNull();
		expect(isConcerning(safety, allClear)).toBe(false);
	});

	for (const item of URGENT_ITEMS)
		for (const frame of TIME_FRAMES)
			for (const answer of ABOVE_NEVER)
				it(`is urgent for “${answer}” to ${item} (${frame})`, () => {
					expect(concernTier(safety, { ...allClear, [`${item}-${frame}`]: answer })).toBe('urgent');
				});

	for (const item of WATCH_ITEMS)
		for (const frame of TIME_FRAMES)
			for (const answer of ABOVE_NEVER)
				it(`is watch for “${answer}” to ${item} (${frame})`, () => {
					expect(concernTier(safety, { ...allClear, [`${item}-${frame}`]: answer })).toBe('watch');
				});

	it('is urgent for an injury in the past year', () => {
		expect(concernTier(safety, { ...allClear, 'injured-past-year': 'yes' })).toBe('urgent');
	});

	for (const answer of ['yes', 'unsure'])
		it(`is urgent for “${answer}” to being afraid for their safety now`, () => {
			expect(concernTier(safety, { ...allClear, 'afraid-now': answer })).toBe('urgent');
		});

	it('needs reading when the partner writes anything in the last box', () => {
		expect(concernTier(safety, { ...allClear, 'anything-else': 'We argue about chores.' })).toBe(
			'needs-reading'
		);
	});

	it('needs reading when any question is skipped, however calm the rest', () => {
		for (const key of Object.keys(allClear)) {
			const skipped: Answers = { ...allClear };
			delete skipped[key];
			expect(concernTier(safety, skipped), key).toBe('needs-reading');
		}
		expect(concernTier(safety, {})).toBe('needs-reading');
	});

	it('takes the highest tier any answer meets', () => {
		const watch = { ...allClear, 'insulted-ever': 'rarely' };
		expect(concernTier(safety, { ...watch, 'anything-else': 'More to say.' })).toBe('watch');
		expect(concernTier(safety, { ...watch, 'weapon-ever': 'rarely' })).toBe('urgent');
		const skippedAndUrgent: Answers = { ...allClear, 'afraid-now': 'yes' };
		delete skippedAndUrgent['insulted-ever'];
		expect(concernTier(safety, skippedAndUrgent)).toBe('urgent');
	});
});

describe('tiers in order', () => {
	it('finds the most urgent of several, or none', () => {
		expect(highestTier(['needs-reading', 'urgent', 'watch'])).toBe('urgent');
		expect(highestTier(['needs-reading', null, 'watch'])).toBe('watch');
		expect(highestTier([null])).toBeNull();
	});

	it('says which tier is more urgent than another, or than none', () => {
		expect(isMoreUrgent('urgent', 'watch')).toBe(true);
		expect(isMoreUrgent('watch', 'needs-reading')).toBe(true);
		expect(isMoreUrgent('watch', 'urgent')).toBe(false);
		expect(isMoreUrgent('watch', 'watch')).toBe(false);
		expect(isMoreUrgent('needs-reading', null)).toBe(true);
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

	it('gives a rule without a tier the tier of watch, and skipped items nothing unless the template says', () => {
		expect(concernTier(made, { stress: 9 })).toBe('watch');
		expect(concernTier(made, {})).toBeNull();
		expect(concernTier({ ...made, skippedMeans: 'needs-reading' }, {})).toBe('needs-reading');
		// Only the items a choice or scale rule reads count as skipped, not an empty text box.
		expect(
			concernTier(
				{ ...made, skippedMeans: 'needs-reading' },
				{ worries: { selected: [] }, stress: 1 }
			)
		).toBeNull();
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
