import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { startOwnServer } from './support/own-server';

// A fresh install's database, its log and shared memory and its folder are
// readable by the server's own user only, even started with a umask that
// takes nothing away; a database found wider is named in a warning at start.

const dataDir = process.env.TEST_DATA_DIR!;
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

test('the server makes its database files private, and warns about wider ones it finds', async () => {
	test.setTimeout(90_000);
	const folder = path.join(fs.mkdtempSync(path.join(dataDir, 'private-')), 'data');
	const database = path.join(folder, 'common-ground.db');
	const umask = process.umask(0);
	let server;
	try {
		server = await startOwnServer(database);
	} finally {
		process.umask(umask);
	}
	try {
		expect(modeOf(folder)).toBe(0o700);
		for (const file of [database, `${database}-wal`, `${database}-shm`])
			expect(modeOf(file), file).toBe(0o600);
		expect(server.output()).not.toContain('Warning:');
	} finally {
		server.process.kill('SIGTERM');
		await server.exited;
	}

	fs.chmodSync(database, 0o644);
	const again = await startOwnServer(database);
	try {
		expect(again.output()).toContain(
			`Warning: ${database} can be read by other users of this machine (mode 644); it holds what partners wrote. Run: chmod 600 ${database}`
		);
	} finally {
		again.process.kill('SIGTERM');
		await again.exited;
	}
});
