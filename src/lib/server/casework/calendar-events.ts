import type { CalendarEvent } from './calendar-file';

// What a session says in someone's calendar: the one place that decides it.
// Calendars are synced to other devices, shown on lock screens and shared
// with assistants and family, so an event never says "therapy" or "couples",
// and never names the other partner or the couple.
//
// - A partner's event is an "Appointment" and the call's link, nothing more:
//   their calendar may be read by the person they are in therapy with or
//   about, and even a neutral app link would say where it leads.
// - A therapist's event is an "Appointment" with the couple's initials
//   ("A & S"): enough to tell their own couples apart at a glance, not
//   enough for someone else to know who. Its description links to the
//   session's page, which asks for sign-in and shows nothing without it.

export interface SessionForCalendar {
	id: string;
	coupleId: string;
	startsAt: string;
	durationMinutes: number;
	updatedAt: string;
	videoLink: string | null;
}

export type CalendarReader =
	{ role: 'partner' } | { role: 'therapist'; coupleName: string; origin: string };

export const NEUTRAL_TITLE = 'Appointment';

/** "A & S" for "Alex & Sam": each word's first letter, with "&" and "+" kept. */
export function coupleInitials(coupleName: string): string {
	return coupleName
		.split(/\s+/)
		.map(
			(word) => /\p{L}/u.exec(word)?.[0]?.toLocaleUpperCase('en') ?? (/[&+]/.test(word) ? '&' : '')
		)
		.filter(Boolean)
		.join(' ');
}

export function calendarEventFor(
	session: SessionForCalendar,
	reader: CalendarReader
): CalendarEvent {
	const common = {
		sessionId: session.id,
		startsAt: session.startsAt,
		durationMinutes: session.durationMinutes,
		updatedAt: session.updatedAt,
		videoLink: session.videoLink
	};
	if (reader.role === 'partner') return { ...common, summary: NEUTRAL_TITLE, description: null };
	const initials = coupleInitials(reader.coupleName);
	return {
		...common,
		summary: initials ? `${NEUTRAL_TITLE} (${initials})` : NEUTRAL_TITLE,
		description: `${reader.origin}/couples/${session.coupleId}/sessions/${session.id}`
	};
}
