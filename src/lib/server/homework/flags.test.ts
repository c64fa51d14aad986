import { describe, expect, it } from 'vitest';
import { CSI4_NORMS, type CheckInPoint } from './check-ins';
import { disagreementFlag, measureFlags, overdueFlag, raisedFlag, weekAheadLabel } from './flags';
import { coupleMeasures } from './measures';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

describe('measureFlags', () => {
	const names = (id: string) => ({ a: 'Alex', s: 'Sam' })[id] ?? '';
	const series = (partnerId: string, totals: number[]): CheckInPoint[] =>
		totals.map((total, index) => ({
			partnerId,
			total,
			at: at(-7 * (totals.length - index)),
			occurrence: `session-${index}`
		}));
	const measures = (points: CheckInPoint[], feedback: CheckInPoint[] = []) =>
		coupleMeasures({
			checkIns: points,
			feedback,
			partnerIds: ['a', 's'],
			notOnTrackAfter: 4,
			norms: CSI4_NORMS
		});

	it('raises no flag for a low total alone: early on nearly everyone rates low', () => {
		expect(measureFlags(measures(series('a', [8, 9])), names)).toEqual([]);
		// "Down 3" is within the CSI-4's measurement error: no flag either.
		expect(measureFlags(measures(series('a', [19, 16])), names)).toEqual([]);
	});

	it('flags a reliable deterioration, and a partner not on track', () => {
		expect(measureFlags(measures(series('a', [17, 12])), names)).toEqual([
			{
				kind: 'distress',
				partnerName: 'Alex',
				detail: 'Reliable deterioration on the relationship check-in, 17 → 12, fell below the line'
			}
		]);
		expect(measureFlags(measures(series('s', [10, 11, 10, 11, 11])), names)).toEqual([
			{
				kind: 'distress',
				partnerName: 'Sam',
				detail:
					'Not on track: relationship check-in 10 → 11 after 4 sessions, below the line and no reliable improvement'
			}
		]);
	});

	it('flags the gap when wide and widening, and a split alliance by whose rating is lower', () => {
		const points = [...series('a', [12, 14]), ...series('s', [13, 10])];
		const feedback = [
			{ partnerId: 'a', total: 15, at: at(-6), occurrence: 'x' },
			{ partnerId: 's', total: 8, at: at(-6), occurrence: 'x' }
		];
		expect(measureFlags(measures(points, feedback), names)).toEqual([
			{
				kind: 'distress',
				partnerName: null,
				detail: 'Far apart on the relationship check-in: 4 points, and widening'
			},
			{
				kind: 'alliance',
				partnerName: 'Sam',
				detail: 'Split alliance: rated the last session 7 points below their partner'
			}
		]);
	});
});

describe('how a flag is put', () => {
	it('names whose raised flag it is, on the prep page and the week ahead', () => {
		expect(raisedFlag('safety', 'Sam')).toEqual({
			kind: 'safety',
			partnerName: 'Sam',
			detail: 'A concerning answer on a private check-in'
		});
		expect(weekAheadLabel(raisedFlag('safety', 'Sam'), 'raised')).toBe(
			'Safety: Sam’s private check-in'
		);
		expect(weekAheadLabel(raisedFlag('distress', 'Alex'), 'raised')).toBe(
			'A concerning answer from Alex'
		);
	});

	it('says how far apart two partners are, in the singular and the plural', () => {
		expect(disagreementFlag('Core issues', 1).detail).toBe(
			'Far apart on Core issues: 1 difference to raise'
		);
		expect(weekAheadLabel(disagreementFlag('Core issues', 2), 'worked-out')).toBe(
			'Far apart on Core issues: 2 differences to raise'
		);
	});

	it('lists each overdue piece on the prep page, and sums them up on the week ahead', () => {
		expect(overdueFlag('Accountability', 'Sam')).toEqual({
			kind: 'overdue',
			partnerName: 'Sam',
			detail: 'Accountability is overdue'
		});
		expect(weekAheadLabel(overdueFlag('Accountability', 'Sam'), 'worked-out')).toBe(
			'Overdue homework'
		);
	});

	it('puts a check-in flag with whose it is on the week ahead', () => {
		const [flag] = measureFlags(
			coupleMeasures({
				checkIns: [
					{ partnerId: 's', at: at(-8), total: 15, occurrence: 'one' },
					{ partnerId: 's', at: at(-1), total: 6, occurrence: 'two' }
				],
				feedback: [],
				partnerIds: ['s'],
				notOnTrackAfter: 4,
				norms: CSI4_NORMS
			}),
			() => 'Sam'
		);
		expect(weekAheadLabel(flag!, 'worked-out')).toBe(
			'Sam: Reliable deterioration on the relationship check-in, 15 → 6, fell below the line'
		);
	});
});
