// Sessions as an iCalendar file (RFC 5545), for a calendar app to import or
// subscribe to. Times are UTC instants ("…Z"): every app places them on its
// own clock, across clock changes, with no time-zone table to get wrong.
// What an event says is chosen by the caller (calendar-events.ts): this file
// only writes it down correctly.

export interface CalendarEvent {
	/** The session's id: the same event in every file, so a second import updates the first. */
	sessionId: string;
	startsAt: string;
	durationMinutes: number;
	updatedAt: string;
	summary: string;
	/** The video call's link, as the event's place and address; null in person. */
	videoLink: string | null;
	description: string | null;
}

const PRODUCT = '-//Common Ground//Sessions//EN';
const UID_DOMAIN = 'sessions.common-ground';

/** "20261201T180000Z": an instant in iCalendar's UTC form. */
function utcStamp(instant: Date | string): string {
	return new Date(instant)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
function text(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** One content line, folded at 75 octets without splitting a character (RFC 5545 3.1). */
function fold(line: string): string {
	const pieces: string[] = [];
	let piece = '';
	let octets = 0;
	for (const character of line) {
		const size = encoder.encode(character).length;
		// Continuation lines start with a space, which counts towards their 75.
		if (octets + size > 75) {
			pieces.push(piece);
			piece = ' ';
			octets = 1;
		}
		piece += character;
		octets += size;
	}
	pieces.push(piece);
	return pieces.join('\r\n');
}

function eventLines(event: CalendarEvent, now: Date): string[] {
	const start = new Date(event.startsAt);
	const end = new Date(start.getTime() + event.durationMinutes * 60_000);
	return [
		'BEGIN:VEVENT',
		`UID:${event.sessionId}@${UID_DOMAIN}`,
		`DTSTAMP:${utcStamp(now)}`,
		`LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
		`DTSTART:${utcStamp(start)}`,
		`DTEND:${utcStamp(end)}`,
		`SUMMARY:${text(event.summary)}`,
		...(event.videoLink
			? [
					`LOCATION:${text(event.videoLink)}`,
					// Checked when saved (no spaces or line breaks); removed again so no link can add a line.
					`URL;VALUE=URI:${event.videoLink.replace(/[\r\n]/g, '')}`
				]
			: []),
		...(event.description ? [`DESCRIPTION:${text(event.description)}`] : []),
		'STATUS:CONFIRMED',
		'TRANSP:OPAQUE',
		'END:VEVENT'
	];
}

/** A whole calendar: one session to download, or a person's feed. */
export function calendarFile(
	events: readonly CalendarEvent[],
	now: Date,
	options: { name?: string } = {}
): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${PRODUCT}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		...(options.name ? [`X-WR-CALNAME:${text(options.name)}`] : []),
		...events.flatMap((event) => eventLines(event, now)),
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}
