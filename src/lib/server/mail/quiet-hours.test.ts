import { describe, expect, it } from 'vitest';
import { isQuietHour, outsideQuietHours, reminderTime } from './quiet-hours';

const lisbon = 'Europe/Lisbon';
const auckland = 'Pacific/Auckland';
const utc = (iso: string) => new Date(iso);

describe('quiet hours', () => {
	it('are 21:00 to 08:00 on the person’s own clock', () => {
		// 20:59 and 08:00 in Auckland (UTC+13 in December) are awake; 21:00 and 07:59 are not.
		expect(isQuietHour(utc('2026-12-02T07:59:00Z'), auckland)).toBe(false);
		expect(isQuietHour(utc('2026-12-02T08:00:00Z'), auckland)).toBe(true);
		expect(isQuietHour(utc('2026-12-02T18:59:00Z'), auckland)).toBe(true);
		expect(isQuietHour(utc('2026-12-02T19:00:00Z'), auckland)).toBe(false);
	});

	it('move a night-time moment to 08:00: the same morning before dawn, the next one late in the evening', () => {
		expect(outsideQuietHours(utc('2026-12-02T05:30:00Z'), lisbon)).toEqual(
			utc('2026-12-02T08:00:00Z')
		);
		expect(outsideQuietHours(utc('2026-12-02T22:15:00Z'), lisbon)).toEqual(
			utc('2026-12-03T08:00:00Z')
		);
		expect(outsideQuietHours(utc('2026-12-02T12:00:00Z'), lisbon)).toEqual(
			utc('2026-12-02T12:00:00Z')
		);
	});

	it('follow the clocks changing: 08:00 is 08:00 local on the day summer time starts', () => {
		// Lisbon moves to UTC+1 at 01:00 UTC on 28 March 2027.
		expect(outsideQuietHours(utc('2027-03-28T03:00:00Z'), lisbon)).toEqual(
			utc('2027-03-28T07:00:00Z')
		);
	});
});

describe('when a reminder goes', () => {
	const setLongBefore = utc('2026-11-20T10:00:00Z');

	it('24 hours before the due time', () => {
		expect(reminderTime(utc('2026-12-05T18:00:00Z'), setLongBefore, lisbon)).toEqual(
			utc('2026-12-04T18:00:00Z')
		);
	});

	it('at 08:00 instead when 24 hours before falls in the night', () => {
		expect(reminderTime(utc('2026-12-05T06:00:00Z'), setLongBefore, lisbon)).toEqual(
			utc('2026-12-04T08:00:00Z')
		);
		expect(reminderTime(utc('2026-12-05T22:30:00Z'), setLongBefore, lisbon)).toEqual(
			utc('2026-12-05T08:00:00Z')
		);
	});

	it('never for homework set less than a day before it is due', () => {
		expect(
			reminderTime(utc('2026-12-05T18:00:00Z'), utc('2026-12-04T19:00:00Z'), lisbon)
		).toBeNull();
	});
});
