import fs from 'node:fs';
import path from 'node:path';

// The database, its write-ahead log and shared-memory files, the folder that
// holds them, backups and restored copies hold everything the partners wrote:
// only the server's own user may read them, whatever umask it was started
// with. SQLite gives the `-wal` and `-shm` files the mode of the database
// file, so making the database file first, narrow, covers all three.

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/** Creates the missing folders on the way to `folder`, each readable by this user only. */
export function makePrivateFolder(folder: string): void {
	const first = fs.mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
	if (first === undefined) return;
	// mkdir returns the topmost folder it created; narrow it and each below it (the umask may have widened nothing, but may have narrowed too far for us to write).
	let created = path.resolve(folder);
	const top = path.resolve(first);
	for (;;) {
		fs.chmodSync(created, PRIVATE_FOLDER_MODE);
		if (created === top || created === path.dirname(created)) break;
		created = path.dirname(created);
	}
}

/** Creates an empty file readable by this user only, unless it exists; SQLite takes an empty file as a new database. */
export function makePrivateFile(file: string): void {
	let handle: number;
	try {
		handle = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
		throw error;
	}
	try {
		fs.fchmodSync(handle, PRIVATE_FILE_MODE);
	} finally {
		fs.closeSync(handle);
	}
}

/** The files of the database at `file` (and its folder) that other local users could read or write. */
export function widerThanPrivate(file: string): string[] {
	const candidates: Array<[string, number]> = [
		[path.dirname(path.resolve(file)), PRIVATE_FOLDER_MODE],
		[file, PRIVATE_FILE_MODE],
		[`${file}-wal`, PRIVATE_FILE_MODE],
		[`${file}-shm`, PRIVATE_FILE_MODE]
	];
	return candidates
		.filter(([candidate, allowed]) => {
			try {
				return (fs.statSync(candidate).mode & 0o777 & ~allowed) !== 0;
			} catch {
				return false;
			}
		})
		.map(([candidate]) => candidate);
}

/** One line per file others could read, with the command that narrows it. */
export function warnAboutWideFiles(
	file: string,
	warn: (line: string) => void = console.warn
): void {
	for (const wide of widerThanPrivate(file)) {
		const mode = (fs.statSync(wide).mode & 0o777).toString(8);
		const narrow = fs.statSync(wide).isDirectory() ? '700' : '600';
		warn(
			`Warning: ${wide} can be read by other users of this machine (mode ${mode}); it holds what partners wrote. Run: chmod ${narrow} ${wide}`
		);
	}
}
