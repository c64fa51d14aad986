import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { accountability } from './builtin/accountability';
import { coreIssues } from './builtin/core-issues';
import { satisfactionCheckIn } from './builtin/satisfaction-check-in';
import { SCALE_GAP, sideBySide, type SideBySideSection } from './compare';
import type { WorksheetTemplate } from './template';

const area = (name: string, howSerious?: number, looksLike?: string) => ({
	name,
	answers: {
		...(howSerious === undefined ? {} : { 'how-serious': howSerious }),
		...(looksLike === undefined ? {} : { 'what-it-looks-like': looksLike })
	}
});

// Alex and Sam each rate the core areas, in their own order and spelling.
const ALEX: Answers = {
	areas: {
		rows: [
			area('Communication', 8, 'I find out about plans by text.'),
			area('Trust', 8),
			area('Commitment', 5),
			area('Money', 7, 'We never talk about it.')
		]
	},
	'priority-1': 'Trust',
	'hard-to-raise': 'My family.'
};
const SAM: Answers = {
	areas: {
		rows: [
			area('trust', 2),
			area('Emotional needs', 9),
			area('COMMUNICATION', 6),
			area('commitment', 2)
		]
	},
	'priority-1': 'Emotional needs'
};

const section = (sections: SideBySideSection[], title: string) => {
	const found = sections.find((candidate) => candidate.title === title);
	if (!found)
		throw new Error(
			`no section ${title}: ${sections.map((candidate) => candidate.title).join(', ')}`
		);
	return found;
};
const seriousness = (entry: SideBySideSection) =>
	entry.rows.find((row) => row.field.key === 'how-serious')!;

describe('sideBySide with the core-issue worksheet', () => {
	const sections = sideBySide(coreIssues, ALEX, SAM);

	it('lines rows up by name, whatever the order or capitals, then the top-level questions one each', () => {
		expect(sections.map((entry) => entry.title)).toEqual([
			'The core areas › Communication',
			'The core areas › Trust',
			'The core areas › Commitment',
			'The core areas › Money',
			'The core areas › Emotional needs',
			'The area I most want to work on',
			'The second area I want to work on',
			'The third area I want to work on',
			'A topic I find hard to raise, and would like my therapist’s help with',
			'Anything only my therapist should ever read'
		]);
		const trust = section(sections, 'The core areas › Trust');
		expect(trust.rows.map((row) => row.question)).toEqual([
			'How serious is this for me?',
			'What it looks like from my side',
			'What I need',
			'What I can offer'
		]);
		expect([seriousness(trust).first, seriousness(trust).second]).toEqual([8, 2]);
		const communication = section(sections, 'The core areas › Communication');
		expect(communication.rows[1]).toMatchObject({
			first: 'I find out about plans by text.',
			second: undefined
		});
		expect([seriousness(communication).first, seriousness(communication).second]).toEqual([8, 6]);
	});

	it('gives the same alignment with the partners the other way round', () => {
		const reversed = sideBySide(coreIssues, SAM, ALEX);
		expect(reversed.slice(0, 5).map((entry) => entry.title)).toEqual([
			'The core areas › trust',
			'The core areas › Emotional needs',
			'The core areas › COMMUNICATION',
			'The core areas › commitment',
			'The core areas › Money'
		]);
		const trust = section(reversed, 'The core areas › trust');
		expect([seriousness(trust).first, seriousness(trust).second]).toEqual([2, 8]);
		expect(seriousness(trust).difference).toBe('6 points apart');
	});

	it('picks out scales 3 or more points apart, and not 2', () => {
		expect(SCALE_GAP).toBe(3);
		expect(seriousness(section(sections, 'The core areas › Trust')).difference).toBe(
			'6 points apart'
		);
		expect(seriousness(section(sections, 'The core areas › Commitment')).difference).toBe(
			'3 points apart'
		);
		expect(seriousness(section(sections, 'The core areas › Communication')).difference).toBeNull();
		// Only the scale can differ; the text beside it never does.
		for (const entry of sections) {
			for (const row of entry.rows.filter((candidate) => candidate.field.kind !== 'scale'))
				expect(row.difference, `${entry.title}: ${row.question}`).toBeNull();
		}
	});

	it('marks a row only one partner named, and gives it no difference', () => {
		const money = section(sections, 'The core areas › Money');
		expect(money.onlyNamedBy).toBe('first');
		expect(seriousness(money)).toMatchObject({ first: 7, second: undefined, difference: null });
		const needs = section(sections, 'The core areas › Emotional needs');
		expect(needs.onlyNamedBy).toBe('second');
		expect(seriousness(needs)).toMatchObject({ first: undefined, second: 9, difference: null });
		for (const title of ['Communication', 'Trust', 'Commitment'])
			expect(section(sections, `The core areas › ${title}`).onlyNamedBy).toBeNull();
	});

	it('never marks a row of a list each partner writes for themselves, such as the behaviours they own', () => {
		const own = (name: string) => ({
			behaviours: { rows: [{ name, answers: { 'what-i-did': `${name}, in detail.` } }] }
		});
		const sections = sideBySide(
			accountability,
			own('Going quiet about money'),
			own('Working late without saying')
		);
		const behaviours = sections.filter((entry) =>
			entry.title.startsWith(`${accountability.fields[0]!.label} ›`)
		);
		expect(behaviours.map((entry) => [entry.title.split(' › ')[1], entry.onlyNamedBy])).toEqual([
			['Going quiet about money', null],
			['Working late without saying', null]
		]);
	});

	it('marks nothing as named by one partner when the other has not responded at all', () => {
		for (const [first, second] of [
			[ALEX, null],
			[null, SAM]
		] as const) {
			const alone = sideBySide(coreIssues, first, second);
			expect(alone.filter((entry) => entry.title.startsWith('The core areas ›'))).toHaveLength(4);
			for (const entry of alone) {
				expect(entry.onlyNamedBy, entry.title).toBeNull();
				for (const row of entry.rows) expect(row.difference).toBeNull();
			}
		}
		const alex = sideBySide(coreIssues, ALEX, null);
		expect(seriousness(section(alex, 'The core areas › Trust'))).toMatchObject({
			first: 8,
			second: undefined
		});
	});

	it('still marks a row named by one partner when the other responded without naming any', () => {
		const nothing = sideBySide(coreIssues, ALEX, { 'priority-1': 'Trust' });
		expect(
			nothing
				.filter((entry) => entry.title.startsWith('The core areas ›'))
				.map((entry) => entry.onlyNamedBy)
		).toEqual(['first', 'first', 'first', 'first']);
	});

	it('gives each top-level question a section of one row, never marked as named by one', () => {
		const top = section(sections, 'The area I most want to work on');
		expect(top).toEqual({
			title: 'The area I most want to work on',
			onlyNamedBy: null,
			rows: [
				{
					question: 'The area I most want to work on',
					field: coreIssues.fields[1],
					first: 'Trust',
					second: 'Emotional needs',
					difference: null
				}
			]
		});
		expect(
			section(sections, 'A topic I find hard to raise, and would like my therapist’s help with')
				.rows
		).toMatchObject([{ first: 'My family.', second: undefined, difference: null }]);
	});

	it('shows only the group rows anyone named, and no rows when neither answered', () => {
		const empty = sideBySide(coreIssues, null, null);
		expect(empty.map((entry) => entry.title)).toEqual(
			coreIssues.fields
				.filter((field) => field.kind !== 'repeating-group')
				.map((field) => field.label)
		);
		expect(
			empty.every((entry) =>
				entry.rows.every((row) => row.first === undefined && row.second === undefined)
			)
		).toBe(true);
	});
});

