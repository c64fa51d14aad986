import { sql } from 'kysely';
import type { Database } from './open';

/**
 * Runs a read-then-write unit of work holding SQLite's write lock from the
 * start (BEGIN IMMEDIATE). A plain BEGIN takes the lock only at the first
 * write, and a second process writing in between makes that upgrade fail
 * with SQLITE_BUSY instead of waiting its turn.
 */
export async function writeTransaction<T>(
	db: Database,
	work: (trx: Database) => Promise<T>
): Promise<T> {
	// Called from inside another write transaction: that one already holds the lock.
	if (inTransaction.has(db)) return work(db);
	return db.connection().execute(async (connection) => {
		await sql`BEGIN IMMEDIATE`.execute(connection);
		inTransaction.add(connection);
		try {
			// Every query made through this connection is inside the transaction;
			// other callers wait for the connection until it is released.
			const result = await work(connection);
			await sql`COMMIT`.execute(connection);
			return result;
		} catch (error) {
			await sql`ROLLBACK`.execute(connection);
			throw error;
		} finally {
			inTransaction.delete(connection);
		}
	});
}

/** True when `db` is the connection of a write transaction in progress. */
export function isInTransaction(db: Database): boolean {
	return inTransaction.has(db);
}

/** Connections with a write transaction open, so nested calls join it instead of failing. */
const inTransaction = new WeakSet<Database>();
