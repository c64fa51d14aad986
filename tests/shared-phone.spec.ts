import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';

// On a shared phone: the quick exit leaves no app page behind in the history
// and ends the session on the server, with or without JavaScript; a session
// not kept ends with the browser; each device can be signed out from another.
// The neutral sites are answered here, so no test reaches the real internet.

const WEATHER = 'https://www.bbc.com/weather';
const LOCAL_NEWS = 'https://news.example.org/local';

async function answerNeutralSites(context: BrowserContext): Promise<void> {
	for (const site of ['https://www.bbc.com/**', 'https://news.example.org/**'])
		await context.route(site, (route) =>
			route.fulfill({
				contentType: 'text/html',
				body: '<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1></html>'
			})
		);
}

async function sessionToken(context: BrowserContext): Promise<string> {
	const token = (await context.cookies()).find((cookie) => cookie.name === 'session')?.value;
	if (!token) throw new Error('This browser is not signed in.');
	return token;
}

/** Whether the server still takes this token: a signed-out one is sent to sign in. */
async function signedInWith(request: APIRequestContext, token: string): Promise<boolean> {
	const response = await request.get('/home', {
		headers: { cookie: `session=${token}` },
		maxRedirects: 0
	});
	return response.status() === 200;
}

async function expectGoneFromHistory(page: Page): Promise<void> {
	await page.goBack();
	await expect(page).not.toHaveURL(/\/home/);
}

test.describe('the quick exit, with JavaScript', () => {
	test.use({ viewport: PHONE });

	test('is reached first by keyboard, in sight, and one tap leaves and signs out', async ({
		page,
		context,
		request
	}) => {
		await answerNeutralSites(context);
		await signInAs(page, demo.alex);
		const quickExit = page.getByRole('link', { name: 'Quick exit' });
		await expect(quickExit).toBeInViewport();
		await expect(page.getByRole('link', { name: 'Help' })).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(quickExit).toBeFocused();
		await expectAccessible(page);

		const token = await sessionToken(context);
		await quickExit.click();
		await expect(page).toHaveURL(WEATHER);
		await expect.poll(() => signedInWith(request, token), { timeout: 15_000 }).toBe(false);
		await expectGoneFromHistory(page);
	});

	test('Escape pressed twice does the same', async ({ page, context, request }) => {
		await answerNeutralSites(context);
		await signInAs(page, demo.sam);
		const token = await sessionToken(context);
		// Keys pressed before the page's script runs go unheard: press again until it answers.
		await expect(async () => {
			await page.keyboard.press('Escape');
			await page.keyboard.press('Escape');
			await expect(page).toHaveURL(WEATHER, { timeout: 1_000 });
		}).toPass({ timeout: 15_000 });
		await expect.poll(() => signedInWith(request, token), { timeout: 15_000 }).toBe(false);
		await expectGoneFromHistory(page);
	});
});

test.describe('the quick exit, without JavaScript', () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });

	test('is a plain link that signs out through the server', async ({ page, context, request }) => {
		await answerNeutralSites(context);
		await signInAs(page, demo.jordan);
		await page.goto('/help');
		await expect(page.getByRole('heading', { level: 1, name: 'Help' })).toBeVisible();
		await expect(page).toHaveTitle('Help · Common Ground');
		await expectAccessible(page);

		const token = await sessionToken(context);
		await page.getByRole('link', { name: 'Quick exit' }).click();
		await expect(page).toHaveURL(WEATHER);
		expect(await signedInWith(request, token)).toBe(false);
		expect((await context.cookies()).some((cookie) => cookie.name === 'session')).toBe(false);
	});
});

test.describe('keep me signed in', () => {
	test.use({ viewport: PHONE });

	test('off by default: the cookie ends with the browser', async ({ page, context }) => {
		await page.goto('/sign-in');
		await expect(page.getByLabel('Keep me signed in on this device')).not.toBeChecked();
		await expectAccessible(page);
		await signInAs(page, demo.sam);
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect(cookie?.expires).toBe(-1);
		// Still a browser-session cookie after the next page renews the session.
		await page.goto('/help');
		expect((await context.cookies()).find((c) => c.name === 'session')?.expires).toBe(-1);
		await expectAccessible(page);
	});

	test('on: the cookie lasts 30 days', async ({ page, context }) => {
		await signInAs(page, demo.sam, undefined, { keepSignedIn: true });
		await expect(page.getByRole('link', { name: 'Quick exit' })).toBeVisible();
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect(cookie, JSON.stringify(await context.cookies())).toBeDefined();
		const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(29.9);
		expect(days).toBeLessThanOrEqual(30);
	});
});

