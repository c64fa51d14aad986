import { inspect } from 'node:util';
import {
	Migrator,
	sql,
	type Migration,
	type MigrationProvider,
	type MigrationResultSet
} from 'kysely';
import { migrations as appMigrations } from '../../../../migrations';
import type { Database } from './open';
import { writeTransaction } from './write-transaction';
import { StartupError } from '../startup/startup-error';

const MIGRATION_TABLE = 'kysely_migration';

/**
 * Brings the database up to this version of the app. A database that has
 * migrations this app does not know was written by a newer version: it is
 * refused rather than run against code that does not understand it.
 */
export async function migrateToLatest(
	db: Database,
	migrations: Record<string, Migration> = appMigrations
): Promise<string[]> {
	await refuseNewerDatabase(db, migrations);
	const provider: MigrationProvider = {
		getMigrations: async () => checkingForeignKeys(migrations)
	};
	// Kysely's Migrator uses no transaction on SQLite; one around all pending
	// migrations makes a failure leave the database exactly as it was.
	const { error, results } = await withoutForeignKeyEnforcement(db, (connection) =>
		writeTransaction(connection, async (trx) => {
			const outcome = await new Migrator({
				db: trx,
				provider,
				migrationTableName: MIGRATION_TABLE
			}).migrateToLatest();
			if (outcome.error) throw new MigrationFailed(outcome);
			return outcome;
		})
	).catch((failure: unknown) => {
		if (failure instanceof MigrationFailed) return failure.outcome;
		throw failure;
	});
	if (error) {
		const failed = results?.find((result) => result.status === 'Error');
		const reason = error instanceof Error ? error.message : inspect(error);
		throw new StartupError(
			`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}. The database was left as it was.`
		);
	}
	return (results ?? []).map((result) => result.migrationName);
}

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
function checkingForeignKeys(migrations: Record<string, Migration>): Record<string, Migration> {
	return Object.fromEntries(
		Object.entries(migrations).map(([name, migration]) => [
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
	);
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

async function refuseNewerDatabase(
	db: Database,
	migrations: Record<string, Migration>
): Promise<void> {
	// Kysely leaves its own tables out of introspection unless asked.
	const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
	if (!tables.some((table) => table.name === MIGRATION_TABLE)) return;

	// The migration table is not part of the app's typed schema.
	const applied = await (db as unknown as import('kysely').Kysely<Record<string, { name: string }>>)
		.selectFrom(MIGRATION_TABLE)
		.select('name')
		.execute();
	const unknown = applied.map((row) => row.name).filter((name) => !(name in migrations));
	if (unknown.length > 0) {
		throw new StartupError(
			`This database was written by a newer version of Common Ground (migration ${unknown.join(', ')}); ` +
				'run that version or newer, or restore a backup made by this one.'
		);
	}
}
