// `npm run migrate`: bring the database at DATABASE_URL or DATABASE_PATH up to this version.
import { databaseLocation } from '../src/lib/server/startup/config';
import { describeLocation, openLocation } from '../src/lib/server/database/app-database';
import { migrateToLatest } from '../src/lib/server/database/migrate';
import { StartupError } from '../src/lib/server/startup/startup-error';

const file = describeLocation(databaseLocation());
try {
	const { db } = await openLocation(databaseLocation());
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
