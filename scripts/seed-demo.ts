// `npm run seed:demo`: load the demo practice into the database at DATABASE_URL
// (PostgreSQL) or DATABASE_PATH (SQLite).
import { databaseLocation } from '../src/lib/server/startup/config';
import { describeLocation, openLocation } from '../src/lib/server/database/app-database';
import { migrateToLatest } from '../src/lib/server/database/migrate';
import { StartupError } from '../src/lib/server/startup/startup-error';
import { DEMO_PASSWORD, NotADemoDatabaseError, seedDemoPractice } from './demo/demo-practice';
import { syncBuiltinTemplates } from '../src/lib/server/library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../src/lib/worksheets/builtin';

const file = describeLocation(databaseLocation());
try {
	const { db } = await openLocation(databaseLocation());
	await migrateToLatest(db);
	// Demo homework refers to the built-in worksheets, as the server would have stored them.
	await syncBuiltinTemplates(db, BUILTIN_TEMPLATES, new Date());
	const report = await seedDemoPractice(db);
	await db.destroy();
	if (report.created.length > 0)
		console.log(`Demo practice loaded into ${file}: ${report.created.join(', ')}.`);
	else console.log(`The demo practice is already in ${file}.`);
	console.log(`Every demo account's password is ${DEMO_PASSWORD}.`);
} catch (error) {
	if (!(error instanceof StartupError || error instanceof NotADemoDatabaseError)) throw error;
	console.error(`Not seeded: ${error.message}`);
	process.exit(1);
}
