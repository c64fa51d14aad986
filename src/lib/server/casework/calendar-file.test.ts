import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { calendarFile, type CalendarEvent } from './calendar-file';
import { calendarEventFor, coupleInitials } from './calendar-events';
import { wallTimeToUtc } from '../../time';

const now = new Date('2027-03-01T09:30:00.000Z');

function event(change: Partial<CalendarEvent> = {}): CalendarEvent {
	return {
		sessionId: 'session-1',
		startsAt: '2027-03-10T23:00:00.000Z',
		durationMinutes: 50,
		updatedAt: '2027-02-20T10:00:00.000Z',
		summary: 'Appointment',
		videoLink: null,
		description: null,
		...change
	};
}

/** The file as a calendar app reads it, through a well-kept iCalendar library. */
function parsed(file: string) {
	const calendar = new ICAL.Component(ICAL.parse(file) as unknown[]);
	return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

describe('calendarFile', () => {
	it('is a valid iCalendar file with CRLF lines, a stable UID and a DTSTAMP', () => {
		const file = calendarFile([event()], now);
		expect(file.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
		expect(file.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const [only] = parsed(file);
		expect(only!.uid).toBe('session-1@sessions.common-ground');
		expect(only!.summary).toBe('Appointment');
		expect(only!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe(
			'2027-03-01T09:30:00Z'
		);
		// The same session downloaded again is the same event, so a calendar updates it.
		expect(parsed(calendarFile([event()], new Date()))[0]!.uid).toBe(only!.uid);
	});

	it('gives the right instants for a New York session on either side of the clock change', () => {
		// New York moves to summer time on 14 March 2027: 18:00 there is 23:00 UTC before, 22:00 after.
		const before = wallTimeToUtc('2027-03-10', '18:00', 'America/New_York')!;
		const after = wallTimeToUtc('2027-03-17', '18:00', 'America/New_York')!;
		const events = parsed(
			calendarFile(
				[
					event({ sessionId: 'before', startsAt: before.toISOString() }),
					event({ sessionId: 'after', startsAt: after.toISOString(), durationMinutes: 90 })
				],
				now
			)
		);
		expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2027-03-10T23:00:00.000Z');
		expect(events[0]!.endDate.toJSDate().toISOString()).toBe('2027-03-10T23:50:00.000Z');
		expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2027-03-17T22:00:00.000Z');
		expect(events[1]!.endDate.toJSDate().toISOString()).toBe('2027-03-17T23:30:00.000Z');
		// As a New York calendar shows them: 18:00 both weeks.
		const newYork = (time: ICAL.Time) =>
			new Intl.DateTimeFormat('en-GB', {
				timeZone: 'America/New_York',
				hour: '2-digit',
				minute: '2-digit'
			}).format(time.toJSDate());
		expect(events.map((e) => newYork(e.startDate))).toEqual(['18:00', '18:00']);
	});

	it('carries the video link as place and address, escaped and folded at 75 octets', () => {
		const link = `https://meet.example.org/room,one;two?${'x'.repeat(120)}`;
		const file = calendarFile(
			[event({ videoLink: link, description: 'First line\nsecond, with a comma' })],
			now
		);
		for (const line of file.split('\r\n'))
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		const [only] = parsed(file);
		expect(only!.location).toBe(link);
		expect(only!.component.getFirstPropertyValue('url')).toBe(link);
		expect(only!.description).toBe('First line\nsecond, with a comma');
	});

	it('folds between characters, never inside one', () => {
		const summary = `Appointment ${'é'.repeat(80)}`;
		const [only] = parsed(calendarFile([event({ summary })], now));
		expect(only!.summary).toBe(summary);
	});
});

describe('what a session says in a calendar', () => {
	const session = {
		id: 's1',
		coupleId: 'c1',
		startsAt: '2027-03-10T23:00:00.000Z',
		durationMinutes: 50,
		updatedAt: '2027-02-20T10:00:00.000Z',
		videoLink: 'https://meet.example.org/abc'
	};

	it('is only “Appointment” and the call’s link for a partner', () => {
		const partnerEvent = calendarEventFor(session, { role: 'partner' });
		expect(partnerEvent.summary).toBe('Appointment');
		expect(partnerEvent.description).toBeNull();
		expect(partnerEvent.videoLink).toBe(session.videoLink);
	});

	it('names the couple only by initials for the therapist, with a link back to the session', () => {
		const therapistEvent = calendarEventFor(session, {
			role: 'therapist',
			coupleName: 'Alex & Sam',
			origin: 'https://therapy.example.org'
		});
		expect(therapistEvent.summary).toBe('Appointment (A & S)');
		expect(therapistEvent.description).toBe('https://therapy.example.org/couples/c1/sessions/s1');
		expect(JSON.stringify(therapistEvent)).not.toMatch(/Alex|Sam/);
	});

	it('makes initials of any couple name', () => {
		expect(coupleInitials('Alex & Sam')).toBe('A & S');
		expect(coupleInitials('jordan and casey')).toBe('J A C');
		expect(coupleInitials('Zoë + Ömer')).toBe('Z & Ö');
		expect(coupleInitials('  ')).toBe('');
	});
});
