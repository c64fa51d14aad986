import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from './write-transaction';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';

let t: TestDatabase;
let otherProcess: SQLite.Database;

beforeEach(async () => {
	t = await createTestDatabase();
	// A second connection, as another process would open it, that does not wait for locks.
	otherProcess = new SQLite(t.file);
	otherProcess.pragma('busy_timeout = 0');
});

afterEach(async () => {
	otherProcess.close();
	await t.cleanup();
});

/** A promise the test resolves when it chooses. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { opened, open };
}

/** 'began', or the error the other process met. */
function otherProcessBeginsWriting(): string {
	try {
		otherProcess.exec('BEGIN IMMEDIATE');
		otherProcess.exec('ROLLBACK');
		return 'began';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
}

async function userCount() {
	return (await t.db.selectFrom('users').select('id').execute()).length;
}

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('writeTransaction', () => {
	it('holds the write lock from BEGIN, before its first write', async () => {
		const inside = gate();
		const release = gate();
		const running = writeTransaction(t.db, async (trx) => {
			await trx.selectFrom('users').select('id').execute();
			inside.open();
			await release.opened;
			await insertTestUser(trx, { role: 'therapist' });
			return 'done';
		});

		await inside.opened;
		expect(otherProcessBeginsWriting()).toBe('SQLITE_BUSY');

		release.open();
		expect(await running).toBe('done');
		expect(otherProcessBeginsWriting()).toBe('began');
		expect(await userCount()).toBe(1);
	});

	it('differs from a plain transaction, which lets another writer in until its first write', async () => {
		const inside = gate();
		const release = gate();
		const running = t.db.transaction().execute(async (trx) => {
			await trx.selectFrom('users').select('id').execute();
			inside.open();
			await release.opened;
		});

		await inside.opened;
		expect(otherProcessBeginsWriting()).toBe('began');
		release.open();
		await running;
	});

	it('makes other queries on the same database wait until it ends', async () => {
		const inside = gate();
		const release = gate();
		const order: string[] = [];
		const running = writeTransaction(t.db, async (trx) => {
			inside.open();
			await release.opened;
			await insertTestUser(trx, { role: 'therapist' });
			order.push('transaction wrote');
		});
		await inside.opened;
		const outside = userCount().then((count) => order.push(`outside read ${count}`));

		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual([]);
		release.open();
		await Promise.all([running, outside]);
		expect(order).toEqual(['transaction wrote', 'outside read 1']);
	});

	it('rolls everything back when its work throws, and passes the error on', async () => {
		const failure = new Error('the worksheet did not validate');
		await expect(
			writeTransaction(t.db, async (trx) => {
				await insertTestUser(trx, { role: 'therapist' });
				expect(await trx.selectFrom('users').select('id').execute()).toHaveLength(1);
				throw failure;
			})
		).rejects.toBe(failure);

		expect(await userCount()).toBe(0);
		expect(otherProcessBeginsWriting()).toBe('began');
		// The connection is usable afterwards.
		await writeTransaction(t.db, (trx) => insertTestUser(trx, { role: 'therapist' }));
		expect(await userCount()).toBe(1);
	});

	it('rolls back when a statement fails', async () => {
		await expect(
			writeTransaction(t.db, async (trx) => {
				await insertTestUser(trx, { role: 'therapist' }, { email: 'same@example.com' });
				await insertTestUser(trx, { role: 'therapist' }, { email: 'same@example.com' });
			})
		).rejects.toThrow(/UNIQUE/);
		expect(await userCount()).toBe(0);
	});

	it('lets a write transaction started inside another join it, instead of failing on a second BEGIN', async () => {
		const result = await writeTransaction(t.db, async (outer) => {
			await insertTestUser(outer, { role: 'therapist' });
			const inner = await writeTransaction(outer, async (trx) => {
				// The same connection: it sees the outer transaction's uncommitted row.
				expect(await trx.selectFrom('users').select('id').execute()).toHaveLength(1);
				await insertTestUser(trx, { role: 'therapist' });
				return 'inner done';
			});
			// Still inside the outer transaction: the lock is held until it ends.
			expect(otherProcessBeginsWriting()).toBe('SQLITE_BUSY');
			return inner;
		});
		expect(result).toBe('inner done');
		expect(await userCount()).toBe(2);
		expect(otherProcessBeginsWriting()).toBe('began');
	});

	it('rolls back the outer work too when the nested one fails', async () => {
		const failure = new Error('the nested work failed');
		await expect(
			writeTransaction(t.db, async (outer) => {
				await insertTestUser(outer, { role: 'therapist' });
				await writeTransaction(outer, async (trx) => {
					await insertTestUser(trx, { role: 'therapist' });
					throw failure;
				});
				await insertTestUser(outer, { role: 'therapist' });
			})
		).rejects.toBe(failure);

		expect(await userCount()).toBe(0);
		expect(otherProcessBeginsWriting()).toBe('began');
		// Neither the connection nor the nesting bookkeeping is left in a transaction.
		await writeTransaction(t.db, (trx) =>
			writeTransaction(trx, (inner) => insertTestUser(inner, { role: 'therapist' }))
		);
		expect(await userCount()).toBe(1);
	});

	it('runs transactions one after another when started at once on the same database', async () => {
		await Promise.all(
			Array.from({ length: 5 }, () =>
				writeTransaction(t.db, async (trx) => {
					const before = (await trx.selectFrom('users').select('id').execute()).length;
					await new Promise((resolve) => setImmediate(resolve));
					await insertTestUser(trx, { role: 'therapist' });
					expect((await trx.selectFrom('users').select('id').execute()).length).toBe(before + 1);
				})
			)
		);
		expect(await userCount()).toBe(5);
	});

	it('waits for another process holding the lock instead of failing', async () => {
		// better-sqlite3 blocks its thread while it waits, so the other writer runs in a worker:
		// it takes the lock, and lets go 200 ms after it is told to.
		const holder = new Worker(
			`const SQLite = require('better-sqlite3');
			const { parentPort, workerData } = require('node:worker_threads');
			const db = new SQLite(workerData.file);
			db.exec('BEGIN IMMEDIATE');
			db.prepare("INSERT INTO audit_log (at, action) VALUES ('2026-11-27T14:00:00.000Z', 'from the worker')").run();
			parentPort.postMessage('locked');
			parentPort.once('message', () => {
				Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
				db.exec('COMMIT');
				db.close();
				parentPort.postMessage('committed');
			});`,
			{ eval: true, workerData: { file: t.file } }
		);
		try {
			await new Promise((resolve, reject) => {
				holder.once('message', resolve);
				holder.once('error', reject);
			});
			expect(otherProcessBeginsWriting()).toBe('SQLITE_BUSY');

			holder.postMessage('release');
			// Blocks in SQLite's busy handler (up to 5 s) until the worker commits, instead of failing.
			await writeTransaction(t.db, (trx) => insertTestUser(trx, { role: 'therapist' }));
			expect(await userCount()).toBe(1);
			expect(await t.db.selectFrom('audit_log').select('action').execute()).toEqual([
				{ action: 'from the worker' }
			]);
		} finally {
			await holder.terminate();
		}
	});
});
