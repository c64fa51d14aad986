import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	PARTNER_SESSION_LENGTH_MS,
	SHORT_SESSION_IDLE_LIMIT_MS,
	SECOND_STEP_LIMIT_MS,
	THERAPIST_SESSION_LIMIT_MS,
	completeSecondStep,
	createSession,
	generateSessionToken,
	invalidateOtherSessions,
	invalidateSession,
	sessionIdFromToken,
	validateSessionToken
} from './session';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestUser,
	nameTestPractice,
	type TestDatabase
} from '../testing/test-database';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

let t: TestDatabase;
let therapist: { id: string; email: string };
let partner: { id: string; email: string };
let coupleId: string;
let partnerId: string;

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = await insertTestUser(t.db, { role: 'therapist' });
	coupleId = await insertTestCouple(t.db, therapist.id);
	partner = await insertTestUser(t.db, { role: 'partner' });
	// The partner holds the couple's first place, as after accepting an invitation.
	partnerId = 'partner-place-1';
	await t.db
		.insertInto('partners')
		.values({
			id: partnerId,
			couple_id: coupleId,
			position: 1,
			display_name: 'Alex',
			user_id: partner.id,
			joined_at: start.toISOString(),
			policy_acknowledged_at: start.toISOString()
		})
		.execute();
	await t.db
		.updateTable('users')
		.set({ time_zone: 'Europe/Lisbon' })
		.where('id', '=', partner.id)
		.execute();
});

afterEach(async () => {
	await t.cleanup();
});

