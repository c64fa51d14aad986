import { describe, expect, it } from 'vitest';
import {
	TIME_ZONES,
	describeDay,
	formatDue,
	formatSessionTime,
	formatStamp,
	formatTime,
	isTimeZone,
	utcToWallTime,
	wallTimeToUtc
} from './time';

const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('isTimeZone', () => {
	it('accepts UTC and IANA zones', () => {
		expect(isTimeZone('UTC')).toBe(true);
		expect(isTimeZone('Europe/Lisbon')).toBe(true);
		expect(isTimeZone('America/New_York')).toBe(true);
	});

	it.each(['Mars/Olympus', '', 'europe/lisbon', 'Europe/Lisbon ', 'GMT+1; DROP TABLE users'])(
		'refuses %j',
		(zone) => {
			expect(isTimeZone(zone)).toBe(false);
		}
	);

	it('offers UTC first in the picker, once', () => {
		expect(TIME_ZONES[0]).toBe('UTC');
		expect(TIME_ZONES.filter((zone) => zone === 'UTC')).toHaveLength(1);
	});
});

describe('wallTimeToUtc', () => {
	it('reads a time in UTC as itself', () => {
		expect(iso(wallTimeToUtc('2026-12-01', '18:00', 'UTC'))).toBe('2026-12-01T18:00:00.000Z');
	});

	it('reads London time as GMT in winter and BST (UTC+1) in summer', () => {
		expect(iso(wallTimeToUtc('2026-12-01', '18:00', 'Europe/London'))).toBe(
			'2026-12-01T18:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-07-01', '18:00', 'Europe/London'))).toBe(
			'2026-07-01T17:00:00.000Z'
		);
	});

	it('follows London across its clock changes', () => {
		// Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
		expect(iso(wallTimeToUtc('2026-03-28', '12:00', 'Europe/London'))).toBe(
			'2026-03-28T12:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-03-29', '12:00', 'Europe/London'))).toBe(
			'2026-03-29T11:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-10-24', '12:00', 'Europe/London'))).toBe(
			'2026-10-24T11:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-10-25', '12:00', 'Europe/London'))).toBe(
			'2026-10-25T12:00:00.000Z'
		);
	});

	it('reads New York time as EST (UTC−5) in winter and EDT (UTC−4) in summer, across its own change dates', () => {
		expect(iso(wallTimeToUtc('2026-12-01', '18:00', 'America/New_York'))).toBe(
			'2026-12-01T23:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-07-01', '18:00', 'America/New_York'))).toBe(
			'2026-07-01T22:00:00.000Z'
		);
		// The US changes on 8 March 2026, three weeks before Europe: London is then only 4 hours ahead.
		expect(iso(wallTimeToUtc('2026-03-07', '12:00', 'America/New_York'))).toBe(
			'2026-03-07T17:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-03-08', '12:00', 'America/New_York'))).toBe(
			'2026-03-08T16:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-11-01', '12:00', 'America/New_York'))).toBe(
			'2026-11-01T17:00:00.000Z'
		);
	});

	it('reads zones east of UTC and with half-hour offsets', () => {
		expect(iso(wallTimeToUtc('2026-12-01', '09:00', 'Asia/Tokyo'))).toBe(
			'2026-12-01T00:00:00.000Z'
		);
		expect(iso(wallTimeToUtc('2026-12-01', '18:00', 'Asia/Calcutta'))).toBe(
			'2026-12-01T12:30:00.000Z'
		);
		// A wall time early in the day that is still the day before in UTC.
		expect(iso(wallTimeToUtc('2026-01-01', '00:30', 'Pacific/Auckland'))).toBe(
			'2025-12-31T11:30:00.000Z'
		);
	});

	it('gives a real instant for a time the clocks skip, never null or a crash', () => {
		// 01:30 on 29 March 2026 does not happen in London: the clocks jump from 01:00 to 02:00.
		const skipped = wallTimeToUtc('2026-03-29', '01:30', 'Europe/London');
		expect(skipped).toBeInstanceOf(Date);
		expect(Number.isNaN(skipped!.getTime())).toBe(false);
		expect(skipped!.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-29T00:30:00.000Z'));
		expect(skipped!.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-29T01:30:00.000Z'));
	});

	it('gives one of the two instants for a time the clocks repeat', () => {
		// 01:30 on 25 October 2026 happens twice in London: in BST, then in GMT.
		expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(
			iso(wallTimeToUtc('2026-10-25', '01:30', 'Europe/London'))
		);
		expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(
			iso(wallTimeToUtc('2026-11-01', '01:30', 'America/New_York'))
		);
	});

	it('accepts 29 February in a leap year only', () => {
		expect(iso(wallTimeToUtc('2028-02-29', '10:00', 'UTC'))).toBe('2028-02-29T10:00:00.000Z');
		expect(wallTimeToUtc('2026-02-29', '10:00', 'UTC')).toBeNull();
	});

	it.each([
		['31 February', '2026-02-31', '10:00', 'Europe/London'],
		['31 April', '2026-04-31', '10:00', 'America/New_York'],
		['month 13', '2026-13-01', '10:00', 'UTC'],
		['month 0', '2026-00-10', '10:00', 'UTC'],
		['day 0', '2026-12-00', '10:00', 'UTC'],
		['day 32', '2026-12-32', '10:00', 'UTC'],
		['a year before 100, which Date would read as 19xx', '0026-12-01', '10:00', 'UTC'],
		['24:00', '2026-12-01', '24:00', 'UTC'],
		['minute 60', '2026-12-01', '10:60', 'UTC'],
		['hour 99', '2026-12-01', '99:00', 'UTC'],
		['a time with seconds', '2026-12-01', '10:00:00', 'UTC'],
		['a 12-hour time', '2026-12-01', '6:00 pm', 'UTC'],
		['a single-digit hour', '2026-12-01', '9:00', 'UTC'],
		['a day-first date', '01-12-2026', '10:00', 'UTC'],
		['a date with slashes', '2026/12/01', '10:00', 'UTC'],
		['a date and time in one', '2026-12-01T10:00', '10:00', 'UTC'],
		['an empty date', '', '10:00', 'UTC'],
		['an empty time', '2026-12-01', '', 'UTC'],
		['an unknown zone', '2026-12-01', '10:00', 'Mars/Olympus'],
		['an empty zone', '2026-12-01', '10:00', ''],
		['a zone that is an offset', '2026-12-01', '10:00', '+01:00']
	])('refuses %s', (_kind, date, time, zone) => {
		expect(wallTimeToUtc(date, time, zone)).toBeNull();
	});
});

