import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirstTherapist } from './setup';
import { therapistExists } from './accounts';
import { verifyPassword } from './password';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';

const now = new Date('2026-11-27T14:00:00.000Z');
const from = { clientAddress: '203.0.113.7' };
const morgan = {
	email: ' Morgan@Example.com ',
	displayName: ' Dr. Morgan Reyes ',
	password: 'violet tram under quiet harbours'
};

let t: TestDatabase;

beforeEach(async () => {
	t = await createTestDatabase();
});

afterEach(async () => {
	await t.cleanup();
});

async function users() {
	return t.db.selectFrom('users').selectAll().execute();
}

/** The audit log, each row without its id. */
async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['at', 'user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

describe('createFirstTherapist', () => {
	it('makes the therapist’s account and records it as theirs, from where setup was done', async () => {
		const id = await createFirstTherapist(t.db, from, morgan, now);
		const [user] = await users();
		expect(user).toMatchObject({
			id,
			email: 'morgan@example.com',
			display_name: 'Dr. Morgan Reyes',
			role: 'therapist',
			created_at: now.toISOString()
		});
		expect(await verifyPassword(user!.password_hash, morgan.password)).toBe(true);
		expect(await auditRows()).toEqual([
			{
				at: now.toISOString(),
				user_id: id,
				action: 'setup.first-therapist',
				object_type: 'user',
				object_id: id,
				client_address: '203.0.113.7'
			}
		]);
	});

	it('makes nothing, and says so with null, once a therapist exists', async () => {
		await insertTestUser(t.db, { role: 'therapist' });
		const before = await users();
		expect(await createFirstTherapist(t.db, from, morgan, now)).toBeNull();
		expect(await users()).toEqual(before);
		expect(await auditRows()).toEqual([]);
	});

	it('makes one account when two people finish setup at once', async () => {
		const results = await Promise.all([
			createFirstTherapist(t.db, from, morgan, now),
			createFirstTherapist(t.db, from, { ...morgan, email: 'robin@example.com' }, now)
		]);
		expect(results.filter((id) => id !== null)).toHaveLength(1);
		expect(await users()).toHaveLength(1);
		expect(await auditRows()).toHaveLength(1);
	});

	it('queues a link to confirm the therapist’s address with the account', async () => {
		const id = await createFirstTherapist(t.db, from, morgan, now);
		const mail = await t.db
			.selectFrom('outbox')
			.select(['kind', 'user_id', 'to_address', 'from_name'])
			.execute();
		expect(mail).toEqual([
			{
				kind: 'address-confirmation',
				user_id: id,
				to_address: 'morgan@example.com',
				from_name: 'Common Ground'
			}
		]);
		const [user] = await users();
		expect(user?.email_confirmed_at).toBeNull();
	});

	it('keeps no account when its confirmation link cannot be queued', async () => {
		await failEvery(t, 'INSERT', 'address_confirmations');
		await expect(createFirstTherapist(t.db, from, morgan, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await therapistExists(t.db)).toBe(false);
		expect(await auditRows()).toEqual([]);
	});

	it('keeps no account when its audit row cannot be written', async () => {
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(createFirstTherapist(t.db, from, morgan, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await therapistExists(t.db)).toBe(false);
	});

	it('writes no audit row when the account cannot be made', async () => {
		await failEvery(t, 'INSERT', 'users');
		await expect(createFirstTherapist(t.db, from, morgan, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await auditRows()).toEqual([]);
	});
});
