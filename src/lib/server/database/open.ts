import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema';
import { StartupError } from '../startup/startup-error';
import { cachingStatements } from './statement-cache';
import { countStatement, countingStatements } from './statement-count';

export type Database = Kysely<DB>;

export interface OpenedDatabase {
	db: Database;
	sqlite: SQLite.Database;
}

/** How long a writer waits for another process's lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The pragmas every connection runs with, and the value each must read back.
 * WAL lets readers and one writer work at once; FULL makes every acknowledged
 * commit durable even if the machine loses power, which health data deserves.
 */
const REQUIRED_PRAGMAS: ReadonlyArray<
	[statement: string, name: string, expected: string | number]
> = [
	['journal_mode = WAL', 'journal_mode', 'wal'],
	['synchronous = FULL', 'synchronous', 2],
	[`busy_timeout = ${BUSY_TIMEOUT_MS}`, 'busy_timeout', BUSY_TIMEOUT_MS],
	['foreign_keys = ON', 'foreign_keys', 1]
];

export function openDatabase(file: string): OpenedDatabase {
	const sqlite = openFile(file);
	try {
		applyPragmas(sqlite, file);
	} catch (cause) {
		sqlite.close();
		if (cause instanceof StartupError) throw cause;
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new StartupError(`Cannot use the database at ${file}: ${reason}.`);
	}
	const db = new Kysely<DB>({
		dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
		...(countingStatements() ? { log: countStatement } : {})
	});
	return { db, sqlite };
}

function applyPragmas(sqlite: SQLite.Database, file: string): void {
	for (const [statement, name, expected] of REQUIRED_PRAGMAS) {
		sqlite.pragma(statement);
		const actual = sqlite.pragma(name, { simple: true });
		if (actual !== expected) {
			throw new StartupError(
				`The database at ${file} would not run with ${name}=${expected} (it reports ${String(actual)}).`
			);
		}
	}
}

function openFile(file: string): SQLite.Database {
	const folder = path.dirname(path.resolve(file));
	try {
		fs.mkdirSync(folder, { recursive: true });
		fs.accessSync(folder, fs.constants.W_OK);
	} catch {
		throw new StartupError(
			`Cannot write the database folder ${folder}: create it or set DATABASE_PATH to a writable place.`
		);
	}
	try {
		return new SQLite(file);
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new StartupError(`Cannot open the database at ${file}: ${reason}.`);
	}
}
