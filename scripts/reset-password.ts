// `npm run reset-password -- <email>`: prints a one-time link that sets a new
// password for the account at <email>, in the database at DATABASE_URL or DATABASE_PATH. For
// whoever runs the server: a therapist locked out while no mail is set up.
// The link starts with ORIGIN (or http://localhost:$PORT), as the server's own links do.
import fs from 'node:fs';
import { appOrigin, databaseLocation } from '../src/lib/server/startup/config';
import { openLocation } from '../src/lib/server/database/app-database';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { migrateToLatest } from '../src/lib/server/database/migrate';
import { StartupError } from '../src/lib/server/startup/startup-error';
import {
	OPERATOR_LINK_LIFETIME_MS,
	operatorResetLink,
	resetLinkPath
} from '../src/lib/server/accounts/password-reset';
import { now } from '../src/lib/server/clock';

const email = process.argv[2]?.trim();
if (!email) {
	console.error('Say whose password to reset: npm run reset-password -- <email>');
	process.exit(1);
}
const file = databaseLocation();
if (!isPostgresLocation(file) && !fs.existsSync(file)) {
	console.error(`There is no database at ${file}: set DATABASE_PATH to the server's database.`);
	process.exit(1);
}
try {
	const { db } = await openLocation(file);
	// As the server does at start: an older database gets the table links are kept in.
	await migrateToLatest(db);
	const link = await operatorResetLink(db, email, now());
	await db.destroy();
	if (!link) {
		console.error(`No account has the address ${email}.`);
		process.exit(1);
	}
	console.log(
		`A link to set a new password for ${link.email}, which works once, for ${OPERATOR_LINK_LIFETIME_MS / 60_000} minutes (until ${link.expiresAt}):`
	);
	console.log(`${appOrigin()}${resetLinkPath(link.token)}`);
} catch (error) {
	if (!(error instanceof StartupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
