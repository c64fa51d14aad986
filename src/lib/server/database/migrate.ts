import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
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
	const provider: MigrationProvider = { getMigrations: async () => migrations };
	// Kysely's Migrator uses no transaction on SQLite; one around all pending
	// migrations makes a failure leave the database exactly as it was.
	const { error, results } = await writeTransaction(db, async (trx) => {
		const outcome = await new Migrator({
			db: trx,
			provider,
			migrationTableName: MIGRATION_TABLE
		}).migrateToLatest();
		if (outcome.error) throw new MigrationFailed(outcome);
		return outcome;
	}).catch((failure: unknown) => {
		if (failure instanceof MigrationFailed) return failure.outcome;
		throw failure;
	});
	if (error) {
		const failed = results?.find((result) => result.status === 'Error');
		const reason = error instanceof Error ? error.message : String(error);
		throw new StartupError(
			`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}. The database was left as it was.`
		);
	}
	return (results ?? []).map((result) => result.migrationName);
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