describe('sideBySide differences', () => {
	const template: WorksheetTemplate = {
		id: 'mixed',
		title: 'Mixed',
		intro: '',
		step: null,
		minutes: 5,
		fields: [
			{
				key: 'scale',
				kind: 'scale',
				label: 'A scale',
				min: 0,
				max: 10,
				minLabel: 'low',
				maxLabel: 'high'
			},
			{ key: 'text', kind: 'short-text', label: 'A number in words' },
			{
				key: 'choice',
				kind: 'single-choice',
				label: 'A scored choice',
				options: [
					{ value: 'low', label: 'Low', score: 0 },
					{ value: 'high', label: 'High', score: 10 }
				]
			},
			{
				key: 'many',
				kind: 'multiple-choice',
				label: 'Several',
				options: [{ value: 'a', label: 'A' }]
			}
		]
	};
	const differences = (first: Answers | null, second: Answers | null) =>
		sideBySide(template, first, second).map((entry) => entry.rows[0]!.difference);

	it('gives a top-level scale its difference, either way round', () => {
		expect(differences({ scale: 9 }, { scale: 2 })[0]).toBe('7 points apart');
		expect(differences({ scale: 0 }, { scale: 3 })[0]).toBe('3 points apart');
		expect(differences({ scale: 4 }, { scale: 2 })[0]).toBeNull();
		expect(differences({ scale: 5 }, { scale: 5 })[0]).toBeNull();
	});

	it('gives none when a scale is unanswered on one side', () => {
		expect(differences({ scale: 10 }, {})[0]).toBeNull();
		expect(differences({ scale: 10 }, null)[0]).toBeNull();
	});

	it('never gives a difference for a field that is not a scale, however far apart it reads', () => {
		expect(
			differences(
				{ text: '10', choice: 'high', many: { selected: ['a'] } },
				{ text: '0', choice: 'low', many: { selected: [] } }
			)
		).toEqual([null, null, null, null]);
		// The check-in's items are scored choices, not scales.
		const low = {
			happiness: 'extremely-unhappy',
			'warm-and-comfortable': 'not-at-all-true',
			rewarding: 'not-at-all',
			satisfied: 'not-at-all'
		};
		const high = {
			happiness: 'perfect',
			'warm-and-comfortable': 'completely-true',
			rewarding: 'completely',
			satisfied: 'completely'
		};
		expect(
			sideBySide(satisfactionCheckIn, low, high).flatMap((entry) =>
				entry.rows.map((row) => row.difference)
			)
		).toEqual([null, null, null, null, null]);
	});
});
