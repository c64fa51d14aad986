import { describe, expect, it } from 'vitest';
import { CSI4_NORMS } from '../../worksheets/builtin/satisfaction-check-in';
import { measuredChange } from '../../worksheets/reliable-change';
import { changeSummary, isNotOnTrack, partnerChanges } from './check-in-change';
import type { CheckInPoint } from './check-ins';

const series = (partnerId: string, totals: number[]): CheckInPoint[] =>
	totals.map((total, index) => ({
		partnerId,
		total,
		at: new Date(Date.UTC(2026, 9, 1 + index * 7)).toISOString(),
		occurrence: `session-${index}`
	}));

describe('not on track', () => {
	it('is below the line and not reliably better after the set number of sessions', () => {
		const flat = measuredChange(10, 11, CSI4_NORMS);
		expect(isNotOnTrack(flat, 4, 4, CSI4_NORMS)).toBe(true);
		// Too early to tell: three sessions of four.
		expect(isNotOnTrack(flat, 3, 4, CSI4_NORMS)).toBe(false);
		// The therapist may ask sooner.
		expect(isNotOnTrack(flat, 3, 3, CSI4_NORMS)).toBe(true);
	});

	it('is not a partner above the line, nor one reliably improving though still below it', () => {
		expect(isNotOnTrack(measuredChange(12, 14, CSI4_NORMS), 5, 4, CSI4_NORMS)).toBe(false);
		expect(isNotOnTrack(measuredChange(6, 11, CSI4_NORMS), 5, 4, CSI4_NORMS)).toBe(false);
	});

	it('counts a reliable deterioration below the line as not on track too', () => {
		expect(isNotOnTrack(measuredChange(17, 9, CSI4_NORMS), 4, 4, CSI4_NORMS)).toBe(true);
	});
});

describe('each partner’s change', () => {
	it('runs from the first check-in to the latest, counting the sessions between', () => {
		const points = [...series('alex', [9, 10, 11, 13, 14]), ...series('sam', [17, 16, 14, 12, 9])];
		const [alex, sam] = partnerChanges(points, ['alex', 'sam'], CSI4_NORMS, 4);
		expect(alex).toMatchObject({
			partnerId: 'alex',
			baseline: 9,
			latest: 14,
			label: 'reliable-improvement',
			sessionsSinceBaseline: 4,
			notOnTrack: false
		});
		expect(sam).toMatchObject({ label: 'reliable-deterioration', notOnTrack: true });
		expect(changeSummary('Alex', alex!)).toBe(
			'Alex 9 → 14: reliable improvement, crossed the line, clinically significant'
		);
		expect(changeSummary('Sam', sam!)).toBe(
			'Sam 17 → 9: reliable deterioration, fell below the line, clinically significant; not on track'
		);
	});

	it('says a single check-in is the baseline, and leaves out a partner with none', () => {
		const [only] = partnerChanges(series('alex', [12]), ['alex', 'sam'], CSI4_NORMS, 4);
		expect(changeSummary('Alex', only!)).toBe('Alex 12: first check-in, the baseline');
		expect(partnerChanges(series('alex', [12]), ['alex', 'sam'], CSI4_NORMS, 4)).toHaveLength(1);
	});
});
