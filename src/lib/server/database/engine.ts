import {
	PostgresAdapter,
	type Migration,
	type MigrationProvider,
	type MigrationResultSet,
	type SelectQueryBuilder
} from 'kysely';
import type { Database } from './open';
import { sqliteEngine } from './sqlite-engine';
import { postgresEngine } from './postgres-engine';

/**
 * What SQLite and PostgreSQL do differently, behind one face. Feature code
 * never asks which engine it runs on: the few things that differ (taking
 * the write lock, running migrations, recognising a duplicate, clearing
 * deleted bytes) are answered by the engine's own module.
 */
export interface Engine {
	name: 'sqlite' | 'postgres';
	/** The migrations written for this engine, by the same names on both. */
	migrations: Record<string, Migration>;
	/**
	 * Opens a transaction on `connection` that holds the one write lock from
	 * its first statement, so a read-then-write unit never interleaves with
	 * another writer, in this process or another.
	 */
	beginWrite(connection: Database): Promise<void>;
	/** Runs the pending migrations all or nothing, and reports as Kysely's Migrator does. */
	migrate(db: Database, provider: MigrationProvider): Promise<MigrationResultSet>;
	/**
	 * A query choosing rows one worker is about to claim with an UPDATE,
	 * made safe for workers claiming at the same moment (see each engine).
	 */
	claimable<DB, TB extends keyof DB, O>(
		query: SelectQueryBuilder<DB, TB, O>
	): SelectQueryBuilder<DB, TB, O>;
	/** True for the error a UNIQUE constraint raises. */
	isUniqueViolation(error: unknown): boolean;
	/**
	 * Called after deleting or overwriting private data: makes the old bytes
	 * unreadable as far as the engine allows (see each engine for how far).
	 */
	forgetOverwritten(db: Database): Promise<void>;
}

/** The engine behind a database handle, a transaction's connection included. */
export function engineOf(db: Database): Engine {
	return db.getExecutor().adapter instanceof PostgresAdapter ? postgresEngine : sqliteEngine;
}

/** True when `location` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresLocation(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}
