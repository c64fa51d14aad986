// `npm run restore -- <backup file> [--replace]`: puts a backup in place as the
// database at DATABASE_PATH. Stop the server first. An encrypted backup is
// opened with the passphrase in BACKUP_PASSPHRASE. An existing database is
// replaced only with --replace, and is backed up (to BACKUP_DIR, or
// ./backups, encrypted the same way) before it is.
//
// With DATABASE_URL, a PostgreSQL dump is restored into that database, which
// must be new and empty (createdb): nothing is ever replaced there, so
// --replace is refused.
import { databaseLocation } from '../src/lib/server/startup/config';
import { BackupError, backupKeyFrom, restoreDatabase } from '../src/lib/server/database/backup';
import { restorePostgres } from '../src/lib/server/database/postgres-backup';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { describeLocation } from '../src/lib/server/database/app-database';

const args = process.argv.slice(2);
const replace = args.includes('--replace');
const backup = args.find((arg) => !arg.startsWith('--'));
if (!backup) {
	console.error('Say which backup to restore: npm run restore -- <backup file> [--replace]');
	process.exit(1);
}
try {
	const target = databaseLocation();
	const key = backupKeyFrom(
		process.env.BACKUP_PASSPHRASE,
		args.includes('--unencrypted'),
		!replace
	);
	if (isPostgresLocation(target)) {
		if (replace)
			throw new BackupError(
				'On PostgreSQL a restore never replaces a database: create a new one (createdb), point DATABASE_URL at it, and restore without --replace.'
			);
		await restorePostgres(backup, target, key);
		console.log(
			`Restored ${backup} into ${describeLocation(target)}. Start the server as usual; it migrates the copy if it is older.`
		);
	} else {
		const { kept } = await restoreDatabase(backup, target, {
			replace,
			keepFolder: process.env.BACKUP_DIR || './backups',
			now: new Date(),
			key
		});
		if (kept) console.log(`The database that was at ${target} is kept in ${kept.file}.`);
		console.log(
			`Restored ${backup} to ${target} (integrity checked). Start the server as usual; it migrates the copy if it is older.`
		);
	}
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