describe('utcToWallTime', () => {
	it('shows an instant on the wall clock of a zone', () => {
		expect(utcToWallTime('2026-07-01T17:00:00.000Z', 'Europe/London')).toEqual({
			date: '2026-07-01',
			time: '18:00'
		});
		expect(utcToWallTime('2026-12-01T23:00:00.000Z', 'America/New_York')).toEqual({
			date: '2026-12-01',
			time: '18:00'
		});
		expect(utcToWallTime(new Date('2026-12-01T23:30:00.000Z'), 'Europe/Lisbon')).toEqual({
			date: '2026-12-01',
			time: '23:30'
		});
		expect(utcToWallTime('2026-12-01T23:30:00.000Z', 'Europe/Berlin')).toEqual({
			date: '2026-12-02',
			time: '00:30'
		});
	});

	it('round-trips with wallTimeToUtc, every quarter hour of the year’s two clock-change days and a plain day', () => {
		const zones = [
			'UTC',
			'Europe/London',
			'Europe/Lisbon',
			'America/New_York',
			'Australia/Sydney',
			'Asia/Calcutta'
		];
		const days = ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-06-15'];
		for (const zone of zones) {
			for (const date of days) {
				for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
					const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
					const instant = wallTimeToUtc(date, time, zone);
					expect(instant, `${date} ${time} ${zone}`).not.toBeNull();
					const back = utcToWallTime(instant!, zone);
					// A time the clocks skip comes back as the time it really was; every other time comes back as typed.
					if (back.date !== date || back.time !== time) {
						expect(
							wallTimeToUtc(back.date, back.time, zone)?.getTime(),
							`${date} ${time} ${zone}`
						).toBe(instant!.getTime());
						expect(back.date).toBe(date);
					}
				}
			}
		}
	});

	it('round-trips instants from UTC to the wall clock and back', () => {
		for (let hour = 0; hour < 48; hour += 1) {
			const instant = new Date(Date.UTC(2026, 2, 28, hour, 0));
			for (const zone of ['Europe/London', 'America/New_York', 'UTC']) {
				const { date, time } = utcToWallTime(instant, zone);
				const back = wallTimeToUtc(date, time, zone);
				// The repeated hour of an autumn change is ambiguous; none falls in these two March days in London.
				expect(back?.toISOString(), `${instant.toISOString()} ${zone}`).toBe(instant.toISOString());
			}
		}
	});
});

