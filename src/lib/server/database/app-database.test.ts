import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDatabase, startDatabase, stopDatabase } from './app-database';
import { StartupError } from '../startup/startup-error';

const folders: string[] = [];

function scratchFile(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-app-'));
	folders.push(folder);
	return path.join(folder, 'app.db');
}

afterEach(async () => {
	await stopDatabase();
	for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the app database', () => {
	it('cannot be used before the server starts it', () => {
		expect(() => appDatabase()).toThrow(/before the server started it/);
	});

	it('is opened and migrated once, and the same one is handed out', async () => {
		const file = scratchFile();
		const opened = await startDatabase(file);
		expect(await startDatabase(scratchFile())).toBe(opened);
		expect(appDatabase()).toBe(opened.db);
		expect(await appDatabase().selectFrom('users').selectAll().execute()).toEqual([]);
	});

	it('closes on stop, and can be started again', async () => {
		const file = scratchFile();
		const first = await startDatabase(file);
		await stopDatabase();
		expect(first.sqlite!.open).toBe(false);
		expect(() => appDatabase()).toThrow();
		const second = await startDatabase(file);
		expect(second).not.toBe(first);
		await stopDatabase();
		await stopDatabase();
	});

	it('refuses to start on a database from a newer version, and closes it', async () => {
		const file = scratchFile();
		const { sqlite } = await startDatabase(file);
		sqlite!
			.prepare(
				"INSERT INTO kysely_migration (name, timestamp) VALUES ('29991231T2359-FromTheFuture', '2999-12-31T23:59:00.000Z')"
			)
			.run();
		await stopDatabase();

		await expect(startDatabase(file)).rejects.toBeInstanceOf(StartupError);
		expect(() => appDatabase()).toThrow();
	});
});
