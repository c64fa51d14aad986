import { describe, expect, it } from 'vitest';
import { CSI4_NORMS } from '../../worksheets/builtin/satisfaction-check-in';
import type { CheckInPoint } from './check-ins';
import { checkInGaps, isWideAndWidening } from './partner-gap';

const pair = (occurrence: string, day: number, alex: number, sam: number): CheckInPoint[] => [
	{
		partnerId: 'alex',
		occurrence,
		total: alex,
		at: `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`
	},
	{
		partnerId: 'sam',
		occurrence,
		total: sam,
		at: `2026-11-${String(day).padStart(2, '0')}T18:00:00.000Z`
	}
];

describe('the gap between partners', () => {
	it('is taken on each session both checked in for, never across sessions', () => {
		const points = [
			...pair('s1', 1, 9, 17),
			...pair('s2', 8, 12, 13),
			{ partnerId: 'alex', occurrence: 's3', total: 14, at: '2026-11-15T09:00:00.000Z' }
		];
		expect(checkInGaps(points, ['alex', 'sam'])).toEqual([
			{ occurrence: 's1', at: '2026-11-01T18:00:00.000Z', gap: 8 },
			{ occurrence: 's2', at: '2026-11-08T18:00:00.000Z', gap: 1 }
		]);
	});

	it('is flagged when wide (at least the reliable difference, 3.4 points) and wider than before', () => {
		const gaps = (...values: number[]) =>
			checkInGaps(
				values.flatMap((gap, index) => pair(`s${index}`, index + 1, 10, 10 + gap)),
				['alex', 'sam']
			);
		expect(isWideAndWidening(gaps(1, 5), CSI4_NORMS)).toBe(true);
		// Wide but narrowing: they are coming closer.
		expect(isWideAndWidening(gaps(8, 5), CSI4_NORMS)).toBe(false);
		// Widening but within measurement error.
		expect(isWideAndWidening(gaps(1, 3), CSI4_NORMS)).toBe(false);
		// Wide and the same as before: steady, not widening.
		expect(isWideAndWidening(gaps(5, 5), CSI4_NORMS)).toBe(false);
		// One check-in together is no trend.
		expect(isWideAndWidening(gaps(9), CSI4_NORMS)).toBe(false);
	});
});
