import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, demo } from './support/demo';
import { runScript, seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { stopLocalServer } from '../scripts/local-server';

// The TOTP key is sealed under a key kept outside the database. A database
// brought back without that key (a restore on a new machine, the key file
// lost) must still let people in: app codes are refused with a reason, a
// recovery code works, and the server says why in one line. And an operator
// who rotates that key (npm run rotate-two-step-key) loses nobody's app.

test.describe.configure({ timeout: 180_000 });
test.use({ javaScriptEnabled: false });

const dataDir = process.env.TEST_DATA_DIR!;
let server: OwnServer | undefined;

test.afterEach(async () => {
	if (server) await stopLocalServer(server);
	server = undefined;
});

function codeNow(keyText: string): string {
	const step = Math.floor(Date.now() / 30_000);
	return generateHOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), BigInt(step), 6);
}

async function signInWithPassword(page: Page, origin: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(demo.therapist.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The therapist turns on codes from an app; returns the key as shown and the recovery codes. */
async function turnOnAppCodes(
	page: Page,
	origin: string
): Promise<{ keyText: string; recoveryCodes: string[] }> {
	await signInWithPassword(page, origin);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/account/two-step`);
	await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
	const keyText = (await page.getByTestId('two-step-key').textContent()) ?? '';
	expect(keyText).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);
	await page.getByLabel('Code from the app').fill(codeNow(keyText));
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	const recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/sign-in/);
	return { keyText, recoveryCodes };
}

test('a database restored without its two-step key: app codes refused with a reason, a recovery code gets in', async ({
	page
}) => {
	const folder = fs.mkdtempSync(path.join(dataDir, 'two-step-key-'));
	const database = path.join(folder, 'practice.db');
	seedDemo(database);
	server = await startOwnServer(database);
	const keyFile = `${database}.key`;
	expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

	const { keyText, recoveryCodes } = await turnOnAppCodes(page, server.origin);
	await stopLocalServer(server);

	// The database on disk holds no trace of the key the app computes codes from.
	const onDisk = Buffer.concat(
		[database, `${database}-wal`]
			.filter((file) => fs.existsSync(file))
			.map((file) => fs.readFileSync(file))
	);
	expect(onDisk.includes(keyText.replace(/\s/g, ''))).toBe(false);

	// Restored without its key: the server starts with a new one.
	fs.rmSync(keyFile);
	server = await startOwnServer(database);
	await signInWithPassword(page, server.origin);
	await expect(page).toHaveURL(`${server.origin}/sign-in/code`);
	await page.getByLabel('Code').fill(codeNow(keyText));
	const [refused] = await Promise.all([
		page.waitForResponse((response) => response.request().method() === 'POST'),
		page.getByRole('button', { name: 'Continue' }).click()
	]);
	expect(refused.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText(
		'Codes from your app cannot be checked on this server any more'
	);
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/two-step-key-lost.png', fullPage: true });
	await expect
		.poll(() => server!.output())
		.toContain("does not open with this server's two-step key");
	expect(server.output()).not.toContain(keyText.replace(/\s/g, ''));

	await page.getByLabel('Code').fill(recoveryCodes[0]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(`${server.origin}/account/two-step?recovery-code-used`);
	await expectAccessible(page);
});

/**
 * Signs in with the password and a code from the app. Each code works once,
 * so each sign-in uses a later step than the last (the server accepts the
 * next step too, for a phone's clock running ahead), waiting for the clock
 * when the last sign-in used that one already.
 */
async function signInWithAppCode(page: Page, origin: string, keyText: string, after: number) {
	const step = after + 1;
	await expect
		.poll(() => Math.floor(Date.now() / 30_000), { timeout: 45_000 })
		.toBeGreaterThanOrEqual(step - 1);
	await signInWithPassword(page, origin);
	await expect(page).toHaveURL(`${origin}/sign-in/code`);
	await expectAccessible(page);
	await page
		.getByLabel('Code')
		.fill(generateHOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), BigInt(step), 6));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(`${origin}/practice`);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/sign-in/);
	return step;
}

const keyNow = (): string => crypto.randomBytes(32).toString('base64');
const stepNow = (): number => Math.floor(Date.now() / 30_000);

test('rotating the key in TWO_STEP_KEY: refused without a new key, then the app works with the new key alone', async ({
	page
}) => {
	const folder = fs.mkdtempSync(path.join(dataDir, 'two-step-rotation-'));
	const database = path.join(folder, 'practice.db');
	seedDemo(database);
	const oldKey = keyNow();
	const newKey = keyNow();
	server = await startOwnServer(database, { TWO_STEP_KEY: oldKey });
	const { keyText } = await turnOnAppCodes(page, server.origin);
	const lastStep = stepNow();
	await stopLocalServer(server);

	// Refused in one line, never showing a key, and nothing changed.
	const same = runScript('rotate-two-step-key', [], database, {
		TWO_STEP_KEY: oldKey,
		TWO_STEP_KEY_PREVIOUS: oldKey
	});
	expect(same.status).toBe(1);
	expect(same.stderr.trim()).toBe(
		'TWO_STEP_KEY and TWO_STEP_KEY_PREVIOUS are the same key: set TWO_STEP_KEY to a new one (openssl rand -base64 32).'
	);
	const missing = runScript('rotate-two-step-key', [], database, { TWO_STEP_KEY: newKey });
	expect(missing.status).toBe(1);
	expect(missing.stderr).toContain('Set TWO_STEP_KEY_PREVIOUS to the key being replaced');
	expect(missing.stderr + missing.stdout).not.toContain(newKey);

	const rotated = runScript('rotate-two-step-key', [], database, {
		TWO_STEP_KEY: newKey,
		TWO_STEP_KEY_PREVIOUS: oldKey
	});
	expect(rotated.stderr).toBe('');
	expect(rotated.status).toBe(0);
	expect(rotated.stdout).toContain('Re-sealed 1 two-step key in');
	for (const key of [oldKey, newKey]) expect(rotated.stdout).not.toContain(key);

	// The previous key removed: still in with a code from the app. (Opening with the previous
	// key, as during a rolling restart, is the unit tests' to show: a second sign-in here would
	// wait up to half a minute for the app's next code.)
	server = await startOwnServer(database, { TWO_STEP_KEY: newKey });
	await signInWithAppCode(page, server.origin, keyText, lastStep);
	expect(server.output()).not.toContain('does not open');
});

test('rotating the key file with the server stopped: the script makes the new key and the app still works', async ({
	page
}) => {
	const folder = fs.mkdtempSync(path.join(dataDir, 'two-step-rotation-file-'));
	const database = path.join(folder, 'practice.db');
	const keyFile = `${database}.key`;
	seedDemo(database);
	server = await startOwnServer(database);
	const { keyText } = await turnOnAppCodes(page, server.origin);
	const lastStep = stepNow();
	await stopLocalServer(server);
	const oldKey = fs.readFileSync(keyFile, 'utf8');

	const rotated = runScript('rotate-two-step-key', [], database);
	expect(rotated.stderr).toBe('');
	expect(rotated.status).toBe(0);
	expect(rotated.stdout).toContain(`Made a new two-step key in ${keyFile}`);
	expect(rotated.stdout).toContain('Re-sealed 1 two-step key in');
	const newKey = fs.readFileSync(keyFile, 'utf8');
	expect(newKey).not.toBe(oldKey);
	expect(rotated.stdout).not.toContain(newKey.trim());
	expect(rotated.stdout).not.toContain(oldKey.trim());
	expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
	// The previous key was kept only until the re-seal committed.
	expect(fs.existsSync(`${keyFile}.previous`)).toBe(false);

	server = await startOwnServer(database);
	await signInWithAppCode(page, server.origin, keyText, lastStep);
	expect(server.output()).not.toContain('does not open');
});
