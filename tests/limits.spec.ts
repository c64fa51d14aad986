import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, demo } from './support/demo';
import { servers } from '../playwright.config';

// This server exists to be locked: the address limit tripped at the end
// would refuse every later sign-in from this machine for a while.
test.describe.configure({ mode: 'serial' });

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('wrong passwords again and again meet a growing wait, then 429 with when to retry', async ({
		page
	}) => {
		await page.goto('/sign-in');
		let throttled = null;
		for (let attempt = 1; attempt <= 6 && !throttled; attempt++) {
			await page.getByLabel('Email address').fill(demo.jordan.email);
			await page.getByLabel('Password', { exact: true }).fill(`wrong guess number ${attempt}`);
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				page.getByRole('button', { name: 'Sign in' }).click()
			]);
			if (response.status() === 429) throttled = response;
			else expect(response.status()).toBe(400);
		}
		expect(throttled, 'a 429 within six wrong passwords').not.toBeNull();
		// Narrows the type; the expectation above has already said why this cannot happen.
		if (throttled === null) throw new Error('no 429');
		expect(Number(throttled.headers()['retry-after'])).toBeGreaterThan(0);
		// Even the right password waits: the limiter answers before any password is checked. Tried
		// at once, while the wait (seconds at this point) still runs, however slow the machine.
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		const [locked] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Sign in' }).click()
		]);
		expect(locked.status()).toBe(429);
		await expect(page).toHaveURL('/sign-in');
		await expect(page.getByRole('alert')).toContainText(
			/Too many sign-in attempts\. Wait \d+ (seconds|minutes?) and try again\./
		);
		await expectAccessible(page);
	});
});

test('rotating X-Forwarded-For does not escape the per-address limit', async ({ request }) => {
	let throttledAt = 0;
	for (let attempt = 1; attempt <= 40; attempt++) {
		const response = await request.post('/sign-in', {
			headers: {
				origin: `http://localhost:${servers.limits.port}`,
				accept: 'text/html',
				'x-forwarded-for': `203.0.113.${attempt}`
			},
			form: { email: `visitor${attempt}@example.com`, password: 'guessing at random' }
		});
		expect(response.status(), `attempt ${attempt}`).not.toBe(500);
		if (response.status() === 429) {
			throttledAt = attempt;
			expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
			break;
		}
	}
	expect(throttledAt).toBeGreaterThan(0);
	expect(throttledAt).toBeLessThanOrEqual(32);
});
