import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { coreIssues } from './builtin/core-issues';
import { safetyCheckIn } from './builtin/safety-check-in';
import { sideBySide } from './compare';
import { jointSessionMarks } from './joint-session-marks';
import { scaleCharts } from './scale-charts';
import { biggestDifferences } from './to-raise';

// The prep page's reading aids, each worked out from the side-by-side
// comparison the table shows, so none can say other than the table.

const area = (name: string, howSerious: number) => ({
	name,
	answers: { 'how-serious': howSerious }
});
const ALEX: Answers = {
	areas: { rows: [area('Communication', 6), area('Trust', 2), area('Money', 8)] },
	'priority-1': 'Money',
	'for-therapist-only': 'Only for the therapist.'
};
const SAM: Answers = {
	areas: { rows: [area('Communication', 7), area('Trust', 8), area('Emotional needs', 6)] },
	'priority-1': 'Trust'
};
const sections = sideBySide(coreIssues, ALEX, SAM);

describe('scaleCharts', () => {
	it('gives both partners’ ratings per topic, as the table has them', () => {
		expect(scaleCharts(coreIssues, sections)).toEqual([
			{
				question: 'The core areas: How serious is this for me?',
				min: 0,
				max: 10,
				minLabel: 'Not a problem for me',
				maxLabel: 'Very serious',
				confidential: false,
				rows: [
					{ topic: 'Communication', first: 6, second: 7 },
					{ topic: 'Trust', first: 2, second: 8 },
					{ topic: 'Money', first: 8, second: null },
					{ topic: 'Emotional needs', first: null, second: 6 }
				]
			}
		]);
	});

	it('draws nothing when no topic was rated', () => {
		expect(scaleCharts(coreIssues, sideBySide(coreIssues, {}, {}))).toEqual([]);
	});
});

describe('biggestDifferences', () => {
	it('puts the scales furthest apart first, then topics only one partner named', () => {
		expect(biggestDifferences(sections, 5)).toEqual([
			{
				topic: 'The core areas › Trust: How serious is this for me?',
				ratings: { first: 2, second: 8, max: 10 },
				gap: 6
			},
			{ topic: 'The core areas › Money', onlyNamedBy: 'first', gap: 0 },
			{ topic: 'The core areas › Emotional needs', onlyNamedBy: 'second', gap: 0 }
		]);
		expect(biggestDifferences(sections, 1)).toHaveLength(1);
	});
});

describe('jointSessionMarks', () => {
	const submitted = (therapistFields: boolean) => ({
		status: 'submitted' as const,
		sharing: { therapistFields, sharedFields: true }
	});
	const markOf = (
		marks: ReturnType<typeof jointSessionMarks>,
		question: RegExp,
		within = sections
	) => {
		const sectionIndex = within.findIndex((section) => question.test(section.title));
		return marks[sectionIndex]![0]!;
	};

	it('marks a confidential answer for the therapist alone, and what the author shared as shared', () => {
		const marks = jointSessionMarks(coreIssues, sections, [submitted(true), submitted(false)]);
		expect(markOf(marks, /only my therapist/)).toEqual(['confidential', 'confidential']);
		// Alex shared the answers for the therapist with Sam; Sam did not share theirs.
		expect(markOf(marks, /Trust/)).toEqual(['shared', null]);
	});

	it('marks nothing shared before it is handed in, and nothing at all for a partner with no response', () => {
		const draft = {
			status: 'draft' as const,
			sharing: { therapistFields: true, sharedFields: true }
		};
		const marks = jointSessionMarks(coreIssues, sections, [draft, null]);
		expect(markOf(marks, /Trust/)).toEqual([null, null]);
		expect(markOf(marks, /only my therapist/)).toEqual(['confidential', null]);
	});

	it('marks every answer of a private check-in for the therapist alone', () => {
		const privateSections = sideBySide(safetyCheckIn, {}, {});
		const marks = jointSessionMarks(safetyCheckIn, privateSections, [submitted(true), null]);
		expect(marks.flat().map(([first]) => first)).toEqual(
			privateSections.flatMap((section) => section.rows.map(() => 'confidential'))
		);
	});
});
