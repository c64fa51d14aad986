import { startDatabase } from '../database/app-database';
import type { OpenedDatabase } from '../database/open';
import { syncBuiltinTemplates } from '../library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import { databasePath } from './config';
import { runBackfills } from './backfills';

/**
 * Everything the server does before it takes its first request: the
 * database opened, checked and migrated, the built-in worksheets brought in
 * (a changed one gets a new version), and one-off backfills of data stored
 * before this version. Called once, from hooks.server.ts init.
 */
export async function startApp(file = databasePath(), now = new Date()): Promise<OpenedDatabase> {
	return startDatabase(file, async (db) => {
		await syncBuiltinTemplates(db, BUILTIN_TEMPLATES, now);
		await runBackfills(db, now);
	});
}
