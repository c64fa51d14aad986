import { describe, expect, it } from 'vitest';
import type { CheckInPoint } from './check-ins';
import { latestSplit, SPLIT_ALLIANCE_GAP } from './split-alliance';

const rating = (
	partnerId: string,
	occurrence: string,
	total: number,
	day: number
): CheckInPoint => ({
	partnerId,
	occurrence,
	total,
	at: `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`
});

describe('a split alliance', () => {
	it('is one partner rating the latest session 4 or more points below the other', () => {
		expect(SPLIT_ALLIANCE_GAP).toBe(4);
		const points = [rating('alex', 's1', 14, 1), rating('sam', 's1', 9, 2)];
		expect(latestSplit(points, ['alex', 'sam'])).toEqual({
			occurrence: 's1',
			gap: 5,
			lowerPartnerId: 'sam'
		});
	});

	it('is not a gap of 3, an earlier split since mended, nor a session only one rated', () => {
		expect(
			latestSplit([rating('alex', 's1', 14, 1), rating('sam', 's1', 11, 2)], ['alex', 'sam'])
		).toBeNull();
		expect(
			latestSplit(
				[
					rating('alex', 's1', 14, 1),
					rating('sam', 's1', 6, 2),
					rating('alex', 's2', 13, 8),
					rating('sam', 's2', 12, 9)
				],
				['alex', 'sam']
			)
		).toBeNull();
		expect(latestSplit([rating('sam', 's1', 2, 1)], ['alex', 'sam'])).toBeNull();
	});
});
