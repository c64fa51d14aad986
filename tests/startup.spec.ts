import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from './support/fixtures';
import { freePort, waitUntilListening } from './support/own-server';

// The production server as an operator starts it: what it says when it
// cannot start, and how it stops.

const dataDir = process.env.TEST_DATA_DIR!;
/** A folder of the test's own, so it can run again, or alongside itself. */
const ownFolder = () => fs.mkdtempSync(path.join(dataDir, 'startup-'));

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function startServer(
	env: Record<string, string>,
	whileRunning?: (server: ReturnType<typeof spawn>) => Promise<void>
): Promise<Run> {
	return new Promise((resolve, reject) => {
		const server = spawn(process.execPath, ['scripts/serve.js'], {
			env: { ...process.env, HOST: '127.0.0.1', ...env }
		});
		let stdout = '';
		let stderr = '';
		server.stdout.on('data', (chunk) => (stdout += chunk));
		server.stderr.on('data', (chunk) => (stderr += chunk));
		server.on('error', reject);
		server.on('exit', (code) => resolve({ code, stdout, stderr }));
		if (whileRunning) void whileRunning(server).catch(reject);
	});
}

test('an unwritable DATABASE_PATH stops the server with one plain line', async () => {
	const blocker = path.join(ownFolder(), 'a-file-not-a-folder');
	fs.writeFileSync(blocker, '');
	const run = await startServer({
		DATABASE_PATH: path.join(blocker, 'common-ground.db'),
		PORT: String(await freePort())
	});
	expect(run.code).toBe(1);
	expect(run.stderr.trim().split('\n')).toEqual([
		`Common Ground cannot start: Cannot write the database folder ${blocker}: create it or set DATABASE_PATH to a writable place.`
	]);
	expect(run.stderr).not.toContain('    at ');
});

test('a database written by a newer version is refused with a clear message', async () => {
	const file = path.join(ownFolder(), 'from-the-future.db');
	const port = await freePort();
	await startServer({ DATABASE_PATH: file, PORT: String(port) }, async (server) => {
		await waitUntilListening(port);
		server.kill('SIGTERM');
	});
	const db = new SQLite(file);
	db.prepare(
		"INSERT INTO kysely_migration (name, timestamp) VALUES ('29991231T2359-FromTheFuture', '2999-12-31T23:59:00.000Z')"
	).run();
	db.close();

	const run = await startServer({ DATABASE_PATH: file, PORT: String(port) });
	expect(run.code).toBe(1);
	expect(run.stderr.trim()).toMatch(
		/^Common Ground cannot start: This database was written by a newer version of Common Ground \(migration 29991231T2359-FromTheFuture\)/
	);
	expect(run.stderr.trim().split('\n')).toHaveLength(1);
});

test('SIGTERM lets the server finish and close the database cleanly', async () => {
	const file = path.join(ownFolder(), 'stopping.db');
	const port = await freePort();
	const run = await startServer({ DATABASE_PATH: file, PORT: String(port) }, async (server) => {
		await waitUntilListening(port);
		server.kill('SIGTERM');
	});
	expect(run.code).toBe(0);
	// A closed database has folded its write-ahead log back into the file.
	expect(fs.existsSync(`${file}-wal`)).toBe(false);
	const db = new SQLite(file, { readonly: true });
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
	const migrationFiles = fs
		.readdirSync('migrations')
		.filter((name) => name.endsWith('.ts') && name !== 'index.ts');
	expect(db.prepare('SELECT COUNT(*) AS n FROM kysely_migration').get()).toEqual({
		n: migrationFiles.length
	});
	db.close();
});
