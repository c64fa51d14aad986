import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changePassword } from './password-change';
import { hashPassword } from './password';
import { FailureThrottle, TokenBucket } from './rate-limit';
import { createSession, generateSessionToken } from './session';
import { signIn } from './sign-in';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';

const CURRENT = 'violet tram under quiet harbours';
const NEW = 'seven lanterns over a green canal';
const start = new Date('2026-11-27T14:00:00.000Z');
const later = new Date('2026-11-27T15:00:00.000Z');

let currentHash: string;
let t: TestDatabase;
let user: { id: string; email: string };
let sessionIds: { current: string; laptop: string; phone: string };

beforeAll(async () => {
	currentHash = await hashPassword(CURRENT);
});

beforeEach(async () => {
	t = await createTestDatabase();
	user = await insertTestUser(
		t.db,
		{ role: 'therapist' },
		{ passwordHash: currentHash, now: start }
	);
	const open = async () =>
		(
			await createSession(t.db, generateSessionToken(), { id: user.id, role: 'therapist' }, start, {
				keepSignedIn: true,
				device: null
			})
		).id;
	sessionIds = { current: await open(), laptop: await open(), phone: await open() };
});

afterEach(async () => {
	await t.cleanup();
});

function change(
	fields: { currentPassword: string; newPassword: string; newPasswordAgain?: string },
	throttle = new FailureThrottle('current-password')
) {
	return changePassword(
		t.db,
		{
			userId: user.id,
			sessionId: sessionIds.current,
			clientAddress: '203.0.113.7',
			newPasswordAgain: fields.newPassword,
			...fields
		},
		later,
		throttle
	);
}

async function stored() {
	const row = await t.db
		.selectFrom('users')
		.select(['password_hash', 'password_changed_at'])
		.where('id', '=', user.id)
		.executeTakeFirstOrThrow();
	const sessions = await t.db
		.selectFrom('sessions')
		.select('id')
		.where('user_id', '=', user.id)
		.execute();
	const audit = await t.db
		.selectFrom('audit_log')
		.select(['action', 'user_id', 'client_address'])
		.orderBy('id')
		.execute();
	return { ...row, sessions: sessions.map((session) => session.id).sort(), audit };
}

async function expectNothingChanged() {
	const now = await stored();
	expect(now.password_hash).toBe(currentHash);
	expect(now.password_changed_at).toBe(start.toISOString());
	expect(now.sessions).toEqual(Object.values(sessionIds).sort());
	expect(now.audit.map((row) => row.action)).not.toContain('password.change');
}

function signInWith(password: string) {
	return signIn(t.db, { email: user.email, password, clientAddress: '203.0.113.7' }, later, {
		perAccount: new FailureThrottle('sign-in.account'),
		perKnownDevice: new FailureThrottle('sign-in.known-device'),
		perAddress: new TokenBucket('sign-in.client', 30, 2_000)
	});
}

describe('changePassword', () => {
	it('refuses a wrong current password, says so on that field, and changes nothing', async () => {
		const result = await change({ currentPassword: 'not my password at all', newPassword: NEW });
		expect(result).toEqual({
			outcome: 'refused',
			problems: { currentPassword: 'That is not your current password.' }
		});
		await expectNothingChanged();
		expect((await stored()).audit).toEqual([
			{ action: 'password.change-failure', user_id: user.id, client_address: '203.0.113.7' }
		]);
	});

	it('refuses a weak new password', async () => {
		const tooShort = await change({ currentPassword: CURRENT, newPassword: 'short pass' });
		expect(tooShort).toEqual({
			outcome: 'refused',
			problems: { newPassword: expect.stringMatching(/at least 12/) }
		});
		const common = await change({ currentPassword: CURRENT, newPassword: 'password1234' });
		expect(common).toEqual({
			outcome: 'refused',
			problems: { newPassword: expect.stringMatching(/commonly used/) }
		});
		await expectNothingChanged();
	});

	it('refuses two different new passwords', async () => {
		const result = await change({
			currentPassword: CURRENT,
			newPassword: NEW,
			newPasswordAgain: `${NEW}!`
		});
		expect(result).toEqual({
			outcome: 'refused',
			problems: { newPasswordAgain: expect.stringMatching(/different/) }
		});
		await expectNothingChanged();
	});

	it('reports every problem at once', async () => {
		const result = await change({ currentPassword: 'wrong', newPassword: 'short' });
		expect(result).toEqual({
			outcome: 'refused',
			problems: {
				currentPassword: expect.any(String),
				newPassword: expect.stringMatching(/at least 12/)
			}
		});
		await expectNothingChanged();
	});

	it('changes the password, ends the other sessions, keeps this one, and records it', async () => {
		expect(await change({ currentPassword: CURRENT, newPassword: NEW })).toEqual({
			outcome: 'changed'
		});

		const now = await stored();
		expect(now.password_hash).not.toBe(currentHash);
		expect(now.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(now.password_changed_at).toBe(later.toISOString());
		expect(now.sessions).toEqual([sessionIds.current]);
		expect(now.audit).toEqual([
			{ action: 'password.change', user_id: user.id, client_address: '203.0.113.7' }
		]);
		for (const row of await t.db.selectFrom('audit_log').selectAll().execute()) {
			for (const value of Object.values(row)) {
				expect(String(value)).not.toContain(CURRENT);
				expect(String(value)).not.toContain(NEW);
			}
		}

		expect(await signInWith(CURRENT)).toEqual({ outcome: 'refused' });
		expect((await signInWith(NEW)).outcome).toBe('signed-in');
	});

	it('keeps the old password and every session when its audit row cannot be written', async () => {
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(change({ currentPassword: CURRENT, newPassword: NEW })).rejects.toThrow(
			/refused by the test/
		);
		const now = await stored();
		expect(now.password_hash).toBe(currentHash);
		expect(now.sessions).toHaveLength(Object.keys(sessionIds).length);
	});

	it('throttles guessing the current password, without checking it', async () => {
		const throttle = new FailureThrottle('current-password', [60_000]);
		await change({ currentPassword: 'guess one', newPassword: NEW }, throttle);
		const result = await change({ currentPassword: CURRENT, newPassword: NEW }, throttle);
		expect(result).toEqual({ outcome: 'throttled', retryAt: new Date(later.getTime() + 60_000) });
		await expectNothingChanged();
	});
});
