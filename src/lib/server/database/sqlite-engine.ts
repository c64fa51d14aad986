import {
	Migrator,
	sql,
	type Migration,
	type MigrationProvider,
	type MigrationResultSet
} from 'kysely';
import { migrations } from '../../../../migrations';
import type { Engine } from './engine';
import type { Database } from './open';
import { StartupError } from '../startup/startup-error';
import { writeTransaction } from './write-transaction';

// SQLite's side of the engine: one file, one writer at a time.

export const sqliteEngine: Engine = {
	name: 'sqlite',
	migrations,

	// A plain BEGIN takes the lock only at the first write, and a second
	// process writing in between makes that upgrade fail with SQLITE_BUSY
	// instead of waiting its turn; IMMEDIATE takes it at once.
	async beginWrite(connection) {
		await sql`BEGIN IMMEDIATE`.execute(connection);
	},

	// Kysely's Migrator uses no transaction on SQLite; one around all pending
	// migrations (the caller's write transaction) makes a failure leave the
	// database exactly as it was.
	async migrate(db, provider) {
		return withoutForeignKeyEnforcement(db, (connection) =>
			writeTransaction(connection, async (trx) => {
				const outcome = await new Migrator({
					db: trx,
					provider: checkingForeignKeys(provider),
					migrationTableName: 'kysely_migration'
				}).migrateToLatest();
				if (outcome.error) throw new MigrationFailed(outcome);
				return outcome;
			})
		).catch((failure: unknown) => {
			if (failure instanceof MigrationFailed) return failure.outcome;
			throw failure;
		});
	},

	// One UPDATE … WHERE id IN (SELECT …) runs whole under the file's write
	// lock: a second claimer sees the first's claim.
	claimable(query) {
		return query;
	},

	isUniqueViolation(error) {
		return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
	},

	// secure_delete (set when the file is opened) has already zeroed the old
	// bytes in the main file, but the old pages linger in the write-ahead log
	// until a checkpoint copies it back: take one now.
	async forgetOverwritten(db) {
		await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
	}
};

/**
 * Runs `work` on one connection with foreign-key enforcement off, and puts
 * enforcement back as it was afterwards, even when `work` fails. A migration
 * that rebuilds a table (SQLite's way to drop a column named in a CHECK or a
 * foreign key) drops the old table, and with enforcement on that first deletes
 * every row, cascading to the rows that reference it. The pragma is a no-op
 * inside a transaction, so it is switched here, outside the one the
 * migrations run in; each migration is checked by foreign_key_check instead.
 */
export async function withoutForeignKeyEnforcement<T>(
	db: Database,
	work: (connection: Database) => Promise<T>
): Promise<T> {
	return db.connection().execute(async (connection) => {
		const before = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(connection);
		const enforced = before.rows[0]?.foreign_keys === 1;
		await sql`PRAGMA foreign_keys = OFF`.execute(connection);
		try {
			return await work(connection);
		} finally {
			if (enforced) await enforceForeignKeys(connection);
		}
	});
}

/** Turns enforcement back on, and says so if it did not take (as inside a transaction left open). */
async function enforceForeignKeys(connection: Database): Promise<void> {
	await sql`PRAGMA foreign_keys = ON`.execute(connection);
	const after = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(connection);
	if (after.rows[0]?.foreign_keys !== 1)
		throw new StartupError('Foreign key enforcement could not be turned back on after migrating.');
}

/**
 * Each migration, followed by PRAGMA foreign_key_check inside the same
 * transaction: with enforcement off, nothing else would notice a migration
 * that leaves a row pointing at nothing. Failing here fails that migration,
 * so every pending one is rolled back and the report names it.
 */
function checkingForeignKeys(provider: MigrationProvider): MigrationProvider {
	return {
		getMigrations: async () =>
			Object.fromEntries(
				Object.entries(await provider.getMigrations()).map(([name, migration]) => [
					name,
					{
						...migration,
						up: async (db) => {
							await migration.up(db);
							const { rows } = await sql<ForeignKeyProblem>`PRAGMA foreign_key_check`.execute(db);
							if (rows.length > 0) throw new BrokenForeignKeys(rows);
						}
					} satisfies Migration
				])
			)
	};
}

/** A row of PRAGMA foreign_key_check: which row of which table points at nothing in which parent. */
interface ForeignKeyProblem {
	table: string;
	rowid: number | null;
	parent: string;
	fkid: number;
}

class BrokenForeignKeys extends Error {
	constructor(problems: ForeignKeyProblem[]) {
		const first = problems[0]!;
		super(
			`it left ${problems.length} row(s) referring to rows that do not exist ` +
				`(the first: ${first.table} row ${first.rowid ?? '(no rowid)'}, referring to ${first.parent})`
		);
	}
}

/** Carries the Migrator's report out of the transaction it rolled back. */
class MigrationFailed extends Error {
	constructor(readonly outcome: MigrationResultSet) {
		super('A migration failed.');
	}
}
