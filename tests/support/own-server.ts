import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { trackNoScriptDocuments } from './accessibility';
import type { LocalServer } from '../../scripts/local-server';

// A production server of a test's own, on its own database and a free port,
// for tests that stop, kill or restart it (the shared servers must stay up).
// Starting, stopping and signing in are shared with the benchmark script.

export {
	freePort,
	signInWithForm,
	startLocalServer as startOwnServer,
	waitUntilListening,
	type LocalServer as OwnServer
} from '../../scripts/local-server';

/**
 * The demo practice in a new folder of this run's test data, for a spec that
 * changes what other specs rely on: the database file to start a server on.
 */
export function seededPractice(name: string): string {
	const folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, `${name}-`));
	const database = path.join(folder, 'common-ground.db');
	seedDemo(database);
	return database;
}

/** A page of its own on a test's own server; without JavaScript, checked to run none. */
export async function pageOn(
	server: LocalServer,
	browser: Browser,
	options: BrowserContextOptions = {}
): Promise<Page> {
	const context = await browser.newContext({ baseURL: server.origin, ...options });
	const page = await context.newPage();
	if (options.javaScriptEnabled === false) trackNoScriptDocuments(page);
	return page;
}

/** The demo practice in a new database file, as `npm run seed:demo` makes it. */
export function seedDemo(database: string): void {
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], {
		env: { ...process.env, DATABASE_PATH: database },
		encoding: 'utf8'
	});
	if (seeded.status !== 0) throw new Error(`Seeding the demo failed: ${seeded.stderr}`);
}

/** Runs one of the project's scripts (scripts/<name>.ts) as an operator would, against `database`. */
export function runScript(
	name: string,
	args: string[],
	database: string,
	env: Record<string, string> = {}
) {
	return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
		env: { ...process.env, DATABASE_PATH: database, ...env },
		encoding: 'utf8'
	});
}
