import { inspect } from 'node:util';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from './open';
import { engineOf } from './engine';
import { StartupError } from '../startup/startup-error';

export { withoutForeignKeyEnforcement } from './sqlite-engine';

const MIGRATION_TABLE = 'kysely_migration';

/**
 * Brings the database up to this version of the app, with the migrations
 * written for its engine. A database that has migrations this app does not
 * know was written by a newer version: it is refused rather than run
 * against code that does not understand it.
 */
export async function migrateToLatest(
	db: Database,
	migrations: Record<string, Migration> = engineOf(db).migrations
): Promise<string[]> {
	await refuseNewerDatabase(db, migrations);
	const provider: MigrationProvider = { getMigrations: async () => migrations };
	const { error, results } = await engineOf(db).migrate(db, provider);
	if (error) {
		const failed = results?.find((result) => result.status === 'Error');
		const reason = error instanceof Error ? error.message : inspect(error);
		throw new StartupError(
			`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}. The database was left as it was.`
		);
	}
	return (results ?? []).map((result) => result.migrationName);
}

/** The names of the migrations the database has had; null when it has never been migrated. */
export async function appliedMigrations(db: Database): Promise<string[] | null> {
	// Kysely leaves its own tables out of introspection unless asked.
	const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
	if (!tables.some((table) => table.name === MIGRATION_TABLE)) return null;
	// The migration table is not part of the app's typed schema.
	const applied = await (db as unknown as Kysely<Record<string, { name: string }>>)
		.selectFrom(MIGRATION_TABLE)
		.select('name')
		.execute();
	return applied.map((row) => row.name);
}

async function refuseNewerDatabase(
	db: Database,
	migrations: Record<string, Migration>
): Promise<void> {
	const applied = (await appliedMigrations(db)) ?? [];
	const unknown = applied.filter((name) => !(name in migrations));
	if (unknown.length > 0) {
		throw new StartupError(
			`This database was written by a newer version of Common Ground (migration ${unknown.join(', ')}); ` +
				'run that version or newer, or restore a backup made by this one.'
		);
	}
}
