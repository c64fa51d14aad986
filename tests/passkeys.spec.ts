import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { DEMO_PASSWORD, demo } from './support/demo';
import { startPracticeWithMail, type PracticeWithMail } from './support/mail-sink';

// Passkeys as a therapist uses them, with Chromium's virtual authenticator
// standing in for the laptop's fingerprint reader: added on the two-step
// page, then used alone to sign in and as the second step after the
// password; once removed, the same passkey opens nothing.

test.describe.configure({ timeout: 180_000 });

let practice: PracticeWithMail | undefined;

test.afterEach(async () => {
	await practice?.stop();
	practice = undefined;
});

/** A platform authenticator that holds discoverable passkeys and always verifies its owner. */
async function addVirtualAuthenticator(page: Page): Promise<CDPSession> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return cdp;
}

async function typePassword(page: Page, origin: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(demo.therapist.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a therapist adds a passkey, signs in with it alone and as the second step, then removes it', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	await addVirtualAuthenticator(page);

	await typePassword(page, origin);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/account/two-step`);
	await expect(page.getByText('You have no passkeys.')).toBeVisible();
	await expectAccessible(page);

	// A name is asked for before the browser is.
	await page.getByLabel('Name for the new passkey').fill('This laptop');
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	// The first way past the password comes with recovery codes, shown once.
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible({
		timeout: 20_000
	});
	const recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	expect(recoveryCodes).toHaveLength(10);

	await page.goto(`${origin}/account/two-step`);
	await expect(page.getByTestId('passkeys')).toContainText('This laptop');
	await expect(page.getByTestId('passkeys')).toContainText('not used yet');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/passkeys-listed.png', fullPage: true });

	// Signed out, the passkey alone signs in: no address, no password, no code.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.goto(`${origin}/sign-in`);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page).toHaveURL(`${origin}/practice`, { timeout: 20_000 });
	await expect(page.getByText(demo.therapist.name).first()).toBeVisible();

	// The password is no longer enough: the passkey is asked for next.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await typePassword(page, origin);
	await expect(page).toHaveURL(`${origin}/sign-in/code`);
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/passkeys-second-step.png', fullPage: true });
	const waiting = await page.request.get(`${origin}/practice/__data.json`);
	expect(await waiting.text()).not.toContain('Alex & Sam');
	await page.getByRole('button', { name: 'Use your passkey' }).click();
	await expect(page).toHaveURL(`${origin}/practice`, { timeout: 20_000 });

	// Without JavaScript the pages say a passkey needs it, and a recovery code still gets in.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	const plainPage = await plain.newPage();
	trackNoScriptDocuments(plainPage);
	await plainPage.goto(`${origin}/sign-in`);
	await expect(plainPage.getByTestId('passkeys-need-javascript')).toContainText('needs JavaScript');
	await expectAccessible(plainPage);
	await typePassword(plainPage, origin);
	await expect(plainPage).toHaveURL(`${origin}/sign-in/code`);
	await expect(plainPage.getByTestId('passkeys-need-javascript')).toBeVisible();
	await expectAccessible(plainPage);
	await plainPage.getByLabel('Recovery code').fill(recoveryCodes[0]!);
	await plainPage.getByRole('button', { name: 'Continue' }).click();
	await expect(plainPage).toHaveURL(`${origin}/account/two-step?recovery-code-used`);
	await expect(plainPage.getByTestId('passkeys-need-javascript')).toBeVisible();
	await expectAccessible(plainPage);
	await plain.close();

	// Removed, the passkey opens nothing, though the device still offers it.
	await page.goto(`${origin}/account/two-step`);
	await page.getByRole('button', { name: 'Remove the passkey This laptop' }).click();
	await expect(page.getByText('The passkey is removed')).toBeVisible();
	await expect(page.getByText('You have no passkeys.')).toBeVisible();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.goto(`${origin}/sign-in`);
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page.getByRole('alert')).toContainText('That passkey did not sign you in', {
		timeout: 20_000
	});
	await expect(page).toHaveURL(`${origin}/sign-in`);
	await expectAccessible(page);
});
