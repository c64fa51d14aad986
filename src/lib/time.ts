import { TZDate } from '@date-fns/tz';
import { zoneName } from './time-zone-names';

// Times are stored in UTC and shown in each person's own time zone. Dates are
// formatted on the server and sent as text, so the page reads the same with or
// without JavaScript.

const KNOWN_ZONES = Intl.supportedValuesOf('timeZone');

/** Every IANA time zone this runtime knows, for a picker; UTC first, which the list leaves out. */
export const TIME_ZONES: readonly string[] = KNOWN_ZONES.includes('UTC')
	? KNOWN_ZONES
	: ['UTC', ...KNOWN_ZONES];

/** Any zone the runtime can use, under either spelling ("Asia/Kolkata" and "Asia/Calcutta"). */
export function isTimeZone(zone: string): boolean {
	if (TIME_ZONES.includes(zone)) return true;
	if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
	try {
		const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
		// Another spelling of a listed zone, not the same name in other letter case.
		return TIME_ZONES.includes(resolved) && resolved.toLowerCase() !== zone.toLowerCase();
	} catch {
		return false;
	}
}

/** The picker's list, with the given zone in it even when this runtime spells it differently. */
export function timeZoneChoices(current: string | null): string[] {
	return current && !TIME_ZONES.includes(current) ? [current, ...TIME_ZONES] : [...TIME_ZONES];
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_SHAPE = /^(\d{2}):(\d{2})$/;

/**
 * The UTC instant of a wall-clock date and time in a zone ("2026-12-01",
 * "18:00", "Europe/Lisbon"), or null when the date or time is not real.
 */
export function wallTimeToUtc(date: string, time: string, zone: string): Date | null {
	const d = DATE_SHAPE.exec(date);
	const t = TIME_SHAPE.exec(time);
	if (!d || !t || !isTimeZone(zone)) return null;
	const [year, month, day, hour, minute] = [
		Number(d[1]),
		Number(d[2]),
		Number(d[3]),
		Number(t[1]),
		Number(t[2])
	];
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
	const local = new TZDate(year, month - 1, day, hour, minute, zone);
	// A date like 31 February rolls over, and a year below 100 reads as 19xx; refuse them rather than guess.
	if (local.getDate() !== day || local.getMonth() !== month - 1 || local.getFullYear() !== year)
		return null;
	return new Date(local.getTime());
}

/** The wall-clock date and time of an instant in a zone, for a form's inputs. */
export function utcToWallTime(
	instant: Date | string,
	zone: string
): { date: string; time: string } {
	const local = new TZDate(new Date(instant).getTime(), zone);
	const pad = (value: number) => String(value).padStart(2, '0');
	return {
		date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
		time: `${pad(local.getHours())}:${pad(local.getMinutes())}`
	};
}

// Making a formatter is slow; a page formats hundreds of times in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

// One format per kind of place, so a date reads the same wherever it shows:
// a session, a due date, a stamp of when something happened, a chart's axis,
// and the week ahead's day headings with their times.
const FORMATS = {
	session: {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	},
	due: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
	stamp: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
	day: { weekday: 'long', day: 'numeric', month: 'long' },
	time: { hour: '2-digit', minute: '2-digit' },
	calendar: { year: 'numeric', month: 'numeric', day: 'numeric' },
	date: { day: 'numeric', month: 'short' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatter(kind: keyof typeof FORMATS, zone: string): Intl.DateTimeFormat {
	const key = `${kind}|${zone}`;
	let found = formatters.get(key);
	if (!found) {
		found = new Intl.DateTimeFormat('en-GB', { ...FORMATS[kind], timeZone: zone });
		formatters.set(key, found);
	}
	return found;
}

/**
 * "Tuesday, 1 December 2026 at 18:00 London time": when a session is. The
 * zone is named, because the two partners and the therapist may each read it
 * on a different clock.
 */
export function formatSessionTime(instant: Date | string, zone: string): string {
	return `${formatter('session', zone).format(new Date(instant))} ${zoneName(zone)}`;
}

/** When a link or an access stops working, in a mail or on a page: written as a session's time is. */
export function formatDeadline(instant: Date | string, zone: string): string {
	return formatSessionTime(instant, zone);
}

/** "Tuesday 1 December, 18:00": when homework is due, on the reader's own clock. */
export function formatDue(instant: Date | string, zone: string): string {
	return formatter('due', zone).format(new Date(instant));
}

/** "1 Dec 2026, 18:00": when something happened (handed in, shared, signed in, raised). */
export function formatStamp(instant: Date | string, zone: string): string {
	return formatter('stamp', zone).format(new Date(instant));
}

/** "3 Nov": a date on a chart's axis. */
export function formatShortDate(instant: Date | string, zone: string): string {
	return formatter('date', zone).format(new Date(instant));
}

/** "Sunday 29 November": the day of a moment on the reader's calendar. */
export function formatDay(instant: Date | string, zone: string): string {
	return formatter('day', zone).format(new Date(instant));
}

/** "17:00": the time of a moment under a day's heading, on a page that names the zone once. */
export function formatTime(instant: Date | string, zone: string): string {
	return formatter('time', zone).format(new Date(instant));
}

/** "2026-11-29": the date of a moment on the reader's calendar. */
function calendarDate(instant: Date | string, zone: string): string {
	const parts = formatter('calendar', zone).formatToParts(new Date(instant));
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parts.find((candidate) => candidate.type === type)!.value.padStart(2, '0');
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * "Today", "Tomorrow" or "Sunday 29 November": the day of a moment as the
 * reader would say it, counted on their own calendar, not in UTC.
 */
export function describeDay(instant: Date | string, zone: string, now: Date): string {
	const day = calendarDate(instant, zone);
	const today = calendarDate(now, zone);
	// The next calendar date, whatever the clocks do that night: date arithmetic, not 24 hours.
	const [year, month, date] = today.split('-').map(Number) as [number, number, number];
	const tomorrow = new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
	if (day === today) return `Today, ${formatDay(instant, zone)}`;
	if (day === tomorrow) return `Tomorrow, ${formatDay(instant, zone)}`;
	return formatDay(instant, zone);
}
