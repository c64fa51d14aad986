import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { migrations as appMigrations } from '../../../../migrations';
import type { Database } from './open';
import { StartupError } from '../startup-error';

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
	const migrator = new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((result) => result.status === 'Error');
		const reason = error instanceof Error ? error.message : String(error);
		throw new StartupError(
			`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}. The database was left as it was.`
		);
	}
	return (results ?? []).map((result) => result.migrationName);
}

async function refuseNewerDatabase(db: Database, migrations: Record<string, Migration>): Promise<void> {
	const tables = await db.introspection.getTables();
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
