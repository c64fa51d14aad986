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

test('a therapist with passkeys alone makes new recovery codes and signs in with one', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	await addVirtualAuthenticator(page);
	await typePassword(page, origin);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/account/two-step`);
	await page.getByLabel('Name for the new passkey').fill('This laptop');
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible({
		timeout: 20_000
	});
	const firstCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	expect(firstCodes).toHaveLength(10);

	// No app codes, yet the codes are counted and can be made anew.
	await page.goto(`${origin}/account/two-step`);
	await expect(page.getByText('Codes from an app are off.')).toBeVisible();
	await expect(page.getByTestId('recovery-codes-left')).toHaveText(
		'You have 10 unused recovery codes.'
	);
	await expect(page.getByText('This passkey is your only second step')).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/recovery-codes-passkey-only.png', fullPage: true });
	await page.getByRole('button', { name: 'Make new recovery codes with your passkey' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible({
		timeout: 20_000
	});
	await expect(page.getByText('Your old codes no longer work.')).toBeVisible();
	await expectAccessible(page);
	const newCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	expect(newCodes).toHaveLength(10);
	expect(newCodes.filter((code) => firstCodes.includes(code))).toEqual([]);
	// Shown once, in the form's answer: the page's data never carries them.
	const pageData = await (await page.request.get(`${origin}/account/two-step/__data.json`)).text();
	for (const code of newCodes) expect(pageData).not.toContain(code);

	// Without JavaScript, at the second step: an old code is refused, a new one gets in.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	const plainPage = await plain.newPage();
	trackNoScriptDocuments(plainPage);
	await typePassword(plainPage, origin);
	await expect(plainPage).toHaveURL(`${origin}/sign-in/code`);
	await plainPage.getByLabel('Recovery code').fill(firstCodes[0]!);
	await plainPage.getByRole('button', { name: 'Continue' }).click();
	await expect(plainPage.getByRole('alert')).toContainText('That code did not work.');
	await plainPage.getByLabel('Recovery code').fill(newCodes[0]!);
	await plainPage.getByRole('button', { name: 'Continue' }).click();
	await expect(plainPage).toHaveURL(`${origin}/account/two-step?recovery-code-used`);
	await expect(plainPage.getByText('If a passkey is lost, remove it below')).toBeVisible();
	await expect(plainPage.getByTestId('recovery-codes-left')).toHaveText(
		'You have 9 unused recovery codes.'
	);
	await expectAccessible(plainPage);

	// The form works without JavaScript too, with a recovery code in place of the passkey.
	await plainPage.getByLabel('One of your recovery codes').fill(firstCodes[1]!);
	await plainPage.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(plainPage.getByText('That code did not work.')).toBeVisible();
	await expectAccessible(plainPage);
	await plainPage.getByLabel('One of your recovery codes').fill(newCodes[1]!);
	await plainPage.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(plainPage.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	const latestCodes = await plainPage
		.getByTestId('recovery-codes')
		.locator('code')
		.allTextContents();
	expect(latestCodes).toHaveLength(10);
	await expectAccessible(plainPage);
	await plain.close();

	// Signed out, the newest set gets in where the one before no longer does.
	await page.goto(`${origin}/account/two-step`);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await typePassword(page, origin);
	await expect(page).toHaveURL(`${origin}/sign-in/code`);
	await page.getByLabel('Recovery code').fill(newCodes[2]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('alert')).toContainText('That code did not work.');
	await page.getByLabel('Recovery code').fill(latestCodes[0]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(`${origin}/account/two-step?recovery-code-used`);

	// The last passkey removed, the codes go with it and the password alone signs in.
	await page.getByRole('button', { name: 'Remove the passkey This laptop' }).click();
	await expect(
		page.getByText('Two-step sign-in is off, and your recovery codes no longer work.')
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Recovery codes', exact: true })).toHaveCount(0);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await typePassword(page, origin);
	await expect(page).toHaveURL(`${origin}/practice`);
});
