import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh } from './support/arrange';
import { runScript, seedDemo, startOwnServer } from './support/own-server';

// A backup taken while a partner is writing, restored as an operator would
// after losing the machine: the app starts from the restored copy and the
// partner finds their words.

const dataDir = process.env.TEST_DATA_DIR!;

test.describe.configure({ timeout: 90_000 });

test('a backup taken while the app runs is restored, and the app starts from it with every word', async ({
	browser
}) => {
	// A folder of this run's own, so the test can run again, or alongside itself.
	const folder = fs.mkdtempSync(path.join(dataDir, 'backup-'));
	const live = path.join(folder, 'live.db');
	const backups = path.join(folder, 'backups');
	seedDemo(live);
	const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey', 2, live);

	const server = await startOwnServer(live);
	const before = await browser.newContext({
		baseURL: server.origin,
		viewport: PHONE,
		javaScriptEnabled: true
	});
	const casey = await before.newPage();
	await signInAs(casey, demo.casey);
	await casey.goto(`/homework/${assignmentId}`);
	await casey
		.getByLabel('What would a good next step together look like?')
		.fill('Cook dinner together on Sunday, phones away.');
	await expect(casey.getByRole('status').filter({ hasText: /Saved at/ })).toBeVisible({
		timeout: 10_000
	});

	const backup = runScript('backup', [backups], live);
	expect(backup.status, backup.stderr).toBe(0);
	const [made] = fs.readdirSync(backups);
	expect(made).toMatch(/^common-ground-\d{8}T\d{6}Z\.db$/);
	expect(backup.stdout).toContain(`to ${path.join(backups, made!)}`);
	await before.close();
	server.process.kill('SIGTERM');
	expect(await server.exited).toBe(0);

	// The machine is gone: a new database path, filled from the backup.
	const restoredPath = path.join(folder, 'restored', 'common-ground.db');
	const restore = runScript('restore', [path.join(backups, made!)], restoredPath, {
		BACKUP_DIR: backups
	});
	expect(restore.status, restore.stderr).toBe(0);
	const restoredDb = new SQLite(restoredPath, { readonly: true });
	expect(restoredDb.pragma('integrity_check', { simple: true })).toBe('ok');
	restoredDb.close();

	const restored = await startOwnServer(restoredPath);
	try {
		const after = await browser.newContext({
			baseURL: restored.origin,
			viewport: PHONE,
			javaScriptEnabled: true
		});
		const again = await after.newPage();
		await signInAs(again, demo.casey);
		await again.goto(`/homework/${assignmentId}`);
		await expect(again.getByLabel('What would a good next step together look like?')).toHaveValue(
			'Cook dinner together on Sunday, phones away.'
		);
		await expectAccessible(again);
		await after.close();
	} finally {
		restored.process.kill('SIGTERM');
		await restored.exited;
	}
	expect(restored.errors()).toBe('');

	// Restoring over a database that exists needs --replace; without it nothing changes.
	const refused = runScript('restore', [path.join(backups, made!)], restoredPath, {
		BACKUP_DIR: backups
	});
	expect(refused.status).toBe(1);
	expect(refused.stderr.trim()).toBe(
		`There is already a database at ${restoredPath}: stop the server, then restore with --replace (the current database is backed up first).`
	);
});
