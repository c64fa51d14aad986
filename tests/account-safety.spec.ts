import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, PHONE, demo } from './support/demo';
import {
	expectGivesNothingAway,
	startPracticeWithMail,
	type PracticeWithMail
} from './support/mail-sink';
import { servers } from '../playwright.config';

// Findings of a probe of the running app: a stranger who knows an address
// cannot keep its owner out, joining does not reveal which addresses have
// an account, and an oversized form answers 413.

test.describe.configure({ timeout: 180_000 });

let practice: PracticeWithMail | undefined;

test.afterEach(async () => {
	await practice?.stop();
	practice = undefined;
});

async function signInWithForm(page: Page, origin: string, email: string, password: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.getByRole('button', { name: 'Sign in' }).click()
	]);
	return response;
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a stranger’s wrong passwords never lock out a device that signed in before, and the owner is told', async ({
		page,
		browser
	}) => {
		practice = await startPracticeWithMail();
		const { origin } = practice.server;

		// The therapist signs in on their own computer, then signs out.
		await signInWithForm(page, origin, demo.therapist.email, DEMO_PASSWORD);
		await expect(page).toHaveURL(`${origin}/practice`);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/signed-out/);

		// A stranger, on another browser, keeps guessing; the server's clock moves on between
		// guesses so the growing waits do not slow the test down.
		const stranger = await (await browser.newContext()).newPage();
		for (let guess = 1; guess <= 10; guess++) {
			const response = await signInWithForm(
				stranger,
				origin,
				demo.therapist.email,
				`guess ${guess}`
			);
			expect(response.status(), `guess ${guess}`).toBe(400);
			practice.moveClock(20 * 60_000);
		}
		const notice = await practice.sink.waitFor(demo.therapist.email);
		expect(notice.subject).toBe('Many failed attempts to sign in');
		expectGivesNothingAway(notice);

		// Now the stranger is held back, even with the right password...
		await signInWithForm(stranger, origin, demo.therapist.email, 'guess 11');
		const held = await signInWithForm(stranger, origin, demo.therapist.email, DEMO_PASSWORD);
		expect(held.status()).toBe(429);
		await expect(stranger.getByRole('alert')).toContainText('Too many sign-in attempts');

		// ...but the owner's own device gets through at once.
		await signInWithForm(page, origin, demo.therapist.email, DEMO_PASSWORD);
		await expect(page).toHaveURL(`${origin}/practice`);
		await expectAccessible(page);
	});
});

async function joinWith(browser: Browser, link: string, email: string): Promise<Page> {
	const page = await (await browser.newContext({ viewport: PHONE })).newPage();
	await page.goto(link);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill('lantern harbour quiet');
	await page.getByLabel('Password again').fill('lantern harbour quiet');
	await page.getByRole('checkbox', { name: /I have read .* secrets policy/ }).check();
	await page.getByRole('button', { name: 'Create my account' }).click();
	return page;
}

test('joining with an address that has an account answers as any join does, and tells its owner', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	await signInWithForm(page, origin, demo.therapist.email, DEMO_PASSWORD);
	await page.goto(`${origin}/couples/new`);
	await page.getByLabel('Couple’s name').fill('Robin & Kai');
	await page.getByLabel('First partner’s name').fill('Robin');
	await page.getByLabel('Second partner’s name').fill('Kai');
	await page.getByRole('button', { name: 'Add couple' }).click();
	await page.getByRole('button', { name: 'Make an invitation link for Robin' }).click();
	const robinLink = await page.getByLabel('Invitation link for Robin').inputValue();
	await page.getByRole('button', { name: 'Make an invitation link for Kai' }).click();
	const kaiLink = await page.getByLabel('Invitation link for Kai').inputValue();

	// Alex's address already has an account; Kai's is new. Both see the same page.
	const taken = await joinWith(browser, robinLink, demo.alex.email);
	const fresh = await joinWith(browser, kaiLink, 'kai@example.org');
	for (const joiner of [taken, fresh]) {
		await expect(joiner).toHaveURL(`${origin}/sign-in?joined=1&next=%2Fhome%3Fwelcome`);
		await expect(joiner.getByRole('status')).toContainText('Your account is ready.');
		expect((await joiner.context().cookies()).some((c) => c.name === 'session')).toBe(false);
	}
	await expectAccessible(taken);
	// Both links are spent alike: reopening either says the same.
	await taken.goto(robinLink);
	await fresh.goto(kaiLink);
	const headings = await Promise.all(
		[taken, fresh].map((joiner) => joiner.getByRole('heading', { level: 1 }).textContent())
	);
	expect(headings[0]).toBe(headings[1]);

	const told = await practice.sink.waitFor(demo.alex.email);
	expect(told.subject).toBe('Someone tried to create an account with this address');
	expectGivesNothingAway(told);

	// Kai signs in with what they chose; the one who typed Alex's address cannot.
	await fresh.goto(`${origin}/sign-in?joined=1&next=%2Fhome%3Fwelcome`);
	await fresh.getByLabel('Email address').fill('kai@example.org');
	await fresh.getByLabel('Password', { exact: true }).fill('lantern harbour quiet');
	await fresh.getByRole('button', { name: 'Sign in' }).click();
	await expect(fresh).toHaveURL(`${origin}/home?welcome`);
});

test('a form over the size limit answers 413, not 400', async ({ request }) => {
	const response = await request.post('/sign-in', {
		headers: {
			origin: `http://localhost:${servers.demo.port}`,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		data: `email=a%40example.com&password=${'x'.repeat(5 * 1024 * 1024)}`
	});
	expect(response.status()).toBe(413);
	expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
});
