import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, demo } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { stopLocalServer } from '../scripts/local-server';

// The TOTP key is sealed under a key kept outside the database. A database
// brought back without that key (a restore on a new machine, the key file
// lost) must still let people in: app codes are refused with a reason, a
// recovery code works, and the server says why in one line.

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

test('a database restored without its two-step key: app codes refused with a reason, a recovery code gets in', async ({
	page
}) => {
	const folder = fs.mkdtempSync(path.join(dataDir, 'two-step-key-'));
	const database = path.join(folder, 'practice.db');
	seedDemo(database);
	server = await startOwnServer(database);
	const keyFile = `${database}.key`;
	expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

	await signInWithPassword(page, server.origin);
	await expect(page).toHaveURL(`${server.origin}/practice`);
	await page.goto(`${server.origin}/account/two-step`);
	await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
	const keyText = (await page.getByTestId('two-step-key').textContent()) ?? '';
	expect(keyText).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);
	await page.getByLabel('Code from the app').fill(codeNow(keyText));
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	const recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/sign-in/);
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
