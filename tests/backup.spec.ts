import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh } from './support/arrange';
import { runScript, seedDemo, startOwnServer } from './support/own-server';

// A backup taken while a partner is writing, encrypted to the operator's
// passphrase, restored as an operator would after losing the machine: the app
// starts from the restored copy and the partner finds their words. A wrong
// passphrase is refused and replaces nothing.

const dataDir = process.env.TEST_DATA_DIR!;
const passphrase = { BACKUP_PASSPHRASE: 'a long passphrase kept off this machine' };

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

	const unasked = runScript('backup', [backups], live);
	expect(unasked.status).toBe(1);
	expect(unasked.stderr.trim()).toBe(
		'Set BACKUP_PASSPHRASE to encrypt the backup (or pass --unencrypted to write it in the clear).'
	);
	const backup = runScript('backup', [backups], live, passphrase);
	expect(backup.status, backup.stderr).toBe(0);
	const [made] = fs.readdirSync(backups);
	expect(made).toMatch(/^common-ground-\d{8}T\d{6}Z\.db\.enc$/);
	expect(backup.stdout).toContain(`to ${path.join(backups, made!)}`);
	expect(fs.readFileSync(path.join(backups, made!)).includes('Cook dinner together')).toBe(false);
	await before.close();
	server.process.kill('SIGTERM');
	expect(await server.exited).toBe(0);

	// The machine is gone: a new database path, filled from the backup.
	const restoredPath = path.join(folder, 'restored', 'common-ground.db');
	const wrongKey = runScript('restore', [path.join(backups, made!)], restoredPath, {
		BACKUP_DIR: backups,
		BACKUP_PASSPHRASE: 'a passphrase someone guessed'
	});
	expect(wrongKey.status).toBe(1);
	expect(wrongKey.stderr.trim()).toBe(
		`${path.join(backups, made!)} cannot be opened: the passphrase is wrong or the file is damaged. Nothing was restored.`
	);
	expect(fs.readdirSync(path.dirname(restoredPath))).toEqual([]);
	const restore = runScript('restore', [path.join(backups, made!)], restoredPath, {
		BACKUP_DIR: backups,
		...passphrase
	});
	expect(restore.status, restore.stderr).toBe(0);
	expect(fs.statSync(restoredPath).mode & 0o777).toBe(0o600);
	expect(fs.statSync(path.dirname(restoredPath)).mode & 0o777).toBe(0o700);
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
		BACKUP_DIR: backups,
		...passphrase
	});
	expect(refused.status).toBe(1);
	expect(refused.stderr.trim()).toBe(
		`There is already a database at ${restoredPath}: stop the server, then restore with --replace (the current database is backed up first).`
	);
});
