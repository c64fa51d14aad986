// `npm run backup [folder]`: a checked copy of the database at DATABASE_PATH,
// taken while the server runs, into the folder (BACKUP_DIR, or ./backups).
import { databasePath } from '../src/lib/server/startup/config';
import { backupDatabase, BackupError } from '../src/lib/server/database/backup';

const folder = process.argv[2] || process.env.BACKUP_DIR || './backups';
try {
	const made = await backupDatabase(databasePath(), folder, new Date());
	console.log(
		`Backed up ${databasePath()} to ${made.file} (${(made.bytes / 1024 / 1024).toFixed(1)} MiB, integrity checked).`
	);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
