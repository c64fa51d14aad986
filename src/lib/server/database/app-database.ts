import { openDatabase, type Database, type OpenedDatabase } from './open';
import { migrateToLatest } from './migrate';
import { databasePath } from '../startup/config';
import { syncBuiltinTemplates } from '../library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import { recordMissingDifferences } from '../homework/differences';
import { recordMissingTotals } from '../homework/totals';

let opened: OpenedDatabase | undefined;

/**
 * Opens, checks and migrates the app's database once, when the server starts,
 * brings in the built-in worksheets, and works out what was handed in without
 * it being worked out: check-in totals (totals.ts) and how far apart the
 * partners are (differences.ts).
 */
export async function startDatabase(file = databasePath()): Promise<OpenedDatabase> {
	if (opened) return opened;
	const candidate = openDatabase(file);
	try {
		await migrateToLatest(candidate.db);
		await syncBuiltinTemplates(candidate.db, BUILTIN_TEMPLATES, new Date());
		await recordMissingTotals(candidate.db);
		await recordMissingDifferences(candidate.db);
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
	await closing.db.destroy();
}
