import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../testing/test-database';
import { groupedWrite } from './group-commit';

let t: TestDatabase;
/** Another connection to the same file: it sees only what is committed. */
let onlooker: SQLite.Database;
beforeEach(async () => {
	t = await createTestDatabase();
	t.sqlite.exec('CREATE TABLE notes (text TEXT NOT NULL)');
	onlooker = new SQLite(t.file, { readonly: true });
});
afterEach(async () => {
	onlooker.close();
	await t.cleanup();
});
const committed = () => onlooker.prepare('SELECT count(*) FROM notes').pluck().get();

const notes = () => t.sqlite.prepare('SELECT text FROM notes ORDER BY rowid').pluck().all();
const write = (text: string) =>
	groupedWrite(t.db, async (trx) => {
		await trx
			.insertInto('notes' as never)
			.values({ text })
			.execute();
		return text;
	});

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('groupedWrite', () => {
	it('writes what arrives together in one transaction, answering each caller', async () => {
		let seenByOthers: unknown = null;
		const last = groupedWrite(t.db, async () => {
			// The two writes before this one are done, and not yet committed.
			seenByOthers = committed();
			return 'last';
		});
		const answers = await Promise.all([write('one'), write('two'), last]);
		expect(answers).toEqual(['one', 'two', 'last']);
		expect(seenByOthers).toBe(0);
		expect(committed()).toBe(2);
		expect(notes()).toEqual(['one', 'two']);
	});

	it('undoes a write that fails and keeps the others of its group', async () => {
		const failing = groupedWrite(t.db, async (trx) => {
			await trx
				.insertInto('notes' as never)
				.values({ text: 'half done' })
				.execute();
			throw new Error('refused');
		});
		const [first, second, third] = await Promise.allSettled([
			write('kept'),
			failing,
			write('also kept')
		]);
		expect(first).toEqual({ status: 'fulfilled', value: 'kept' });
		expect(second).toMatchObject({ status: 'rejected', reason: new Error('refused') });
		expect(third).toEqual({ status: 'fulfilled', value: 'also kept' });
		expect(notes()).toEqual(['kept', 'also kept']);
	});

	it('answers a caller only once its write is committed, and takes later writes in a later one', async () => {
		await write('first');
		expect(committed()).toBe(1);
		await write('second');
		expect(committed()).toBe(2);
	});
});
