import { startDatabase } from '../database/app-database';
import type { StartedDatabase } from '../database/app-database';
import { syncBuiltinTemplates } from '../library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import { databaseLocation } from './config';
import { runBackfills } from './backfills';
import { prepareKnownDeviceKey } from '../accounts/known-device';
import { prepareTypedAddressKey } from '../accounts/typed-address';
import { loadPreviousTwoStepKey, loadTwoStepKey, useTwoStepKey } from '../accounts/two-step-key';
import { sealPlainTotpKeys } from '../accounts/seal-plain-totp-keys';

/**
 * Everything the server does before it takes its first request: the
 * database opened, checked and migrated, the built-in worksheets brought in
 * (a changed one gets a new version), and one-off backfills of data stored
 * before this version, and the keys signing in uses (made now, so that a
 * sign-in never writes one), and any TOTP key still stored plain (from
 * before keys were sealed) sealed now. Called once, from hooks.server.ts init.
 */
export async function startApp(
	location = databaseLocation(),
	now = new Date()
): Promise<StartedDatabase> {
	return startDatabase(location, async (db) => {
		await syncBuiltinTemplates(db, BUILTIN_TEMPLATES, now);
		await runBackfills(db, now);
		await prepareKnownDeviceKey(db, now);
		await prepareTypedAddressKey(db, now);
		// After opening: the key file goes in the database's folder, made private there.
		const twoStepKey = loadTwoStepKey(location);
		// The key being replaced, during a rotation, opens what it sealed and seals nothing.
		useTwoStepKey(db, twoStepKey, loadPreviousTwoStepKey(location));
		await sealPlainTotpKeys(db, twoStepKey);
	});
}
