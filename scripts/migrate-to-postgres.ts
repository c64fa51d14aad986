// `npm run migrate-to-postgres -- <sqlite file>`: moves a practice from its
// SQLite file to the PostgreSQL database at DATABASE_URL. Stop the app first.
// The target must be empty; it is migrated, every table is copied in one
// transaction, and each table's row count and checksum are compared with the
// source's before anything is kept. The SQLite file is only read.
import fs from 'node:fs';
import { databaseLocation } from '../src/lib/server/startup/config';
import { describeLocation, openLocation } from '../src/lib/server/database/app-database';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import {
	copyToPostgres,
	CopyMismatch,
	CopyRefused,
	formatComparison
} from '../src/lib/server/database/copy-to-postgres';
import { StartupError } from '../src/lib/server/startup/startup-error';

const source = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const location = process.env.DATABASE_URL ?? '';
if (!source) {
	console.error('Say which SQLite file to copy: npm run migrate-to-postgres -- <sqlite file>');
	process.exit(1);
}
if (!isPostgresLocation(location)) {
	console.error(
		'Not copied: set DATABASE_URL to the PostgreSQL database to copy into (postgres://user@host:5432/database).'
	);
	process.exit(1);
}
try {
	const { db } = await openLocation(databaseLocation());
	try {
		const started = performance.now();
		const compared = await copyToPostgres(source, db);
		console.log(formatComparison(compared));
		const rows = compared.reduce((sum, row) => sum + row.target.rows, 0);
		console.log(
			`Copied ${source} to ${describeLocation(location)}: ${rows} rows in ${compared.length} tables, ` +
				`every count and checksum equal (${((performance.now() - started) / 1000).toFixed(1)} s). ` +
				'Start the app with DATABASE_URL set; keep the SQLite file until you are content.'
		);
		if (!process.env.TWO_STEP_KEY && fs.existsSync(`${source}.key`))
			console.log(
				`Give every app process this practice's two-step key: TWO_STEP_KEY="$(cat ${source}.key)".`
			);
	} finally {
		await db.destroy();
	}
} catch (error) {
	if (!(error instanceof CopyRefused || error instanceof StartupError)) throw error;
	if (error instanceof CopyMismatch) console.error(formatComparison(error.compared));
	console.error(`Not copied: ${error.message}`);
	process.exit(1);
}
