import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

// Backups of the one database file, taken while the app runs, and putting one
// back. SQLite's online backup copies a consistent snapshot page by page
// through its own locks, so nothing here ever copies or deletes a `-wal`
// file by hand (doing so can lose or corrupt recent writes).

/** A problem with a backup the person running it can fix; printed as one line. */
export class BackupError extends Error {
	override name = 'BackupError';
}

export interface BackupMade {
	file: string;
	bytes: number;
}

/** `common-ground-20261127T142500Z.db`: sorts by time, safe in any file system. */
export function backupFileName(now: Date): string {
	return `common-ground-${now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z')}.db`;
}

/**
 * Copies the database at `source` into a new file in `folder`, checks the
 * copy, and only then gives it its final name: a file with a backup's name is
 * always a whole, checked backup. The copy is a single self-contained file
 * (no write-ahead log) readable only by its owner, since it holds everything
 * the partners wrote.
 */
export async function backupDatabase(
	source: string,
	folder: string,
	now: Date
): Promise<BackupMade> {
	if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
	const file = path.join(folder, backupFileName(now));
	if (fs.existsSync(file))
		throw new BackupError(`${file} already exists: a backup is never overwritten.`);
	const partial = `${file}.partial`;
	writable(folder, () => {
		fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
		fs.writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
	});
	try {
		const live = new SQLite(source, { fileMustExist: true });
		try {
			await live.backup(partial);
		} finally {
			live.close();
		}
		const copy = new SQLite(partial, { fileMustExist: true });
		try {
			copy.pragma('journal_mode = DELETE');
			requireSound(copy, partial);
		} finally {
			copy.close();
		}
		syncToDisk(partial);
		fs.renameSync(partial, file);
		syncToDisk(folder);
		return { file, bytes: fs.statSync(file).size };
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
}

/**
 * Puts a backup in place as the database at `target`. The server must be
 * stopped. An existing database is replaced only when asked, and is itself
 * backed up first, into `keepFolder`. Written through SQLite's backup too, so
 * a log left beside an existing database is dealt with by SQLite, not lost or
 * replayed over the restored copy.
 */
export async function restoreDatabase(
	backup: string,
	target: string,
	options: { replace: boolean; keepFolder: string; now: Date }
): Promise<{ kept: BackupMade | null }> {
	if (!fs.existsSync(backup)) throw new BackupError(`There is no backup at ${backup}.`);
	let copy: SQLite.Database;
	try {
		copy = new SQLite(backup, { readonly: true, fileMustExist: true });
		requireSound(copy, backup);
	} catch (error) {
		if (error instanceof BackupError) throw error;
		throw new BackupError(
			`${backup} is not a Common Ground backup (${error instanceof Error ? error.message : String(error)}).`
		);
	}
	try {
		let kept: BackupMade | null = null;
		if (fs.existsSync(target)) {
			if (!options.replace)
				throw new BackupError(
					`There is already a database at ${target}: stop the server, then restore with --replace (the current database is backed up first).`
				);
			kept = await backupDatabase(target, options.keepFolder, options.now);
		}
		writable(path.dirname(path.resolve(target)), (folder) =>
			fs.mkdirSync(folder, { recursive: true })
		);
		await copy.backup(target);
		const restored = new SQLite(target, { fileMustExist: true });
		try {
			requireSound(restored, target);
		} finally {
			restored.close();
		}
		return { kept };
	} finally {
		copy.close();
	}
}

/** Runs file-system work on a folder, turning a refusal (missing, not a folder, no permission) into one plain line. */
function writable(folder: string, work: (folder: string) => void): void {
	try {
		work(folder);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (!code) throw error;
		throw new BackupError(
			`Cannot write in ${folder} (${code}): choose a folder this user can write to.`
		);
	}
}

/** A file's (or a folder's, for a rename in it) contents on the disk, not only in the page cache. */
function syncToDisk(file: string): void {
	const handle = fs.openSync(file, 'r');
	try {
		fs.fsyncSync(handle);
	} finally {
		fs.closeSync(handle);
	}
}

/** The file passes SQLite's integrity check and holds a migrated Common Ground database. */
function requireSound(db: SQLite.Database, file: string): void {
	const integrity = db.pragma('integrity_check', { simple: true });
	if (integrity !== 'ok')
		throw new BackupError(`${file} failed SQLite's integrity check: ${String(integrity)}.`);
	const migrated = db
		.prepare(
			"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'"
		)
		.pluck()
		.get();
	if (migrated !== 1)
		throw new BackupError(`${file} is not a Common Ground database (it has no migration history).`);
}
