import { wallTimeToUtc } from './time';

// A range of whole days on the reader's calendar, typed as two dates (the
// audit trail's filter, a record's export). Both ends are included. An end
// before the start, or a date that is not real, gets a message beside its
// field instead of an empty or wrong result.

export interface DayRange {
	/** As typed ("2026-11-01"), or '' for no bound. */
	fromDay: string;
	toDay: string;
	/** The first instant of `fromDay`, or null: from the beginning. */
	from: Date | null;
	/** The first instant after `toDay`, or null: until now. */
	until: Date | null;
}

export type DayRangeErrors = Partial<Record<'from' | 'to', string>>;

export function readDayRange(
	fromDay: string,
	toDay: string,
	zone: string,
	options: { required?: boolean } = {}
): { range: DayRange; errors: DayRangeErrors } {
	const errors: DayRangeErrors = {};
	const from = fromDay ? wallTimeToUtc(fromDay, '00:00', zone) : null;
	const to = toDay ? wallTimeToUtc(toDay, '00:00', zone) : null;
	if (fromDay && !from) errors.from = 'Enter a real date, like 2026-11-27.';
	if (toDay && !to) errors.to = 'Enter a real date, like 2026-11-27.';
	if (options.required && !fromDay) errors.from = 'Enter the first day.';
	if (options.required && !toDay) errors.to = 'Enter the last day.';
	if (from && to && to.getTime() < from.getTime())
		errors.to = 'The last day is before the first: nothing falls between them.';
	const until = to ? wallTimeToUtc(nextDay(toDay), '00:00', zone) : null;
	return { range: { fromDay, toDay, from, until }, errors };
}

/** The calendar date after `day`, by date arithmetic (a day is not always 24 hours). */
function nextDay(day: string): string {
	const [year, month, date] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
