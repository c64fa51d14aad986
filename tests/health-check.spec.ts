import { expect, test } from './support/fixtures';

// What a reverse proxy sees when it asks whether this process can serve.

test(
	'/healthz answers ok in plain text, unstored, to anyone',
	{ tag: '@postgres' },
	async ({ request }) => {
		const response = await request.get('/healthz', { maxRedirects: 0 });
		expect(response.status()).toBe(200);
		expect(await response.text()).toBe('ok');
		expect(response.headers()['content-type']).toMatch(/^text\/plain/);
		expect(response.headers()['cache-control']).toBe('no-store');
	}
);

test('/healthz polled as a load balancer polls it is never refused', async ({ request }) => {
	// Far more often than once a second, from one address: no limit trips.
	for (let poll = 0; poll < 60; poll++) {
		const response = await request.get('/healthz', { maxRedirects: 0 });
		expect(response.status(), `poll ${poll}`).toBe(200);
	}
});

test('/healthz ignores a session cookie, even a stale one, and leaves it be', async ({
	playwright,
	baseURL
}) => {
	const request = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { Cookie: 'session=stale-cookie-from-a-proxy' }
	});
	const response = await request.get('/healthz', { maxRedirects: 0 });
	expect(response.status()).toBe(200);
	expect(await response.text()).toBe('ok');
	// Elsewhere a stale cookie is cleared (and its end audited); here it is not even read.
	expect(response.headers()['set-cookie']).toBeUndefined();
	const page = await request.get('/sign-in');
	expect(page.headers()['set-cookie']).toContain('session=;');
	await request.dispose();
});
