import { expect, test } from './support/fixtures';
import { demo, signInAs } from './support/demo';

test('pages carry a strict Content Security Policy and protective headers', async ({ page }) => {
	await signInAs(page, demo.jordan);
	const response = await page.goto('/home');
	const headers = response!.headers();

	const csp = headers['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain("base-uri 'none'");
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).not.toContain('unsafe-inline');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['cache-control']).toBe('no-store');
	// Served over plain http here, so no HSTS: it would be a lie.
	expect(headers['strict-transport-security']).toBeUndefined();
});

test('the page runs under its policy without a single violation', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') violations.push(message.text());
	});
	await signInAs(page, demo.therapist);
	await page.getByRole('link', { name: 'Account' }).click();
	await expect(page).toHaveURL('/account');
	await page.getByRole('link', { name: 'Change your password' }).click();
	await expect(page).toHaveURL('/account/password');
	expect(violations).toEqual([]);
});

test('no source maps, repository files or debug output are served', async ({ request }) => {
	const html = await (await request.get('/sign-in')).text();
	const scripts = [...new Set(html.match(/\/_app\/immutable\/[\w./-]+\.js/g) ?? [])];
	expect(scripts.length).toBeGreaterThan(0);
	for (const script of scripts) {
		expect((await request.get(`${script}.map`)).status(), `${script}.map`).toBe(404);
		expect(await (await request.get(script)).text()).not.toContain('sourceMappingURL');
	}
	for (const path of [
		'/.git/config',
		'/.env',
		'/package.json',
		'/build/index.js',
		'/src/hooks.server.ts'
	]) {
		expect((await request.get(path)).status(), path).toBe(404);
	}
});

test('cross-site form posts are refused', async ({ request }) => {
	const response = await request.post('/sign-in', {
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		form: { email: demo.alex.email, password: 'anything at all' }
	});
	expect(response.status()).toBe(403);
});

test('a GET never signs anyone out', async ({ page }) => {
	await signInAs(page, demo.casey);
	await page.goto('/sign-out');
	await expect(page.getByRole('heading', { level: 1, name: 'Sign out' })).toBeVisible();
	await page.goto('/home');
	await expect(page).toHaveURL('/home');
});
