import { describe, expect, it } from 'vitest';
import { CHECK_IN_DROP, DISTRESS_LINE, type CheckInPoint } from './check-ins';
import { checkInFlags, disagreementFlag, overdueFlag, raisedFlag, weekAheadLabel } from './flags';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

describe('checkInFlags', () => {
	const point = (partnerId: string, days: number, total: number): CheckInPoint => ({
		partnerId,
		at: at(days),
		total
	});
	const names = (id: string) => ({ a: 'Alex', s: 'Sam' })[id] ?? '';

	it('flags a latest total below the distress line, and not one on or above it', () => {
		expect(DISTRESS_LINE).toBe(13.5);
		expect(checkInFlags([point('a', -1, 13)], names)).toEqual([
			{
				kind: 'distress',
				partnerName: 'Alex',
				detail: 'Relationship check-in at 13, below the distress line (13.5)'
			}
		]);
		expect(checkInFlags([point('a', -1, 14)], names)).toEqual([]);
	});

	it('flags a drop of 3 or more between the last two, and not a drop of 2', () => {
		expect(CHECK_IN_DROP).toBe(3);
		expect(checkInFlags([point('a', -8, 19), point('a', -1, 16)], names)).toEqual([
			{
				kind: 'distress',
				partnerName: 'Alex',
				detail: 'Relationship check-in down 3 points, to 16'
			}
		]);
		expect(checkInFlags([point('a', -8, 18), point('a', -1, 16)], names)).toEqual([]);
		// Only the last two count: an old high is history.
		expect(
			checkInFlags([point('a', -15, 21), point('a', -8, 16), point('a', -1, 15)], names)
		).toEqual([]);
	});

	it('judges each partner on their own check-ins, once each', () => {
		const points = [
			point('a', -8, 20),
			point('s', -7, 12),
			point('a', -1, 17),
			point('s', -0.5, 10)
		];
		expect(checkInFlags(points, names)).toEqual([
			{
				kind: 'distress',
				partnerName: 'Alex',
				detail: 'Relationship check-in down 3 points, to 17'
			},
			{
				kind: 'distress',
				partnerName: 'Sam',
				detail: 'Relationship check-in at 10, below the distress line (13.5)'
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
		const [flag] = checkInFlags([{ partnerId: 's', at: at(-1), total: 6 }], () => 'Sam');
		expect(weekAheadLabel(flag!, 'worked-out')).toBe(
			'Sam: Relationship check-in at 6, below the distress line (13.5)'
		);
	});
});