// These change what other tests of the demo practice rely on (the therapist's
// exit site, every session of a partner), so they run on a practice of their own.
test.describe('on a practice of its own', () => {
	test.describe.configure({ timeout: 120_000 });
	let server: OwnServer;

	test.beforeAll(async () => {
		test.setTimeout(120_000);
		const folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'shared-phone-'));
		const database = path.join(folder, 'demo.db');
		seedDemo(database);
		server = await startOwnServer(database);
	});

	test.afterAll(async () => {
		server.process.kill('SIGTERM');
		await server.exited;
	});

	test('the quick exit leads where the couple’s therapist chose', async ({ browser }) => {
		const therapistContext = await browser.newContext({ baseURL: server.origin });
		const partnerContext = await browser.newContext({ baseURL: server.origin, viewport: PHONE });
		await answerNeutralSites(partnerContext);
		const therapist = await therapistContext.newPage();
		const page = await partnerContext.newPage();
		await signInAs(therapist, demo.otherTherapist);
		await therapist.goto('/account');
		const field = therapist.getByLabel('Partners’ quick exit leads to');
		await field.fill('http://news.example.org/local');
		await therapist.getByRole('button', { name: 'Save quick exit site' }).click();
		await expect(therapist.getByText('Enter a web address starting with https://.')).toBeVisible();
		await expect(field).toHaveValue('http://news.example.org/local');
		await expectAccessible(therapist);
		await field.fill(LOCAL_NEWS);
		await therapist.getByRole('button', { name: 'Save quick exit site' }).click();
		await expect(therapist.getByText('Your couples’ quick exit now leads there.')).toBeVisible();

		await signInAs(page, demo.casey);
		await page.getByRole('link', { name: 'Quick exit' }).click();
		await expect(page).toHaveURL(LOCAL_NEWS);
		await therapistContext.close();
		await partnerContext.close();
	});

	test('signed-in devices are listed on the account page and signed out, one or all', async ({
		browser
	}, testInfo) => {
		const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE });
		const otherContext = await browser.newContext({
			baseURL: server.origin,
			viewport: PHONE,
			userAgent: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0'
		});
		const page = await context.newPage();
		const other = await otherContext.newPage();
		await signInAs(other, demo.sam);
		await signInAs(page, demo.sam);
		await page.goto('/account');
		const devices = page.getByRole('list', { name: 'Where you are signed in' });
		await expect(devices.getByRole('listitem')).toHaveCount(2);
		await expect(devices.getByText('(this device)')).toHaveCount(1);
		await expect(devices.getByText('Firefox on Android', { exact: true })).toHaveCount(1);
		await expectAccessible(page);
		await page.screenshot({ path: testInfo.outputPath('devices.png'), fullPage: true });

		await page.getByRole('button', { name: /^Sign out Firefox on Android/ }).click();
		await expect(page.getByRole('status')).toContainText('Signed out on that device.');
		await expect(devices.getByRole('listitem')).toHaveCount(1);
		await other.goto('/home');
		await expect(other).toHaveURL(/\/sign-in/);

		// A handle that is not one of this person's sessions ends nothing.
		const refused = await page.request.post('/account?/signOutDevice', {
			form: { device: 'not-a-device-of-yours' },
			headers: { origin: server.origin, accept: 'text/html' }
		});
		expect(refused.status()).toBe(404);
		await page.goto('/account');
		await expect(devices.getByText('(this device)')).toHaveCount(1);

		await signInAs(other, demo.sam);
		await page.getByRole('button', { name: 'Sign out everywhere' }).click();
		await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);
		await page.goto('/home');
		await expect(page).toHaveURL(/\/sign-in/);
		await other.goto('/home');
		await expect(other).toHaveURL(/\/sign-in/);
		await context.close();
		await otherContext.close();
	});
});

test.describe('a partner page at phone width', () => {
	test.use({ viewport: PHONE });

	test('shows the quick exit and help at the top', async ({ page }, testInfo) => {
		await signInAs(page, demo.alex);
		await page.goto('/help');
		await expect(page.getByRole('link', { name: 'Quick exit' })).toBeInViewport();
		await expectAccessible(page);
		await page.screenshot({ path: testInfo.outputPath('help.png') });
	});
});