describe('formatSessionTime', () => {
	it('names the zone by its city, the same in summer and winter', () => {
		expect(formatSessionTime('2026-12-01T18:00:00.000Z', 'Europe/London')).toBe(
			'Tuesday, 1 December 2026 at 18:00 London time'
		);
		expect(formatSessionTime('2026-07-01T17:00:00.000Z', 'Europe/London')).toBe(
			'Wednesday, 1 July 2026 at 18:00 London time'
		);
		expect(formatSessionTime('2026-12-01T23:00:00.000Z', 'America/New_York')).toBe(
			'Tuesday, 1 December 2026 at 18:00 New York time'
		);
	});
});

describe('formatDue and formatStamp', () => {
	it('write a due date by its day and a stamp compactly, on the reader’s clock', () => {
		expect(formatDue('2026-12-01T23:00:00.000Z', 'America/New_York')).toBe(
			'Tuesday 1 December at 18:00'
		);
		expect(formatStamp('2026-12-01T23:00:00.000Z', 'Asia/Tokyo')).toBe('2 Dec 2026, 08:00');
	});
});

describe('describeDay', () => {
	const now = new Date('2026-11-27T22:30:00.000Z');

	it('says today and tomorrow by the reader’s own calendar', () => {
		expect(describeDay('2026-11-27T23:30:00.000Z', 'Europe/London', now)).toBe(
			'Today, Friday 27 November'
		);
		expect(describeDay('2026-11-28T09:00:00.000Z', 'Europe/London', now)).toBe(
			'Tomorrow, Saturday 28 November'
		);
		expect(describeDay('2026-11-29T09:00:00.000Z', 'Europe/London', now)).toBe(
			'Sunday 29 November'
		);
		// In Auckland it is already Saturday morning: the same sessions fall a day later there.
		expect(describeDay('2026-11-28T09:00:00.000Z', 'Pacific/Auckland', now)).toBe(
			'Today, Saturday 28 November'
		);
		expect(describeDay('2026-11-28T12:00:00.000Z', 'Pacific/Auckland', now)).toBe(
			'Tomorrow, Sunday 29 November'
		);
	});

	it('counts tomorrow as a calendar day across a clock change', () => {
		// Clocks go back in London at 02:00 on 25 October 2026: that Sunday has 25 hours.
		const lateSaturday = new Date('2026-10-24T22:30:00.000Z');
		expect(describeDay('2026-10-25T22:00:00.000Z', 'Europe/London', lateSaturday)).toBe(
			'Tomorrow, Sunday 25 October'
		);
		expect(describeDay('2026-10-26T00:30:00.000Z', 'Europe/London', lateSaturday)).toBe(
			'Monday 26 October'
		);
	});
});

describe('formatTime', () => {
	it('gives the time on the reader’s clock', () => {
		expect(formatTime('2026-11-29T17:00:00.000Z', 'Europe/London')).toBe('17:00');
		expect(formatTime('2026-11-29T17:00:00.000Z', 'America/New_York')).toBe('12:00');
	});
});
