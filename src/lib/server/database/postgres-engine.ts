import { Migrator, sql } from 'kysely';
import { migrations } from '../../../../migrations/postgres';
import type { Engine } from './engine';

// PostgreSQL's side of the engine: one server, any number of app processes.

/**
 * The advisory lock every write transaction takes, whichever process runs
 * it. Writes are serialized as they are on SQLite, so every read-then-write
 * unit the app was written with (claiming mail from the outbox, a scheduled
 * job's "already done?", counting sign-in attempts) stays correct with two
 * processes or ten, without each feature taking locks of its own. Readers
 * are never blocked. The number is arbitrary but fixed: "CmGr".
 */
const WRITE_LOCK = 0x436d4772;

export const postgresEngine: Engine = {
	name: 'postgres',
	migrations,

	async beginWrite(connection) {
		await sql`BEGIN`.execute(connection);
		await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`.execute(connection);
	},

	// Kysely's Migrator runs every pending migration in one transaction on
	// PostgreSQL, under an advisory lock of its own: a failure leaves the
	// database as it was, and two processes starting at once migrate once.
	async migrate(db, provider) {
		return new Migrator({ db, provider, migrationTableName: 'kysely_migration' }).migrateToLatest();
	},

	// A claimer waiting on another's UPDATE re-checks only the row, not the
	// subquery that chose it, and would take the same rows. Locking the chosen
	// rows and skipping those another claimer holds gives each worker its own.
	claimable(query) {
		return query.forUpdate().skipLocked();
	},

	isUniqueViolation(error) {
		return error instanceof Error && 'code' in error && error.code === '23505';
	},

	// PostgreSQL keeps a deleted row's old version until VACUUM reclaims its
	// space, and even then the bytes stay on disk until overwritten; it has no
	// secure_delete. There is nothing to run here that would make them
	// unreadable: the README asks operators for encrypted disks and backups,
	// and says how long their WAL archive keeps what was deleted.
	async forgetOverwritten() {}
};
