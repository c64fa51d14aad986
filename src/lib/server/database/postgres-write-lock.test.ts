import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from './write-transaction';
import { groupedWrite } from './group-commit';
import type { Database } from './open';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	openSecondConnection,
	type TestDatabase
} from '../testing/test-database';

// On PostgreSQL the write lock is an advisory lock every app process takes
// (postgres-engine.ts). These are write-transaction.test.ts's promises,
// made by two pools to one database as two app processes would hold them.

let t: TestDatabase;
let otherProcess: Database;

/** A promise the test resolves when it chooses. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { opened, open };
}

async function userCount(db: Database = t.db) {
	return (await db.selectFrom('users').select('id').execute()).length;
}

describe.skipIf(!onPostgres())('the write lock on PostgreSQL', () => {
	beforeEach(async () => {
		t = await createTestDatabase();
		otherProcess = await openSecondConnection(t);
	});
	afterEach(async () => {
		await otherProcess.destroy();
		await t.cleanup();
	});

	it('holds another process’s write transaction back until it commits, even before its first write', async () => {
		const inside = gate();
		const release = gate();
		const order: string[] = [];
		const first = writeTransaction(t.db, async (trx) => {
			// Read, then write: the other process must not write in between.
			const seen = await userCount(trx);
			inside.open();
			await release.opened;
			await insertTestUser(trx, { role: 'therapist' });
			order.push(`first saw ${seen}`);
		});
		await inside.opened;
		const second = writeTransaction(otherProcess, async (trx) => {
			order.push(`second saw ${await userCount(trx)}`);
			await insertTestUser(trx, { role: 'therapist' });
		});
		// The second is waiting for the lock: its work has not begun while the first holds it.
		await expect
			.poll(async () => {
				const { rows } = await sql<{ waiting: number }>`
					SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(t.db);
				return rows[0]?.waiting;
			})
			.toBe(1);
		expect(order).toEqual([]);
		release.open();
		await Promise.all([first, second]);
		expect(order).toEqual(['first saw 0', 'second saw 1']);
		expect(await userCount()).toBe(2);
	});

	it('lets readers read while a write transaction holds the lock', async () => {
		const inside = gate();
		const release = gate();
		const writing = writeTransaction(t.db, async (trx) => {
			await insertTestUser(trx, { role: 'therapist' });
			inside.open();
			await release.opened;
		});
		await inside.opened;
		// Not yet committed, so not yet seen; and the read did not wait.
		expect(await userCount(otherProcess)).toBe(0);
		release.open();
		await writing;
		expect(await userCount(otherProcess)).toBe(1);
	});

	it('rolls everything back when its work throws, releases the lock, and passes the error on', async () => {
		await expect(
			writeTransaction(t.db, async (trx) => {
				await insertTestUser(trx, { role: 'therapist' });
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		expect(await userCount()).toBe(0);
		await writeTransaction(otherProcess, (trx) => insertTestUser(trx, { role: 'therapist' }));
		expect(await userCount()).toBe(1);
	});

	it('lets a nested write transaction join the outer one, and fail it', async () => {
		await expect(
			writeTransaction(t.db, async (outer) => {
				await insertTestUser(outer, { role: 'therapist' });
				await writeTransaction(outer, async (inner) => {
					await insertTestUser(inner, { role: 'therapist' });
					throw new Error('inner failed');
				});
			})
		).rejects.toThrow('inner failed');
		expect(await userCount()).toBe(0);
	});

	it('groups saves into one commit, undoing only the one that fails', async () => {
		const results = await Promise.allSettled([
			groupedWrite(t.db, (trx) =>
				insertTestUser(trx, { role: 'therapist' }, { email: 'a@example.com' })
			),
			groupedWrite(t.db, (trx) =>
				insertTestUser(trx, { role: 'therapist' }, { email: 'a@example.com' })
			),
			groupedWrite(t.db, (trx) =>
				insertTestUser(trx, { role: 'therapist' }, { email: 'b@example.com' })
			)
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		const emails = await t.db.selectFrom('users').select('email').orderBy('email').execute();
		expect(emails.map((row) => row.email)).toEqual(['a@example.com', 'b@example.com']);
	});
});
