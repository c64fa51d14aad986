import { describe, expect, it } from 'vitest';
import { readDayRange } from './day-range';

describe('readDayRange', () => {
	it('takes both days whole, on the reader’s calendar', () => {
		const { range, errors } = readDayRange('2026-11-01', '2026-11-30', 'Europe/Lisbon');
		expect(errors).toEqual({});
		expect(range.from?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
		expect(range.until?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
		const oneDay = readDayRange('2026-11-27', '2026-11-27', 'America/New_York').range;
		expect(oneDay.from?.toISOString()).toBe('2026-11-27T05:00:00.000Z');
		expect(oneDay.until?.toISOString()).toBe('2026-11-28T05:00:00.000Z');
	});

	it('leaves an end open when it is left blank, unless both are required', () => {
		expect(readDayRange('', '', 'UTC')).toEqual({
			range: { fromDay: '', toDay: '', from: null, until: null },
			errors: {}
		});
		expect(readDayRange('', '', 'UTC', { required: true }).errors).toEqual({
			from: 'Enter the first day.',
			to: 'Enter the last day.'
		});
	});

	it('says so beside the field when the range is reversed or a date is not real', () => {
		expect(readDayRange('2026-11-30', '2026-11-01', 'UTC').errors).toEqual({
			to: 'The last day is before the first: nothing falls between them.'
		});
		expect(readDayRange('2026-02-31', 'soon', 'UTC').errors).toEqual({
			from: 'Enter a real date, like 2026-11-27.',
			to: 'Enter a real date, like 2026-11-27.'
		});
	});
});
