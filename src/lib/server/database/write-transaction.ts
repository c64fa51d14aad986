import { sql } from 'kysely';
import type { Database } from './open';
import { engineOf } from './engine';

/**
 * Runs a read-then-write unit of work holding the database's one write lock
 * from the start: SQLite's file lock (BEGIN IMMEDIATE), or on PostgreSQL an
 * advisory lock every app process takes (postgres-engine.ts). Either way no
 * other writer, in this process or another, runs between the read and the
 * write.
 */
export async function writeTransaction<T>(
	db: Database,
	work: (trx: Database) => Promise<T>
): Promise<T> {
	// Called from inside another write transaction: that one already holds the lock.
	if (inTransaction.has(db)) return work(db);
	return db.connection().execute(async (connection) => {
		try {
			await engineOf(connection).beginWrite(connection);
		} catch (error) {
			// A transaction begun but not locked must not go back to the pool open.
			await sql`ROLLBACK`.execute(connection).catch(() => {});
			throw error;
		}
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
