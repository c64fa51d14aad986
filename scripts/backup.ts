// `npm run backup [folder] [--unencrypted]`: a checked copy of the database,
// taken while the server runs, encrypted to the passphrase in
// BACKUP_PASSPHRASE, into the folder (BACKUP_DIR, or ./backups). Writing it
// in the clear takes --unencrypted. With DATABASE_URL, PostgreSQL's pg_dump
// makes it; otherwise SQLite copies the file at DATABASE_PATH.
import { databaseLocation } from '../src/lib/server/startup/config';
import { backupDatabase, backupKeyFrom, BackupError } from '../src/lib/server/database/backup';
import { backupPostgres } from '../src/lib/server/database/postgres-backup';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { describeLocation } from '../src/lib/server/database/app-database';

const args = process.argv.slice(2);
const folder = args.find((arg) => !arg.startsWith('--')) || process.env.BACKUP_DIR || './backups';
const location = databaseLocation();
try {
	const key = backupKeyFrom(process.env.BACKUP_PASSPHRASE, args.includes('--unencrypted'));
	const made = isPostgresLocation(location)
		? await backupPostgres(location, folder, new Date(), key)
		: await backupDatabase(location, folder, new Date(), key);
	console.log(
		`Backed up ${describeLocation(location)} to ${made.file} (${(made.bytes / 1024 / 1024).toFixed(1)} MiB, ${isPostgresLocation(location) ? 'read back by pg_restore' : 'integrity checked'}, ${'passphrase' in key ? 'encrypted' : 'NOT encrypted'}).`
	);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
