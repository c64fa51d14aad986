import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
	calendarFeedFile,
	calendarFeedSince,
	startCalendarFeed,
	stopCalendarFeed
} from './calendar-feeds';
import { scheduleSession, setSessionStatus } from './therapy-sessions';
import { storedHashOf } from '../database/secret-tokens';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2027-03-01T09:30:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const origin = 'https://therapy.example.org';

function summaries(file: string | null): string[] {
	const calendar = new ICAL.Component(ICAL.parse(file!) as unknown[]);
	return calendar
		.getAllSubcomponents('vevent')
		.map((event) => String(event.getFirstPropertyValue('summary')));
}

describe('calendar feeds', () => {
	let t: TestDatabase;
	let therapist: string;
	let otherTherapist: string;
	let partner: string;
	let otherCouplePartner: string;

	beforeEach(async () => {
		t = await createTestDatabase();
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const couple = await insertTestCouple(t.db, therapist, 'Alex & Sam');
		partner = (await insertTestPartner(t.db, couple, { position: 1, joined: true })).userId!;
		await insertTestPartner(t.db, couple, { position: 2, joined: true });
		const otherCouple = await insertTestCouple(t.db, otherTherapist, 'Jordan & Casey');
		otherCouplePartner = (await insertTestPartner(t.db, otherCouple, { position: 1, joined: true }))
			.userId!;
		const plan = (days: number) => ({
			startsAt: new Date(now.getTime() + days * DAY),
			durationMinutes: 50,
			format: 'video' as const,
			agenda: 'Private agenda words',
			videoLink: 'https://meet.example.org/abc'
		});
		await scheduleSession(t.db, by(therapist), couple, plan(2), now);
		await scheduleSession(t.db, by(therapist), couple, plan(-9), now);
		const cancelled = await scheduleSession(t.db, by(therapist), couple, plan(5), now);
		await setSessionStatus(t.db, by(therapist), cancelled!, 'cancelled', now);
		await scheduleSession(t.db, by(otherTherapist), otherCouple, plan(3), now);
	});

	afterEach(async () => {
		await t.cleanup();
	});

	it('lists a partner’s own couple’s upcoming sessions as plain “Appointment”s', async () => {
		const token = await startCalendarFeed(t.db, by(partner), now);
		const file = await calendarFeedFile(t.db, token, origin, now);
		expect(summaries(file)).toEqual(['Appointment']);
		// Nothing that names the couple, the therapist or what the session is for.
		expect(file).not.toMatch(/Alex|Sam|Jordan|Casey|therapist|therapy|couple|agenda/i);
		expect(file).toContain('https://meet.example.org/abc');
	});

	it('lists a therapist’s own couples’ sessions, by initials only', async () => {
		const token = await startCalendarFeed(t.db, by(therapist), now);
		const file = await calendarFeedFile(t.db, token, origin, now);
		expect(summaries(file)).toEqual(['Appointment (A & S)']);
		expect(file).not.toMatch(/Alex|Jordan|Private agenda/);
	});

	it('never lists another couple’s sessions', async () => {
		const token = await startCalendarFeed(t.db, by(otherCouplePartner), now);
		expect(summaries(await calendarFeedFile(t.db, token, origin, now))).toHaveLength(1);
		const theirs = await startCalendarFeed(t.db, by(otherTherapist), now);
		expect(await calendarFeedFile(t.db, theirs, origin, now)).not.toMatch(/A & S/);
	});

	it('keeps only the token’s hash, and answers nothing for an unknown token', async () => {
		const token = await startCalendarFeed(t.db, by(partner), now);
		const stored = await t.db.selectFrom('calendar_feeds').selectAll().execute();
		expect(stored).toEqual([
			{ user_id: partner, token_hash: storedHashOf(token), created_at: now.toISOString() }
		]);
		expect(await calendarFeedFile(t.db, storedHashOf(token), origin, now)).toBeNull();
		expect(await calendarFeedFile(t.db, '', origin, now)).toBeNull();
		expect(await calendarFeedFile(t.db, 'x'.repeat(5000), origin, now)).toBeNull();
	});

	it('stops the old address when renewed, and every address when stopped, with audit rows', async () => {
		const first = await startCalendarFeed(t.db, by(partner), now);
		const second = await startCalendarFeed(t.db, by(partner), now);
		expect(await calendarFeedFile(t.db, first, origin, now)).toBeNull();
		expect(await calendarFeedFile(t.db, second, origin, now)).not.toBeNull();
		expect(await calendarFeedSince(t.db, partner)).toBe(now.toISOString());

		expect(await stopCalendarFeed(t.db, by(partner), now)).toBe(true);
		expect(await calendarFeedFile(t.db, second, origin, now)).toBeNull();
		expect(await calendarFeedSince(t.db, partner)).toBeNull();
		expect(await stopCalendarFeed(t.db, by(partner), now)).toBe(false);

		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'user_id'])
			.where('action', 'like', 'calendar-feed.%')
			.execute();
		expect(audit).toEqual([
			{ action: 'calendar-feed.start', user_id: partner },
			{ action: 'calendar-feed.start', user_id: partner },
			{ action: 'calendar-feed.stop', user_id: partner }
		]);
	});

	it('answers nothing once the account is deactivated', async () => {
		const token = await startCalendarFeed(t.db, by(therapist), now);
		await t.db
			.updateTable('users')
			.set({ deactivated_at: now.toISOString() })
			.where('id', '=', therapist)
			.execute();
		expect(await calendarFeedFile(t.db, token, origin, now)).toBeNull();
	});
});
