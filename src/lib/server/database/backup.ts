import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
	BackupKeyError,
	decryptBackup,
	encryptBackup,
	isEncryptedBackup,
	MIN_PASSPHRASE_LENGTH
} from './backup-encryption';
import { makePrivateFile, makePrivateFolder } from './private-files';

// Backups of the one database file, taken while the app runs, and putting one
// back. SQLite's online backup copies a consistent snapshot page by page
// through its own locks, so nothing here ever copies or deletes a `-wal`
// file by hand (doing so can lose or corrupt recent writes).

/** A problem with a backup the person running it can fix; printed as one line. */
export class BackupError extends Error {
	override name = 'BackupError';
}

/**
 * How a backup is sealed: to the operator's passphrase, or, only when they
 * say so explicitly, not at all.
 */
export type BackupKey = { passphrase: string } | { unencrypted: true };

export interface BackupMade {
	file: string;
	bytes: number;
}

/**
 * `common-ground-20261127T142500Z.db.enc` (`.db` unencrypted; `.pgdump` for
 * PostgreSQL's dump): sorts by time, safe in any file system.
 */
export function backupFileName(now: Date, key: BackupKey, format: 'db' | 'pgdump' = 'db'): string {
	const time = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');
	return `common-ground-${time}.${format}${'passphrase' in key ? '.enc' : ''}`;
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
	now: Date,
	key: BackupKey
): Promise<BackupMade> {
	if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
	const file = path.join(folder, backupFileName(now, key));
	if (fs.existsSync(file))
		throw new BackupError(`${file} already exists: a backup is never overwritten.`);
	const partial = `${path.join(folder, backupFileName(now, { unencrypted: true }))}.partial`;
	writable(folder, () => {
		makePrivateFolder(folder);
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
		return await sealAndName(partial, file, key);
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
}

/**
 * Gives a checked copy at `partial` its final name `file`, sealed to the
 * passphrase first when there is one, each step on the disk before the next:
 * a file with a backup's name is always a whole backup.
 */
export async function sealAndName(
	partial: string,
	file: string,
	key: BackupKey
): Promise<BackupMade> {
	const sealedPartial = `${file}.partial`;
	try {
		if ('passphrase' in key) {
			await encryptBackup(partial, sealedPartial, key.passphrase);
			fs.rmSync(partial);
			syncToDisk(sealedPartial);
			fs.renameSync(sealedPartial, file);
		} else {
			syncToDisk(partial);
			fs.renameSync(partial, file);
		}
		syncToDisk(path.dirname(file));
		return { file, bytes: fs.statSync(file).size };
	} catch (error) {
		fs.rmSync(sealedPartial, { force: true });
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
	options: { replace: boolean; keepFolder: string; now: Date; key: BackupKey }
): Promise<{ kept: BackupMade | null }> {
	if (!fs.existsSync(backup)) throw new BackupError(`There is no backup at ${backup}.`);
	if (!isEncryptedBackup(backup)) return restorePlain(backup, backup, target, options);
	const passphrase = passphraseFor(backup, options.key);
	// Opened beside the target, readable by this user only, and removed whatever happens.
	const folder = path.dirname(path.resolve(target));
	writable(folder, makePrivateFolder);
	const opened = path.join(folder, `.restoring-${crypto.randomUUID()}.db`);
	await openEncryptedBackup(backup, opened, passphrase);
	try {
		return await restorePlain(opened, backup, target, options);
	} finally {
		fs.rmSync(opened, { force: true });
	}
}

/** The passphrase an encrypted backup is opened with, or a refusal saying to give it. */
export function passphraseFor(backup: string, key: BackupKey): string {
	if (!('passphrase' in key))
		throw new BackupError(
			`${backup} is encrypted: set BACKUP_PASSPHRASE to the passphrase it was made with.`
		);
	return key.passphrase;
}

/**
 * Decrypts `backup` into `opened` (a private path the caller removes), for
 * either engine's restore: a wrong passphrase or a damaged file is one plain
 * refusal, with nothing restored.
 */
export async function openEncryptedBackup(
	backup: string,
	opened: string,
	passphrase: string
): Promise<void> {
	try {
		await decryptBackup(backup, opened, passphrase);
	} catch (error) {
		if (!(error instanceof BackupKeyError)) throw error;
		throw new BackupError(
			`${backup} cannot be opened: the passphrase is wrong or the file is damaged. Nothing was restored.`
		);
	}
}

/** Restores the plain SQLite file `copyFile`; `backup` is how the operator named it, for messages. */
async function restorePlain(
	copyFile: string,
	backup: string,
	target: string,
	options: { replace: boolean; keepFolder: string; now: Date; key: BackupKey }
): Promise<{ kept: BackupMade | null }> {
	let copy: SQLite.Database;
	try {
		copy = new SQLite(copyFile, { readonly: true, fileMustExist: true });
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
			kept = await backupDatabase(target, options.keepFolder, options.now, options.key);
		}
		const fresh = !fs.existsSync(target);
		writable(path.dirname(path.resolve(target)), (folder) => {
			makePrivateFolder(folder);
			makePrivateFile(target);
		});
		try {
			await copy.backup(target);
			const restored = new SQLite(target, { fileMustExist: true });
			try {
				requireSound(restored, target);
			} finally {
				restored.close();
			}
		} catch (error) {
			if (fresh) fs.rmSync(target, { force: true });
			throw error;
		}
		return { kept };
	} finally {
		copy.close();
	}
}

/** Runs file-system work on a folder, turning a refusal (missing, not a folder, no permission) into one plain line. */
export function writable(folder: string, work: (folder: string) => void): void {
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

/**
 * The key `npm run backup` and `npm run restore` use: the passphrase in
 * BACKUP_PASSPHRASE, or no encryption when the operator passed
 * `--unencrypted`. Neither, or a passphrase too short to resist guessing,
 * is refused in one line. `onlyOpening`: a restore that writes no backup of
 * its own (no --replace) needs a passphrase only for an encrypted file.
 */
export function backupKeyFrom(
	passphrase: string | undefined,
	unencrypted: boolean,
	onlyOpening = false
): BackupKey {
	if (unencrypted && !passphrase) return { unencrypted: true };
	if (unencrypted)
		throw new BackupError('Choose one: BACKUP_PASSPHRASE is set, and so is --unencrypted.');
	if (!passphrase) {
		if (onlyOpening) return { unencrypted: true };
		throw new BackupError(
			'Set BACKUP_PASSPHRASE to encrypt the backup (or pass --unencrypted to write it in the clear).'
		);
	}
	if (!onlyOpening && [...passphrase].length < MIN_PASSPHRASE_LENGTH)
		throw new BackupError(
			`BACKUP_PASSPHRASE is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters, for example several random words.`
		);
	return { passphrase };
}
