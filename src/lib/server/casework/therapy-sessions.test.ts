import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCouple } from './couples';
import {
	AGENDA_MAX,
	nextSession,
	readSessionInput,
	rescheduleSession,
	scheduleSession,
	sessionForTherapist,
	sessionsForCouple,
	setSessionStatus,
	videoLinkProblem,
	type SessionInput
} from './therapy-sessions';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const later = (ms: number) => new Date(now.getTime() + ms);

const form = (change: Partial<SessionInput> = {}): SessionInput => ({
	date: '2026-12-01',
	time: '18:00',
	durationMinutes: '50',
	format: 'in-person',
	agenda: 'Go through the accountability worksheets together.',
	...change
});

describe('the video call link', () => {
	it('is kept for a video session when it is a plain https address', () => {
		const read = readSessionInput(
			form({ format: 'video', videoLink: ' https://meet.example.org/abc-defg ' }),
			'UTC'
		);
		expect(read.problems).toEqual({});
		expect(read.videoLink).toBe('https://meet.example.org/abc-defg');
	});

	it('is left out of an in-person session, whatever was typed', () => {
		const read = readSessionInput(form({ videoLink: 'javascript:alert(1)' }), 'UTC');
		expect(read.problems).toEqual({});
		expect(read.videoLink).toBeNull();
	});

	it.each([
		['http://meet.example.org/abc', /https:\/\//],
		['javascript:alert(1)', /https:\/\//],
		['meet.example.org/abc', /whole link/],
		['https://user:secret@meet.example.org/abc', /password/],
		['https://meet.example.org/a\nb', /without spaces/],
		['https://localhost/abc', /whole link/],
		[`https://meet.example.org/${'a'.repeat(500)}`, /500 characters/]
	])('refuses %j with a message beside the field', (videoLink, message) => {
		const read = readSessionInput(form({ format: 'video', videoLink }), 'UTC');
		expect(read.problems.videoLink).toMatch(message);
	});

	it('tells the problem itself, for other callers', () => {
		expect(videoLinkProblem('https://meet.example.org/x')).toBeNull();
	});
});

describe('readSessionInput', () => {
	it('reads a good form, with the start in UTC from the therapist’s zone', () => {
		expect(readSessionInput(form(), 'Europe/London')).toEqual({
			problems: {},
			startsAt: new Date('2026-12-01T18:00:00.000Z'),
			duration: 50,
			format: 'in-person',
			videoLink: null
		});
		expect(readSessionInput(form({ format: 'video' }), 'America/New_York')).toMatchObject({
			problems: {},
			startsAt: new Date('2026-12-01T23:00:00.000Z'),
			format: 'video'
		});
		expect(readSessionInput(form({ date: '2026-07-01' }), 'Europe/London').startsAt).toEqual(
			new Date('2026-07-01T17:00:00.000Z')
		);
	});

	it.each([
		[
			'a date that is not a date',
			{ date: 'next Tuesday' },
			{ date: 'Enter the date, for example 2026-12-01.' }
		],
		['an empty date', { date: '' }, { date: 'Enter the date, for example 2026-12-01.' }],
		[
			'a day-first date',
			{ date: '01/12/2026' },
			{ date: 'Enter the date, for example 2026-12-01.' }
		],
		[
			'a date that does not exist',
			{ date: '2026-02-31' },
			{ date: 'That date does not exist. Check the day and month.' }
		],
		[
			'month 13',
			{ date: '2026-13-01' },
			{ date: 'That date does not exist. Check the day and month.' }
		],
		['a time that is not a time', { time: '6pm' }, { time: 'Enter the time, for example 18:00.' }],
		['an empty time', { time: '' }, { time: 'Enter the time, for example 18:00.' }],
		['24:00', { time: '24:00' }, { time: 'Enter the time, for example 18:00.' }],
		['minute 60', { time: '18:60' }, { time: 'Enter the time, for example 18:00.' }],
		[
			'9 minutes',
			{ durationMinutes: '9' },
			{ durationMinutes: 'Enter a length from 10 to 480 minutes.' }
		],
		[
			'481 minutes',
			{ durationMinutes: '481' },
			{ durationMinutes: 'Enter a length from 10 to 480 minutes.' }
		],
		[
			'half a minute more',
			{ durationMinutes: '50.5' },
			{ durationMinutes: 'Enter a length from 10 to 480 minutes.' }
		],
		[
			'no length',
			{ durationMinutes: '' },
			{ durationMinutes: 'Enter a length from 10 to 480 minutes.' }
		],
		[
			'a length in words',
			{ durationMinutes: 'fifty' },
			{ durationMinutes: 'Enter a length from 10 to 480 minutes.' }
		],
		['an unknown format', { format: 'phone' }, { format: 'Choose in person or video.' }],
		['no format', { format: '' }, { format: 'Choose in person or video.' }],
		[
			'an agenda over the limit',
			{ agenda: 'x'.repeat(AGENDA_MAX + 1) },
			{ agenda: 'Keep the agenda to 2,000 characters.' }
		]
	])('refuses %s with a message on its field', (_kind, change, problems) => {
		const result = readSessionInput(form(change), 'Europe/London');
		expect(result.problems).toEqual(problems);
	});

	it('accepts lengths of 10 and 480 minutes and an agenda at the limit, counted in characters', () => {
		expect(readSessionInput(form({ durationMinutes: '10' }), 'UTC').problems).toEqual({});
		expect(readSessionInput(form({ durationMinutes: '480' }), 'UTC').problems).toEqual({});
		expect(readSessionInput(form({ agenda: '🗓'.repeat(AGENDA_MAX) }), 'UTC').problems).toEqual({});
		expect(readSessionInput(form({ agenda: '' }), 'UTC').problems).toEqual({});
	});

	it('reports every problem of a form at once', () => {
		expect(
			Object.keys(
				readSessionInput(
					form({
						date: 'x',
						durationMinutes: '0',
						format: 'x',
						agenda: 'x'.repeat(AGENDA_MAX + 1)
					}),
					'UTC'
				).problems
			).sort()
		).toEqual(['agenda', 'date', 'durationMinutes', 'format']);
	});
});

describe('with a database', () => {
	let t: TestDatabase;
	let therapist: string;
	let otherTherapist: string;
	let coupleId: string;
	let otherCoupleId: string;
	const session = (hoursFromNow: number) => ({
		startsAt: later(hoursFromNow * HOUR),
		durationMinutes: 50,
		format: 'video' as const,
		agenda: '  Check in on the week.  '
	});

	beforeEach(async () => {
		t = await createTestDatabase();
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const couple = (name: string) => ({
			name,
			partnerNames: ['A', 'B'] as [string, string],
			secretsPolicy: 'no-secrets',
			policyText: 'Policy.'
		});
		coupleId = await createCouple(t.db, by(therapist), couple('Alex & Sam'), now);
		otherCoupleId = await createCouple(t.db, by(otherTherapist), couple('Jordan & Casey'), now);
	});

	afterEach(async () => {
		await t.cleanup();
	});

	const allSessions = () => t.db.selectFrom('therapy_sessions').selectAll().orderBy('id').execute();

	describe('scheduleSession', () => {
		it('puts a session on the couple’s calendar, in UTC', async () => {
			const id = await scheduleSession(t.db, by(therapist), coupleId, session(48), now);
			expect(await sessionForTherapist(t.db, therapist, coupleId, id!)).toEqual({
				id,
				coupleId,
				startsAt: later(48 * HOUR).toISOString(),
				durationMinutes: 50,
				format: 'video',
				agenda: 'Check in on the week.',
				status: 'scheduled',
				videoLink: null,
				updatedAt: now.toISOString()
			});
		});

		it('keeps a video session’s call link, and drops it when the session moves to the room', async () => {
			const link = 'https://meet.example.org/room-42?pwd=abc';
			const id = await scheduleSession(
				t.db,
				by(therapist),
				coupleId,
				{ ...session(48), videoLink: link },
				now
			);
			expect((await sessionForTherapist(t.db, therapist, coupleId, id!))?.videoLink).toBe(link);
			await rescheduleSession(
				t.db,
				by(therapist),
				id!,
				{ ...session(48), format: 'in-person', videoLink: link },
				now
			);
			expect((await sessionForTherapist(t.db, therapist, coupleId, id!))?.videoLink).toBeNull();
		});

		it('refuses another therapist’s couple and an unknown couple, and stores nothing', async () => {
			expect(
				await scheduleSession(t.db, by(otherTherapist), coupleId, session(48), now)
			).toBeNull();
			expect(
				await scheduleSession(t.db, by(therapist), 'no-such-couple', session(48), now)
			).toBeNull();
			expect(await allSessions()).toEqual([]);
		});
	});

	describe('sessionForTherapist', () => {
		it('finds a session only for its couple’s therapist, under its own couple', async () => {
			const id = (await scheduleSession(t.db, by(therapist), coupleId, session(48), now))!;
			expect(await sessionForTherapist(t.db, otherTherapist, coupleId, id)).toBeNull();
			expect(await sessionForTherapist(t.db, therapist, otherCoupleId, id)).toBeNull();
			expect(await sessionForTherapist(t.db, therapist, coupleId, 'no-such-session')).toBeNull();
		});
	});

	describe('rescheduleSession and setSessionStatus', () => {
		it('move and mark the therapist’s own session', async () => {
			const id = (await scheduleSession(t.db, by(therapist), coupleId, session(48), now))!;
			expect(await setSessionStatus(t.db, by(therapist), id, 'cancelled', later(HOUR))).toBe(true);
			expect((await sessionForTherapist(t.db, therapist, coupleId, id))?.status).toBe('cancelled');

			const moved = {
				startsAt: later(72 * HOUR),
				durationMinutes: 90,
				format: 'in-person' as const,
				agenda: 'Longer session.'
			};
			expect(await rescheduleSession(t.db, by(therapist), id, moved, later(2 * HOUR))).toBe(true);
			// Moving a cancelled session puts it back on the calendar.
			expect(await sessionForTherapist(t.db, therapist, coupleId, id)).toMatchObject({
				startsAt: later(72 * HOUR).toISOString(),
				durationMinutes: 90,
				format: 'in-person',
				agenda: 'Longer session.',
				status: 'scheduled'
			});
			const [row] = await allSessions();
			expect(row?.updated_at).toBe(later(2 * HOUR).toISOString());
		});

		it('refuse another therapist’s session, and change nothing', async () => {
			const id = (await scheduleSession(t.db, by(therapist), coupleId, session(48), now))!;
			const before = await allSessions();
			expect(await rescheduleSession(t.db, by(otherTherapist), id, session(1), now)).toBe(false);
			expect(await setSessionStatus(t.db, by(otherTherapist), id, 'cancelled', now)).toBe(false);
			expect(await setSessionStatus(t.db, by(therapist), 'no-such-session', 'held', now)).toBe(
				false
			);
			expect(await allSessions()).toEqual(before);
		});
	});

	describe('nextSession and sessionsForCouple', () => {
		it('give the soonest scheduled session from now, ignoring past, held and cancelled ones and other couples', async () => {
			await scheduleSession(t.db, by(therapist), coupleId, session(-2), now);
			const cancelled = (await scheduleSession(t.db, by(therapist), coupleId, session(1), now))!;
			await setSessionStatus(t.db, by(therapist), cancelled, 'cancelled', now);
			const held = (await scheduleSession(t.db, by(therapist), coupleId, session(2), now))!;
			await setSessionStatus(t.db, by(therapist), held, 'held', now);
			const later_ = (await scheduleSession(t.db, by(therapist), coupleId, session(200), now))!;
			const next = (await scheduleSession(t.db, by(therapist), coupleId, session(24), now))!;
			await scheduleSession(t.db, by(otherTherapist), otherCoupleId, session(3), now);

			expect((await nextSession(t.db, coupleId, now))?.id).toBe(next);
			expect((await nextSession(t.db, coupleId, later(25 * HOUR)))?.id).toBe(later_);
			expect(await nextSession(t.db, coupleId, later(201 * HOUR))).toBeNull();

			const all = await sessionsForCouple(t.db, coupleId);
			expect(all.map((entry) => entry.startsAt)).toEqual(
				[-2, 1, 2, 24, 200].map((hours) => later(hours * HOUR).toISOString())
			);
		});

		it('count a session starting this very moment as next', async () => {
			const id = await scheduleSession(t.db, by(therapist), coupleId, session(0), now);
			expect((await nextSession(t.db, coupleId, now))?.id).toBe(id);
		});
	});
});
