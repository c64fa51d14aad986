import type { Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, PHONE, demo } from './support/demo';
import { startPracticeWithMail, type PracticeWithMail } from './support/mail-sink';

// Two-step sign-in as a therapist sets it up: the test is the authenticator
// app, computing each code from the key the page shows and the server's clock.

test.describe.configure({ timeout: 180_000 });

let practice: PracticeWithMail | undefined;
/** How far the test has moved the server's clock on. */
let offsetMs = 0;

test.afterEach(async () => {
	await practice?.stop();
	practice = undefined;
});

function codeFor(keyText: string): string {
	const step = Math.floor((Date.now() + offsetMs) / 30_000);
	return generateHOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), BigInt(step), 6);
}

function moveClock(ms: number) {
	offsetMs += ms;
	practice?.moveClock(ms);
}

async function passwordStep(page: Page, origin: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(demo.therapist.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(`${origin}/sign-in/code`);
}

async function typeCode(page: Page, code: string) {
	await page.getByLabel('Code').fill(code);
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.getByRole('button', { name: 'Continue' }).click()
	]);
	return response;
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a therapist sets up two-step sign-in, then signs in with a code and with a recovery code', async ({
		page
	}) => {
		offsetMs = 0;
		practice = await startPracticeWithMail();
		const { origin } = practice.server;

		await page.goto(`${origin}/sign-in`);
		await page.getByLabel('Email address').fill(demo.therapist.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${origin}/practice`);

		await page.goto(`${origin}/account`);
		await page.getByRole('link', { name: 'Two-step sign-in' }).click();
		await expect(page.getByText('Two-step sign-in is off.')).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
		await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
		await expectAccessible(page);
		const keyText = (await page.getByTestId('two-step-key').textContent()) ?? '';
		expect(keyText).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);

		// A wrong code is refused beside the field.
		await page.getByLabel('Code from the app').fill('000000');
		await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
		await expect(page.getByText('That code did not work.')).toBeVisible();

		const firstCode = codeFor(keyText);
		await page.getByLabel('Code from the app').fill(firstCode);
		await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
		await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
		const recoveryCodes = await page
			.getByTestId('recovery-codes')
			.locator('code')
			.allTextContents();
		expect(recoveryCodes).toHaveLength(10);
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/two-step-recovery-codes.png', fullPage: true });

		// Once on, no page sends the key again.
		await page.goto(`${origin}/account/two-step`);
		await expect(page.getByText('Two-step sign-in is on.')).toBeVisible();
		expect(await page.content()).not.toContain(keyText);
		const data = await page.request.get(`${origin}/account/two-step/__data.json`);
		expect(await data.text()).not.toContain(keyText.replace(/\s/g, '').slice(0, 8));

		await page.getByRole('button', { name: 'Sign out' }).click();

		// The password alone opens nothing: the pages still ask to sign in.
		await passwordStep(page, origin);
		await expectAccessible(page);
		await page.goto(`${origin}/practice`);
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fpractice/);
		const practiceData = await page.request.get(`${origin}/practice/__data.json`);
		expect(await practiceData.text()).not.toContain('Alex & Sam');

		// The code used to turn it on was spent; the next one works.
		await page.goto(`${origin}/sign-in/code`);
		// The very code, not one worked out again: 30 seconds may have passed since.
		const reused = await typeCode(page, firstCode);
		expect(reused.status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText('That code did not work.');
		moveClock(30_000);
		const code = codeFor(keyText);
		await typeCode(page, code);
		await expect(page).toHaveURL(`${origin}/practice`);
		await page.getByRole('button', { name: 'Sign out' }).click();

		// The same code again, a second later: refused.
		await passwordStep(page, origin);
		expect((await typeCode(page, code)).status()).toBe(400);

		// No phone: a recovery code gets in once.
		await typeCode(page, recoveryCodes[0]!);
		await expect(page).toHaveURL(`${origin}/account/two-step?recovery-code-used`);
		await expect(page.getByText('You signed in with a recovery code')).toBeVisible();
		await expect(page.getByText('You have 9 unused recovery codes.')).toBeVisible();
		await page.getByRole('button', { name: 'Sign out' }).click();
		await passwordStep(page, origin);
		expect((await typeCode(page, recoveryCodes[0]!)).status()).toBe(400);
	});
});

test.describe('a partner, on a phone without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: PHONE });

	test('sets up two-step sign-in (optional for partners) and signs in with a code', async ({
		page
	}) => {
		offsetMs = 0;
		practice = await startPracticeWithMail();
		const { origin } = practice.server;

		await page.goto(`${origin}/sign-in`);
		await page.getByLabel('Email address').fill(demo.alex.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${origin}${demo.alex.home}`);

		// Nothing sends a partner there: it is theirs to choose from their account.
		await page.goto(`${origin}/account`);
		await page.getByRole('link', { name: 'Two-step sign-in' }).click();
		await expect(page.getByText('Two-step sign-in is off.')).toBeVisible();
		await expect(page.getByTestId('passkeys-need-javascript')).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
		const keyText = (await page.getByTestId('two-step-key').textContent()) ?? '';
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/two-step-partner-phone.png', fullPage: true });
		// Nothing is wider than the phone: the key wraps rather than scrolling sideways.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			PHONE.width
		);
		await page.getByLabel('Code from the app').fill(codeFor(keyText));
		await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
		await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
		await expectAccessible(page);

		await page.goto(`${origin}/home`);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.goto(`${origin}/sign-in`);
		await page.getByLabel('Email address').fill(demo.alex.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${origin}/sign-in/code`);
		await expectAccessible(page);
		moveClock(30_000);
		await typeCode(page, codeFor(keyText));
		await expect(page).toHaveURL(`${origin}${demo.alex.home}`);
	});
});
