import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	BackupError,
	backupFileName,
	openEncryptedBackup,
	passphraseFor,
	sealAndName,
	writable,
	type BackupKey,
	type BackupMade
} from './backup';
import { isEncryptedBackup } from './backup-encryption';
import { makePrivateFolder } from './private-files';
import { describeLocation, openLocation } from './app-database';

// Backups of a PostgreSQL database, through PostgreSQL's own tools: pg_dump
// takes a consistent snapshot while the app runs, in its custom format
// (compressed, restorable table by table), sealed to the passphrase as a
// SQLite backup is. pg_restore puts one back into a new, empty database.

/** The first bytes of pg_dump's custom format, and of a SQLite file. */
const DUMP_MAGIC = Buffer.from('PGDMP');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');

/**
 * Dumps the database at `url` into a new file in `folder`, checks that
 * pg_restore can read it back as a Common Ground database, and only then
 * gives it its final name.
 */
export async function backupPostgres(
	url: string,
	folder: string,
	now: Date,
	key: BackupKey
): Promise<BackupMade> {
	const file = path.join(folder, backupFileName(now, key, 'pgdump'));
	if (fs.existsSync(file))
		throw new BackupError(`${file} already exists: a backup is never overwritten.`);
	const partial = `${path.join(folder, backupFileName(now, { unencrypted: true }, 'pgdump'))}.partial`;
	writable(folder, () => {
		makePrivateFolder(folder);
		fs.writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
	});
	try {
		await run('pg_dump', url, ['--format=custom', `--file=${partial}`]);
		await requireCommonGroundDump(partial, path.basename(file));
		return await sealAndName(partial, file, key);
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
}

/**
 * Restores `backup` into the database at `url`, which must be empty (a new
 * database, as `createdb` makes): nothing already there is ever replaced.
 * All in one transaction, so a failure leaves it empty. Objects belong to
 * the user restoring, and grants are left to the operator, so a dump moves
 * between servers whose roles differ.
 */
export async function restorePostgres(backup: string, url: string, key: BackupKey): Promise<void> {
	if (!fs.existsSync(backup)) throw new BackupError(`There is no backup at ${backup}.`);
	await requireEmptyDatabase(url);
	if (!isEncryptedBackup(backup)) return restoreDump(backup, backup, url);
	const passphrase = passphraseFor(backup, key);
	// Opened in a folder only this user can read, and removed whatever happens.
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-restore-'));
	try {
		const opened = path.join(folder, 'backup.pgdump');
		await openEncryptedBackup(backup, opened, passphrase);
		await restoreDump(opened, backup, url);
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

async function restoreDump(dump: string, backup: string, url: string): Promise<void> {
	await requireCommonGroundDump(dump, backup);
	await run('pg_restore', url, [
		'--single-transaction',
		'--exit-on-error',
		'--no-owner',
		'--no-privileges',
		dump
	]);
}

/** Refuses a database that holds any table or view: a restore never merges into one. */
async function requireEmptyDatabase(url: string): Promise<void> {
	const { db } = await openLocation(url).catch((error: unknown) => {
		throw new BackupError(error instanceof Error ? error.message : String(error));
	});
	try {
		const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
		if (tables.length > 0)
			throw new BackupError(
				`The database at ${describeLocation(url)} is not empty (it has ${tables.length} tables): ` +
					'restore into a new database (createdb), then point DATABASE_URL at it. Nothing was changed.'
			);
	} finally {
		await db.destroy();
	}
}

/** The file is a dump pg_restore can read, of a database with Common Ground's migration history. */
async function requireCommonGroundDump(dump: string, named: string): Promise<void> {
	const start = Buffer.alloc(SQLITE_MAGIC.length);
	const handle = fs.openSync(dump, 'r');
	try {
		fs.readSync(handle, start, 0, start.length, 0);
	} finally {
		fs.closeSync(handle);
	}
	if (start.equals(SQLITE_MAGIC))
		throw new BackupError(
			`${named} is a SQLite backup: restore it with DATABASE_PATH set instead of DATABASE_URL, ` +
				'then move it over with npm run migrate-to-postgres.'
		);
	if (!start.subarray(0, DUMP_MAGIC.length).equals(DUMP_MAGIC))
		throw new BackupError(`${named} is not a PostgreSQL dump made by npm run backup.`);
	const contents = await run('pg_restore', null, ['--list', dump]);
	if (!/ TABLE \S+ kysely_migration /.test(contents))
		throw new BackupError(
			`${named} is not a Common Ground database (it has no migration history).`
		);
}

/**
 * Runs one of PostgreSQL's tools against `url` (or none), never asking for a
 * password: it comes from the URL, through the environment rather than the
 * command line, where other users of the machine could read it.
 */
function run(tool: 'pg_dump' | 'pg_restore', url: string | null, args: string[]): Promise<string> {
	const env = { ...process.env };
	const connection: string[] = [];
	if (url) {
		const parsed = new URL(url);
		if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
		parsed.password = '';
		connection.push(`--dbname=${parsed.toString()}`, '--no-password');
	}
	return new Promise((resolve, reject) => {
		const child = spawn(postgresTool(tool), [...connection, ...args], {
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let errors = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		child.on('error', (error) =>
			reject(new BackupError(`${tool} could not be started: ${error.message}.`))
		);
		child.on('close', (code) => {
			if (code === 0) return resolve(out);
			const reason = errors.trim().split('\n').filter(Boolean).slice(-3).join(' ');
			reject(new BackupError(`${tool} failed (exit ${code}): ${reason || 'no message'}`));
		});
	});
}

/**
 * Where a PostgreSQL tool is: on the PATH, or else the newest of Debian's
 * installed versions (a newer pg_dump reads older servers, never the reverse).
 */
export function postgresTool(tool: string): string {
	for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(folder, tool);
		if (folder && isExecutable(candidate)) return candidate;
	}
	const installed = '/usr/lib/postgresql';
	const versions = fs.existsSync(installed)
		? fs
				.readdirSync(installed)
				.filter((version) => isExecutable(path.join(installed, version, 'bin', tool)))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length > 0) return path.join(installed, versions[0]!, 'bin', tool);
	throw new BackupError(
		`${tool} was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`
	);
}

function isExecutable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
