// `npm run backup [folder] [--unencrypted]`: a checked copy of the database at
// DATABASE_PATH, taken while the server runs, encrypted to the passphrase in
// BACKUP_PASSPHRASE, into the folder (BACKUP_DIR, or ./backups). Writing it
// in the clear takes --unencrypted.
import { databasePath } from '../src/lib/server/startup/config';
import { backupDatabase, backupKeyFrom, BackupError } from '../src/lib/server/database/backup';

const args = process.argv.slice(2);
const folder = args.find((arg) => !arg.startsWith('--')) || process.env.BACKUP_DIR || './backups';
try {
	const key = backupKeyFrom(process.env.BACKUP_PASSPHRASE, args.includes('--unencrypted'));
	const made = await backupDatabase(databasePath(), folder, new Date(), key);
	console.log(
		`Backed up ${databasePath()} to ${made.file} (${(made.bytes / 1024 / 1024).toFixed(1)} MiB, integrity checked, ${'passphrase' in key ? 'encrypted' : 'NOT encrypted'}).`
	);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
