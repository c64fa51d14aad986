// `npm run migrate`: bring the database at DATABASE_PATH up to this version.
import { databasePath } from '../src/lib/server/startup/config';
import { openDatabase } from '../src/lib/server/database/open';
import { migrateToLatest } from '../src/lib/server/database/migrate';
import { StartupError } from '../src/lib/server/startup/startup-error';

const file = databasePath();
try {
	const { db } = openDatabase(file);
	const applied = await migrateToLatest(db);
	await db.destroy();
	console.log(
		applied.length === 0 ? `${file} is up to date.` : `${file}: applied ${applied.join(', ')}.`
	);
} catch (error) {
	if (!(error instanceof StartupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
