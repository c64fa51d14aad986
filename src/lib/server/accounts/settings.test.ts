import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeZone } from './settings';
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

async function timeZone() {
	const row = await t.db
		.selectFrom('users')
		.select('time_zone')
		.where('id', '=', actor.userId)
		.executeTakeFirstOrThrow();
	return row.time_zone;
}

/** The audit log, each row without its id. */
async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['at', 'user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

describe('setTimeZone', () => {
	it('changes the time zone and records the change, with who and from where', async () => {
		await setTimeZone(t.db, actor, 'Europe/Lisbon', now);
		expect(await timeZone()).toBe('Europe/Lisbon');
		expect(await auditRows()).toEqual([
			{
				at: now.toISOString(),
				user_id: actor.userId,
				action: 'settings.change',
				object_type: 'user',
				object_id: actor.userId,
				client_address: '203.0.113.7'
			}
		]);
	});

	it('changes only the time zone of the person asking', async () => {
		const other = await insertTestUser(t.db, { role: 'therapist' });
		await setTimeZone(t.db, actor, 'Asia/Tokyo', now);
		const theirs = await t.db
			.selectFrom('users')
			.select('time_zone')
			.where('id', '=', other.id)
			.executeTakeFirstOrThrow();
		expect(theirs.time_zone).toBe('UTC');
	});

	it('keeps no change when its audit row cannot be written', async () => {
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(setTimeZone(t.db, actor, 'Europe/Lisbon', now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await timeZone()).toBe('UTC');
	});

	it('writes no audit row when the change cannot be made', async () => {
		await failEvery(t, 'UPDATE', 'users');
		await expect(setTimeZone(t.db, actor, 'Europe/Lisbon', now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await auditRows()).toEqual([]);
	});

	it('refuses what is not a time zone, and changes nothing', async () => {
		await expect(setTimeZone(t.db, actor, 'Mars/Olympus', now)).rejects.toThrow(RangeError);
		expect(await timeZone()).toBe('UTC');
		expect(await auditRows()).toEqual([]);
	});
});
