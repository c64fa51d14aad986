import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open';
import { widerThanPrivate, warnAboutWideFiles } from './private-files';

let folder: string;
let umask: number;

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-private-'));
	// The loosest umask a server could be started with: nothing is taken away by it.
	umask = process.umask(0);
});

afterEach(() => {
	process.umask(umask);
	fs.rmSync(folder, { recursive: true, force: true });
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the database files', () => {
	it('are readable by the server only, the log and shared memory included, whatever the umask', async () => {
		const file = path.join(folder, 'data', 'deeper', 'common-ground.db');
		const opened = openDatabase(file);
		try {
			await opened.db
				.selectFrom('sqlite_master' as never)
				.selectAll()
				.execute();
			opened.sqlite.exec('CREATE TABLE words (text TEXT); INSERT INTO words VALUES (1);');
			expect(modeOf(path.join(folder, 'data'))).toBe(0o700);
			expect(modeOf(path.join(folder, 'data', 'deeper'))).toBe(0o700);
			expect(modeOf(file)).toBe(0o600);
			expect(modeOf(`${file}-wal`)).toBe(0o600);
			expect(modeOf(`${file}-shm`)).toBe(0o600);
			expect(widerThanPrivate(file)).toEqual([]);
		} finally {
			await opened.db.destroy();
		}
	});

	it('leaves an existing database as it is, and warns in one line per file others can read', async () => {
		const file = path.join(folder, 'common-ground.db');
		openDatabase(file).sqlite.close();
		fs.chmodSync(file, 0o644);
		fs.chmodSync(folder, 0o755);
		const lines: string[] = [];
		warnAboutWideFiles(file, (line) => lines.push(line));
		expect(lines).toEqual([
			`Warning: ${folder} can be read by other users of this machine (mode 755); it holds what partners wrote. Run: chmod 700 ${folder}`,
			`Warning: ${file} can be read by other users of this machine (mode 644); it holds what partners wrote. Run: chmod 600 ${file}`
		]);
		expect(modeOf(file)).toBe(0o644);
	});
});
