import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { sql } from 'kysely';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';

let t: TestDatabase;

/** Before sign-in: no user, no address known. */
const NOBODY = { userId: null, clientAddress: null };

beforeEach(async () => {
	t = await createTestDatabase();
});

afterEach(async () => {
	await t.cleanup();
});

async function rows() {
	return t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
}

describe('recordAudit', () => {
	it('appends one row with who, what, which object and from where', async () => {
		const user = await insertTestUser(t.db, { role: 'therapist' });
		await recordAudit(
			t.db,
			{ userId: user.id, clientAddress: '203.0.113.7' },
			'sign-out',
			{ type: 'session', id: 'abc' },
			new Date('2026-11-27T14:00:00.000Z')
		);
		expect(await rows()).toEqual([
			{
				id: expect.any(Number),
				at: '2026-11-27T14:00:00.000Z',
				user_id: user.id,
				action: 'sign-out',
				object_type: 'session',
				object_id: 'abc',
				client_address: '203.0.113.7'
			}
		]);
	});

	it('writes one row per object, and none for an empty list', async () => {
		const actor = { userId: null, clientAddress: '203.0.113.7' };
		await recordAudit(t.db, actor, 'response.read', [
			{ type: 'response', id: 'r1' },
			{ type: 'response', id: 'r2' }
		]);
		await recordAudit(t.db, actor, 'response.read', []);
		expect((await rows()).map((row) => [row.action, row.object_id])).toEqual([
			['response.read', 'r1'],
			['response.read', 'r2']
		]);
	});

	it('stores the time in UTC ISO-8601, whatever the offset it was given in', async () => {
		await recordAudit(
			t.db,
			NOBODY,
			'access.refused',
			null,
			new Date('2026-11-27T15:30:00.250+01:30')
		);
		const [row] = await rows();
		expect(row?.at).toBe('2026-11-27T14:00:00.250Z');
		expect(row?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	it('defaults to the current time', async () => {
		const before = new Date().toISOString();
		await recordAudit(t.db, NOBODY, 'access.refused');
		const after = new Date().toISOString();
		const at = (await rows())[0]?.at ?? '';
		expect(at >= before && at <= after, `${before} <= ${at} <= ${after}`).toBe(true);
	});

	it('stores missing fields as null', async () => {
		await recordAudit(t.db, NOBODY, 'sign-in.throttled', null, new Date());
		expect(await rows()).toMatchObject([
			{ user_id: null, object_type: null, object_id: null, client_address: null }
		]);
	});

	it('encodes CR and LF so one entry cannot pose as two', async () => {
		await recordAudit(
			t.db,
			{ userId: null, clientAddress: '1.2.3.4\n5.6.7.8' },
			'access.refused',
			{ type: 'route\r\n', id: 'GET /x\r\n2026-11-27T14:00:00.000Z sign-in.success\nadmin\r' },
			new Date()
		);
		const [row] = await rows();
		expect(row?.object_type).toBe('route%0D%0A');
		expect(row?.object_id).toBe('GET /x%0D%0A2026-11-27T14:00:00.000Z sign-in.success%0Aadmin%0D');
		expect(row?.client_address).toBe('1.2.3.4%0A5.6.7.8');
		for (const value of Object.values(row ?? {})) expect(String(value)).not.toMatch(/[\r\n]/);
	});

	it('bounds the length of what it is given', async () => {
		await recordAudit(
			t.db,
			NOBODY,
			'access.refused',
			{ type: 'route', id: 'x'.repeat(10_000) },
			new Date()
		);
		const [row] = await rows();
		expect(row?.object_id).toHaveLength(500);
	});
});

describe('the audit_log table', () => {
	beforeEach(async () => {
		await recordAudit(
			t.db,
			NOBODY,
			'sign-in.failure',
			{ type: 'user', id: 'original' },
			new Date()
		);
	});

	it('refuses UPDATE', async () => {
		await expect(sql`UPDATE audit_log SET object_id = 'forged'`.execute(t.db)).rejects.toThrow(
			/append-only/
		);
		await expect(
			t.db.updateTable('audit_log').set({ action: 'sign-in.success' }).execute()
		).rejects.toThrow(/append-only/);
		expect(await rows()).toMatchObject([{ action: 'sign-in.failure', object_id: 'original' }]);
	});

	it('refuses DELETE', async () => {
		await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
		expect(await rows()).toHaveLength(1);
	});

	// PostgreSQL has no INSERT OR REPLACE; an insert there can only add a row.
	it.skipIf(onPostgres())('refuses INSERT OR REPLACE over an existing row', async () => {
		const [original] = await rows();
		expect(() =>
			t.sqlite
				.prepare(
					"INSERT OR REPLACE INTO audit_log (id, at, action, object_id) VALUES (?, '2026-01-01T00:00:00.000Z', 'sign-in.success', 'forged')"
				)
				.run(original!.id)
		).toThrow(/append-only/);
		expect(await rows()).toMatchObject([{ action: 'sign-in.failure', object_id: 'original' }]);
	});

	it('still appends rows with ids of their own', async () => {
		await recordAudit(t.db, NOBODY, 'sign-out', null, new Date());
		expect(await rows()).toHaveLength(2);
	});
});