async function sessionRow(id: string) {
	return t.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

async function signInAs(
	user: { id: string },
	role: 'therapist' | 'partner',
	now = start,
	keepSignedIn = true
) {
	const token = generateSessionToken();
	const session = await createSession(t.db, token, { id: user.id, role }, now, {
		keepSignedIn,
		device: 'Firefox on Android'
	});
	return { token, session };
}

describe('session tokens', () => {
	it('carry at least 160 random bits in a cookie-safe alphabet', () => {
		const token = generateSessionToken();
		// 20 bytes in base32 is 32 characters of 5 bits each.
		expect(token).toMatch(/^[a-z2-7]{32}$/);
	});

	it('are different every time', () => {
		const tokens = new Set(Array.from({ length: 1000 }, () => generateSessionToken()));
		expect(tokens.size).toBe(1000);
	});

	it('are stored only as their SHA-256, never as themselves', async () => {
		const { token, session } = await signInAs(therapist, 'therapist');
		const expectedId = createHash('sha256').update(token).digest('hex');
		expect(session.id).toBe(expectedId);
		expect(sessionIdFromToken(token)).toBe(expectedId);

		const rows = await t.db.selectFrom('sessions').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toBe(expectedId);
		for (const value of Object.values(rows[0] ?? {})) {
			expect(String(value)).not.toContain(token);
		}
	});
});

describe('validateSessionToken', () => {
	it('returns the user and session for a good token', async () => {
		const { token, session } = await signInAs(partner, 'partner');
		const result = await validateSessionToken(t.db, token, at(5 * MINUTE));
		expect(result.session?.id).toBe(session.id);
		expect(result.user).toEqual({
			id: partner.id,
			email: partner.email,
			displayName: expect.any(String),
			role: 'partner',
			coupleId,
			partnerId,
			timeZone: 'Europe/Lisbon',
			practiceId: null,
			practiceRole: null,
			mustSetUpTwoStep: false
		});
		expect(result.ended).toBeUndefined();
	});

	it('gives a therapist no couple and no partner place, and their own time zone', async () => {
		const { token } = await signInAs(therapist, 'therapist');
		const result = await validateSessionToken(t.db, token, at(MINUTE));
		expect(result.user).toMatchObject({
			id: therapist.id,
			role: 'therapist',
			coupleId: null,
			partnerId: null,
			timeZone: 'UTC'
		});
	});

	it('gives a partner account without a place in the couple no couple and no partner id', async () => {
		// Its couple was users.couple_id once; now a place in partners is the only record of it.
		const placeless = await insertTestUser(t.db, { role: 'partner' });
		const { token } = await signInAs(placeless, 'partner');
		const result = await validateSessionToken(t.db, token, at(MINUTE));
		expect(result.user).toMatchObject({ id: placeless.id, coupleId: null, partnerId: null });
	});

	it('gives a partner the couple and the name of their place, a therapist their own name', async () => {
		const asPartner = await signInAs(partner, 'partner');
		expect((await validateSessionToken(t.db, asPartner.token, at(MINUTE))).user).toMatchObject({
			displayName: 'Alex',
			coupleId
		});
		await t.db
			.updateTable('users')
			.set({ display_name: 'Dr. Reyes' })
			.where('id', '=', therapist.id)
			.execute();
		const asTherapist = await signInAs(therapist, 'therapist');
		expect((await validateSessionToken(t.db, asTherapist.token, at(MINUTE))).user).toMatchObject({
			displayName: 'Dr. Reyes',
			coupleId: null
		});
	});

	it.each([
		['empty', ''],
		['overlong', 'a'.repeat(65)],
		['very long', 'a'.repeat(100_000)],
		['foreign', 'abcdefghijklmnopqrstuvwxyz234567'],
		['not base32', "' OR 1=1 --"],
		['control characters', '\u0000\r\n%00'],
		['emoji', '🍪'.repeat(10)]
	])('treats a %s token as signed out without throwing', async (_kind, token) => {
		await signInAs(therapist, 'therapist');
		await expect(validateSessionToken(t.db, token, at(MINUTE))).resolves.toEqual({
			session: null,
			user: null,
			ended: null
		});
	});

	it('treats a truncated or extended real token as signed out', async () => {
		const { token } = await signInAs(therapist, 'therapist');
		const signedOut = { session: null, user: null, ended: null };
		expect(await validateSessionToken(t.db, token.slice(0, -1), at(MINUTE))).toEqual(signedOut);
		expect(await validateSessionToken(t.db, `${token}a`, at(MINUTE))).toEqual(signedOut);
		expect(await validateSessionToken(t.db, token.toUpperCase(), at(MINUTE))).toEqual(signedOut);
		// The real one still works afterwards.
		expect((await validateSessionToken(t.db, token, at(MINUTE))).user?.id).toBe(therapist.id);
	});

	it('does not accept the stored session id in place of the token', async () => {
		const { session } = await signInAs(therapist, 'therapist');
		expect((await validateSessionToken(t.db, session.id, at(MINUTE))).session).toBeNull();
	});
});

describe('therapist sessions', () => {
	it('are still good after 29 minutes idle', async () => {
		const { token, session } = await signInAs(therapist, 'therapist');
		const result = await validateSessionToken(t.db, token, at(29 * MINUTE));
		expect(result.user?.id).toBe(therapist.id);
		expect(await sessionRow(session.id)).toBeDefined();
	});

	it('end for inactivity at 30 minutes idle, and the row is deleted', async () => {
		const { token, session } = await signInAs(therapist, 'therapist');
		const result = await validateSessionToken(t.db, token, at(30 * MINUTE));
		expect(result).toEqual({ session: null, user: null, ended: 'inactivity' });
		expect(await sessionRow(session.id)).toBeUndefined();
		// The token is worthless from then on, even "earlier".
		expect(await validateSessionToken(t.db, token, at(MINUTE))).toEqual({
			session: null,
			user: null,
			ended: null
		});
	});

	it('count idle time from the last activity, not from sign-in', async () => {
		const { token } = await signInAs(therapist, 'therapist');
		expect((await validateSessionToken(t.db, token, at(29 * MINUTE))).user).not.toBeNull();
		expect((await validateSessionToken(t.db, token, at(58 * MINUTE))).user).not.toBeNull();
		expect((await validateSessionToken(t.db, token, at(88 * MINUTE))).ended).toBe('inactivity');
	});

	it('end at 12 hours even with activity every 10 minutes', async () => {
		const { token, session } = await signInAs(therapist, 'therapist');
		for (let minutes = 10; minutes < 12 * 60; minutes += 10) {
			const result = await validateSessionToken(t.db, token, at(minutes * MINUTE));
			expect(result.user?.id, `at ${minutes} minutes`).toBe(therapist.id);
		}
		const result = await validateSessionToken(t.db, token, at(12 * 60 * MINUTE));
		expect(result).toEqual({ session: null, user: null, ended: 'time-limit' });
		expect(await sessionRow(session.id)).toBeUndefined();
	});
});

describe('partner sessions', () => {
	it('are not ended after 31 minutes idle', async () => {
		const { token } = await signInAs(partner, 'partner');
		const result = await validateSessionToken(t.db, token, at(31 * MINUTE));
		expect(result.user?.id).toBe(partner.id);
		expect(result.ended).toBeUndefined();
	});

	it('last 30 days and are renewed only when under 15 days are left', async () => {
		const { token, session } = await signInAs(partner, 'partner');
		const firstExpiry = at(PARTNER_SESSION_LENGTH_MS).toISOString();
		expect((await sessionRow(session.id))?.expires_at).toBe(firstExpiry);

		// 16 days left: used, but not renewed.
		await validateSessionToken(t.db, token, at(14 * DAY));
		expect((await sessionRow(session.id))?.expires_at).toBe(firstExpiry);

		// 14 days left: renewed to a full 30 days from now.
		const renewedAt = at(16 * DAY);
		const result = await validateSessionToken(t.db, token, renewedAt);
		const renewedExpiry = new Date(renewedAt.getTime() + PARTNER_SESSION_LENGTH_MS);
		expect(result.session?.expiresAt).toEqual(renewedExpiry);
		expect((await sessionRow(session.id))?.expires_at).toBe(renewedExpiry.toISOString());

		// Still good past the first expiry.
		expect((await validateSessionToken(t.db, token, at(31 * DAY))).user?.id).toBe(partner.id);
	});

	it('expire when unused past their expiry, and the row is deleted', async () => {
		const { token, session } = await signInAs(partner, 'partner');
		const result = await validateSessionToken(t.db, token, at(PARTNER_SESSION_LENGTH_MS));
		expect(result).toEqual({ session: null, user: null, ended: 'expired' });
		expect(await sessionRow(session.id)).toBeUndefined();
	});
});

describe('the practice’s limit on a partner’s “keep me signed in”', () => {
	async function limitPartnersTo(days: number) {
		await nameTestPractice(t.db, therapist.id, 'Northside Practice');
		await t.db.updateTable('practices').set({ partner_keep_signed_in_days: days }).execute();
	}

	it('gives a new kept session the practice’s days, not thirty', async () => {
		await limitPartnersTo(7);
		const { session } = await signInAs(partner, 'partner');
		expect(session.expiresAt).toEqual(at(7 * DAY));
		expect((await sessionRow(session.id))?.expires_at).toBe(at(7 * DAY).toISOString());
	});

	it('ends a kept session unused for that long, and renews one in use', async () => {
		await limitPartnersTo(4);
		const { token } = await signInAs(partner, 'partner');
		// Used on day 3 (under half left): renewed for four days from then.
		const used = await validateSessionToken(t.db, token, at(3 * DAY));
		expect(used.session?.expiresAt).toEqual(at(7 * DAY));
		expect((await validateSessionToken(t.db, token, at(7 * DAY))).ended).toBe('expired');
	});

	it('applies a shortened limit to sessions already started', async () => {
		const { token, session } = await signInAs(partner, 'partner');
		expect(session.expiresAt).toEqual(at(30 * DAY));
		await limitPartnersTo(2);
		// Used within the new limit: the cookie's end comes in to two days from now.
		const used = await validateSessionToken(t.db, token, at(DAY));
		expect(used.session?.expiresAt).toEqual(at(3 * DAY));
		// Unused for two days: over, though thirty were promised at sign-in.
		expect(await validateSessionToken(t.db, token, at(3 * DAY))).toEqual({
			session: null,
			user: null,
			ended: 'expired'
		});
	});

	it('never shortens a therapist’s session, which has its own limits', async () => {
		await limitPartnersTo(1);
		const { session } = await signInAs(therapist, 'therapist');
		expect(session.expiresAt).toEqual(at(THERAPIST_SESSION_LIMIT_MS));
	});
});

describe('sessions not kept ("keep me signed in" left off)', () => {
	it('store the choice and the device on the row', async () => {
		const { session } = await signInAs(partner, 'partner', start, false);
		expect(await sessionRow(session.id)).toMatchObject({
			keep_signed_in: 0,
			device: 'Firefox on Android'
		});
		expect(session.keepSignedIn).toBe(false);
	});

	it('end a partner after 2 hours idle, and the row is deleted', async () => {
		const { token, session } = await signInAs(partner, 'partner', start, false);
		expect((await validateSessionToken(t.db, token, at(119 * MINUTE))).user?.id).toBe(partner.id);
		// Idle counts from the last activity: 2 hours after it, not after sign-in.
		expect((await validateSessionToken(t.db, token, at(238 * MINUTE))).user?.id).toBe(partner.id);
		const result = await validateSessionToken(
			t.db,
			token,
			at(238 * MINUTE + SHORT_SESSION_IDLE_LIMIT_MS)
		);
		expect(result).toEqual({ session: null, user: null, ended: 'idle' });
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('keep a kept partner session past 2 hours idle', async () => {
		const { token } = await signInAs(partner, 'partner', start, true);
		expect((await validateSessionToken(t.db, token, at(3 * 60 * MINUTE))).user?.id).toBe(
			partner.id
		);
	});

	it("keep the therapist's stricter limits: 30 minutes idle, 12 hours in all", async () => {
		const idle = await signInAs(therapist, 'therapist', start, false);
		expect((await validateSessionToken(t.db, idle.token, at(30 * MINUTE))).ended).toBe(
			'inactivity'
		);
		const busy = await signInAs(therapist, 'therapist', start, false);
		for (let minutes = 20; minutes < 12 * 60; minutes += 20)
			expect(
				(await validateSessionToken(t.db, busy.token, at(minutes * MINUTE))).user
			).not.toBeNull();
		expect((await validateSessionToken(t.db, busy.token, at(12 * 60 * MINUTE))).ended).toBe(
			'time-limit'
		);
	});
});

describe('ending sessions', () => {
	it('invalidateSession makes the token worthless', async () => {
		const { token, session } = await signInAs(partner, 'partner');
		await invalidateSession(t.db, session.id);
		expect(await sessionRow(session.id)).toBeUndefined();
		expect(await validateSessionToken(t.db, token, at(MINUTE))).toEqual({
			session: null,
			user: null,
			ended: null
		});
	});

	it("invalidateOtherSessions keeps the current session and ends the user's others only", async () => {
		const current = await signInAs(therapist, 'therapist');
		const laptop = await signInAs(therapist, 'therapist');
		const phone = await signInAs(therapist, 'therapist');
		const someoneElse = await signInAs(partner, 'partner');

		await invalidateOtherSessions(t.db, therapist.id, current.session.id);

		expect(await sessionRow(current.session.id)).toBeDefined();
		expect(await sessionRow(laptop.session.id)).toBeUndefined();
		expect(await sessionRow(phone.session.id)).toBeUndefined();
		expect(await sessionRow(someoneElse.session.id)).toBeDefined();
		expect((await validateSessionToken(t.db, current.token, at(MINUTE))).user?.id).toBe(
			therapist.id
		);
		expect((await validateSessionToken(t.db, laptop.token, at(MINUTE))).session).toBeNull();
	});
});

describe('a session waiting for its two-step code', () => {
	it('lasts ten minutes, is marked as waiting, and is not renewed by use', async () => {
		const token = generateSessionToken();
		await createSession(t.db, token, { id: partner.id, role: 'partner' }, start, {
			keepSignedIn: true,
			device: null,
			twoStepPending: true
		});
		const waiting = await validateSessionToken(t.db, token, at(2 * MINUTE));
		expect(waiting.session?.twoStepPending).toBe(true);
		expect(waiting.session?.expiresAt).toEqual(at(SECOND_STEP_LIMIT_MS));
		expect((await validateSessionToken(t.db, token, at(SECOND_STEP_LIMIT_MS))).session).toBeNull();
	});

	it('becomes a full session once the code is right, its time counted from then', async () => {
		const token = generateSessionToken();
		const session = await createSession(
			t.db,
			token,
			{ id: therapist.id, role: 'therapist' },
			start,
			{
				keepSignedIn: false,
				device: null,
				twoStepPending: true
			}
		);
		await completeSecondStep(t.db, session, 'therapist', at(5 * MINUTE));
		const full = await validateSessionToken(t.db, token, at(6 * MINUTE));
		expect(full.session?.twoStepPending).toBe(false);
		expect(full.session?.createdAt).toEqual(at(5 * MINUTE));
		expect(full.session?.expiresAt).toEqual(at(5 * MINUTE + THERAPIST_SESSION_LIMIT_MS));
	});
});
