import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signOut } from './sign-out';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let actor: { userId: string; clientAddress: string };

beforeEach(async () => {
	t = await createTestDatabase();
	actor = {
		userId: (await insertTestUser(t.db, { role: 'therapist' })).id,
		clientAddress: '203.0.113.7'
	};
});

afterEach(async () => {
	await t.cleanup();
});

async function signedIn() {
	const token = generateSessionToken();
	const session = await createSession(t.db, token, { id: actor.userId, role: 'therapist' }, now, {
		keepSignedIn: true,
		device: null
	});
	return { token, session };
}

const stillSignedIn = async (token: string) =>
	(await validateSessionToken(t.db, token, now)).session !== null;

/** The audit log, each row without its id. */
async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['at', 'user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

describe('signOut', () => {
	it('ends this session, leaves the person’s others, and records the sign-out', async () => {
		const here = await signedIn();
		const elsewhere = await signedIn();
		await signOut(t.db, actor, here.session.id, now);
		expect(await stillSignedIn(here.token)).toBe(false);
		expect(await stillSignedIn(elsewhere.token)).toBe(true);
		expect(await auditRows()).toEqual([
			{
				at: now.toISOString(),
				user_id: actor.userId,
				action: 'sign-out',
				object_type: 'user',
				object_id: actor.userId,
				client_address: '203.0.113.7'
			}
		]);
	});

	it('keeps the session when its audit row cannot be written', async () => {
		const here = await signedIn();
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(signOut(t.db, actor, here.session.id, now)).rejects.toThrow('refused by the test');
		expect(await stillSignedIn(here.token)).toBe(true);
	});

	it('writes no audit row when the session cannot be ended', async () => {
		const here = await signedIn();
		await failEvery(t, 'DELETE', 'sessions');
		await expect(signOut(t.db, actor, here.session.id, now)).rejects.toThrow('refused by the test');
		expect(await auditRows()).toEqual([]);
	});
});
