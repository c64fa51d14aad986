import { openDatabase, type Database, type OpenedDatabase } from './open';
import { migrateToLatest } from './migrate';
import { databasePath } from '../startup/config';
import { keepPlannerStatistics } from './planner-statistics';

let opened: OpenedDatabase | undefined;
let stopStatistics: (() => void) | undefined;

/**
 * Opens, checks and migrates the app's database once, when the server
 * starts, then lets the caller prepare it (startup/start.ts brings in the
 * built-in worksheets and runs one-off backfills). A failure anywhere closes
 * it again. This module knows only the database, never a feature.
 */
export async function startDatabase(
	file = databasePath(),
	prepare: (db: Database) => Promise<void> = async () => {}
): Promise<OpenedDatabase> {
	if (opened) return opened;
	const candidate = openDatabase(file);
	try {
		await migrateToLatest(candidate.db);
		await prepare(candidate.db);
		stopStatistics = keepPlannerStatistics(candidate.sqlite);
	} catch (error) {
		candidate.sqlite.close();
		throw error;
	}
	opened = candidate;
	return opened;
}

/** The running app's database; routes and hooks call this. */
export function appDatabase(): Database {
	if (!opened) throw new Error('The database was used before the server started it.');
	return opened.db;
}

export async function stopDatabase(): Promise<void> {
	if (!opened) return;
	const closing = opened;
	opened = undefined;
	stopStatistics?.();
	await closing.db.destroy();
}
