import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, PHONE, demo, signInAs } from './support/demo';
import { POSTGRES } from '../playwright.config';

test(
	'a therapist signs in and sees their own couples only',
	{ tag: POSTGRES },
	async ({ page }) => {
		await page.goto('/');
		await expect(page).toHaveURL('/sign-in');
		await expectAccessible(page);
		await signInAs(page, demo.therapist);

		await expect(page.getByRole('heading', { level: 1, name: 'The week ahead' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Alex & Sam' })).toBeVisible();
		await expect(page.getByText('Jordan & Casey')).toHaveCount(0);
		await page.getByRole('link', { name: 'Couples', exact: true }).click();
		await expect(page.getByRole('link', { name: 'Alex & Sam', exact: true })).toBeVisible();
		await expect(page.getByText('Jordan & Casey')).toHaveCount(0);
		await expectAccessible(page);
		await expectAccessible(page);

		// The front door now leads home.
		await page.goto('/');
		await expect(page).toHaveURL('/practice');
	}
);

test.describe('a partner on a phone, without JavaScript', { tag: POSTGRES }, () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });

	test('signs in, lands on their home, and signs out', async ({ page, context }) => {
		await signInAs(page, demo.alex);
		await expect(page.getByRole('heading', { level: 1, name: 'Hello, Alex' })).toBeVisible();
		await expect(
			page.getByText('Your therapist is Dr. Morgan Reyes, working with you and Sam.')
		).toBeVisible();
		await expectAccessible(page);

		const [session] = (await context.cookies()).filter((cookie) => cookie.name === 'session');
		expect(session).toBeDefined();
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL('/sign-in?signed-out=1');
		await expect(page.getByRole('status')).toHaveText('You have signed out.');
		await expectAccessible(page);

		// The old cookie, replayed, opens nothing.
		await context.addCookies([session!]);
		await page.goto('/home');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fhome/);
	});

	test('a wrong password gets one plain message and keeps the email', async ({ page }) => {
		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill('sam@example.com');
		await page.getByLabel('Password', { exact: true }).fill('not the right password');
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Sign in' }).click()
		]);
		expect(response.status()).toBe(400);
		await expect(page.getByRole('alert')).toHaveText(
			'That email and password do not match an account.'
		);
		await expect(page.getByLabel('Email address')).toHaveValue('sam@example.com');
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
		await expectAccessible(page);

		// An unknown email reads exactly the same: nobody learns who has an account.
		await page.getByLabel('Email address').fill('nobody@example.com');
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'That email and password do not match an account.'
		);
	});
});

test.describe('a partner on a phone', { tag: POSTGRES }, () => {
	test.use({ viewport: PHONE });

	test('finds their home fits the screen, with nothing spilling sideways', async ({ page }) => {
		await signInAs(page, demo.sam);
		await expect(page.getByRole('heading', { level: 1, name: 'Hello, Sam' })).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
	});
});

test(
	'the session cookie is HttpOnly, SameSite=Lax, new at every sign-in, and never in a URL',
	{ tag: POSTGRES },
	async ({ browser }) => {
		const tokens: string[] = [];
		for (let i = 0; i < 2; i++) {
			const context = await browser.newContext();
			const page = await context.newPage();
			const urls: string[] = [];
			page.on('request', (request) => urls.push(request.url()));
			await signInAs(page, demo.sam);
			const session = (await context.cookies()).find((cookie) => cookie.name === 'session');
			expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
			expect(session!.value).toMatch(/^[a-z2-7]{32}$/);
			expect(urls.some((url) => url.includes(session!.value))).toBe(false);
			tokens.push(session!.value);
			await context.close();
		}
		expect(tokens[0]).not.toBe(tokens[1]);
	}
);

test(
	'a malformed, truncated or foreign session cookie is simply signed out',
	{ tag: POSTGRES },
	async ({ browser, baseURL }) => {
		for (const value of [
			'',
			'x',
			'a'.repeat(4000),
			'not%20base32!',
			'%E2%9C%93',
			'abcdefghijklmnopqrstuvwxyz234567'
		]) {
			const context = await browser.newContext();
			await context.addCookies([{ name: 'session', value, url: baseURL! }]);
			const page = await context.newPage();
			const response = await page.goto('/home');
			expect(response?.status(), `cookie ${JSON.stringify(value.slice(0, 20))}`).toBe(200);
			await expect(page).toHaveURL(/\/sign-in/);
			await context.close();
		}
	}
);

test(
	'a sign-in that began on a protected page returns there',
	{ tag: POSTGRES },
	async ({ page }) => {
		await page.goto('/account/password');
		await expect(page).toHaveURL('/sign-in?next=%2Faccount%2Fpassword');
		await page.getByLabel('Email address').fill(demo.casey.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/account/password');
		await expectAccessible(page);
	}
);

test(
	'a next address on another site is ignored after sign-in',
	{ tag: POSTGRES },
	async ({ page }) => {
		await page.goto('/sign-in?next=//evil.example/steal');
		await page.getByLabel('Email address').fill(demo.casey.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/home');
	}
);
