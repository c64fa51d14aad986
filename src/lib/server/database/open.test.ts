import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, openDatabase, type OpenedDatabase } from './open';
import { StartupError } from '../startup/startup-error';

let folder: string;
let opened: OpenedDatabase | undefined;

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-open-'));
});

afterEach(async () => {
	await opened?.db.destroy();
	opened = undefined;
	fs.rmSync(folder, { recursive: true, force: true });
});

function startupError(run: () => unknown): StartupError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(StartupError);
		return error as StartupError;
	}
	throw new Error('expected a StartupError, but nothing was thrown');
}

describe('openDatabase', () => {
	it('runs with WAL, FULL synchronous, a busy timeout, foreign keys and secure delete, read back from SQLite', () => {
		opened = openDatabase(path.join(folder, 'app.db'));
		const { sqlite } = opened;
		expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
		expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(BUSY_TIMEOUT_MS).toBe(5000);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(sqlite.pragma('secure_delete', { simple: true })).toBe(1);
	});

	it('creates missing folders on the way to the file', () => {
		const file = path.join(folder, 'nested', 'deeper', 'app.db');
		opened = openDatabase(file);
		expect(fs.existsSync(file)).toBe(true);
	});

	it('keeps WAL mode when an existing database is opened again', async () => {
		const file = path.join(folder, 'app.db');
		opened = openDatabase(file);
		await opened.db.destroy();
		opened = openDatabase(file);
		expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
	});

	it('refuses a folder it cannot create, in one line', () => {
		const plainFile = path.join(folder, 'plain-file');
		fs.writeFileSync(plainFile, 'not a folder');
		const error = startupError(() => openDatabase(path.join(plainFile, 'data', 'app.db')));
		expect(error.message).toMatch(/^Cannot write the database folder .*plain-file.*DATABASE_PATH/);
		expect(error.message).not.toContain('\n');
	});

	it('refuses a path that is a folder, in one line', () => {
		const error = startupError(() => openDatabase(folder));
		expect(error.message).toContain(folder);
		expect(error.message).not.toContain('\n');
	});

	it('refuses a file that is not a database, in one line, and leaves it alone', () => {
		const file = path.join(folder, 'notes.txt');
		const contents = 'These are not the pages of a database. '.repeat(200);
		fs.writeFileSync(file, contents);
		const error = startupError(() => openDatabase(file));
		expect(error.message).toMatch(
			/^Cannot use the database at .*notes\.txt: file is not a database\.$/
		);
		expect(error.message).not.toContain('\n');
		expect(fs.readFileSync(file, 'utf8')).toBe(contents);
	});
});
