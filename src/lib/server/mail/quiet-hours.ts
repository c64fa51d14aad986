import { TZDate } from '@date-fns/tz';

// Nobody is woken by this app: mail a person did not ask for at that moment
// (a reminder) never arrives between 21:00 and 08:00 on their own clock. Mail
// held back by the night goes at 08:00.

const MORNING_HOUR = 8;
const EVENING_HOUR = 21;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isQuietHour(at: Date, zone: string): boolean {
	const hour = new TZDate(at.getTime(), zone).getHours();
	return hour < MORNING_HOUR || hour >= EVENING_HOUR;
}

/** `at`, or 08:00 of the morning after if `at` falls in the night, on the person's clock. */
export function outsideQuietHours(at: Date, zone: string): Date {
	const local = new TZDate(at.getTime(), zone);
	const hour = local.getHours();
	if (hour >= MORNING_HOUR && hour < EVENING_HOUR) return at;
	// Before 08:00 it is this calendar day's morning; from 21:00, the next day's.
	const day = hour < MORNING_HOUR ? local : new TZDate(local.getTime() + DAY_MS / 2 + 1, zone);
	const morning = new TZDate(
		day.getFullYear(),
		day.getMonth(),
		day.getDate(),
		MORNING_HOUR,
		0,
		zone
	);
	return new Date(morning.getTime());
}

/**
 * When to remind a partner of homework due at `dueAt`: 24 hours before, moved
 * out of the night. Null when the homework was set less than a day before it
 * is due: the mail saying it was set has only just gone.
 */
export function reminderTime(dueAt: Date, setAt: Date, zone: string): Date | null {
	const dayBefore = new Date(dueAt.getTime() - DAY_MS);
	if (dayBefore < setAt) return null;
	return outsideQuietHours(dayBefore, zone);
}
