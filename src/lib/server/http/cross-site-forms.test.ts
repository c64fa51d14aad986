import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { crossSiteForms, isCrossSiteForm } from './cross-site-forms';

const APP = 'https://therapy.example.org';

interface Sent {
	method?: string;
	origin?: string | null;
	type?: string;
	accept?: string;
}

function request(path: string, { method = 'POST', origin = APP, type, accept }: Sent = {}) {
	const headers = new Headers();
	if (origin !== null) headers.set('origin', origin);
	headers.set('content-type', type ?? 'application/x-www-form-urlencoded');
	if (accept) headers.set('accept', accept);
	const body = method === 'GET' || method === 'HEAD' ? undefined : 'email=a%40example.com';
	return new Request(`${APP}${path}`, { method, headers, body });
}

/** What the handle answers: the app's own response when it lets the request through. */
async function answer(path: string, sent: Sent = {}): Promise<Response> {
	const event = { request: request(path, sent), url: new URL(`${APP}${path}`) } as RequestEvent;
	const resolve = async (_event: RequestEvent, _options?: ResolveOptions) =>
		new Response('the app answered', { status: 200 });
	return crossSiteForms({ event, resolve });
}

describe('crossSiteForms', () => {
	it('lets a form posted from the app’s own pages through', async () => {
		const response = await answer('/sign-in');
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('the app answered');
	});

	it('refuses a form posted from another site with 403, worded as SvelteKit words it', async () => {
		const response = await answer('/sign-in', { origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
	});

	it('refuses a form with no Origin at all', async () => {
		expect((await answer('/sign-in', { origin: null })).status).toBe(403);
		// What browsers send from a sandboxed frame or a no-referrer page.
		expect((await answer('/sign-in', { origin: 'null' })).status).toBe(403);
	});

	it('refuses a look-alike origin: another port, scheme or subdomain', async () => {
		for (const origin of [
			'https://therapy.example.org:8443',
			'http://therapy.example.org',
			'https://evil.therapy.example.org',
			'https://therapy.example.org.evil.example'
		])
			expect((await answer('/sign-in', { origin })).status, origin).toBe(403);
	});

	it('refuses every kind of body a plain form can send, and every writing method', async () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'text/plain;charset=UTF-8',
			'Application/X-WWW-Form-Urlencoded',
			'application/x-sveltekit-formdata'
		])
			expect((await answer('/sign-in', { origin: null, type })).status, type).toBe(403);
		for (const method of ['PUT', 'PATCH', 'DELETE'])
			expect((await answer('/sign-in', { method, origin: null })).status, method).toBe(403);
	});

	it('answers in JSON when JSON is asked for, as an enhanced form would read it', async () => {
		const response = await answer('/sign-in', {
			origin: 'https://evil.example',
			accept: 'application/json'
		});
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({
			message: 'Cross-site POST form submissions are forbidden'
		});
	});

	it('lets a mail provider’s one-click unsubscribe through, with no Origin (RFC 8058)', async () => {
		for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
			expect((await answer('/unsubscribe/payload.signature', { origin: null, type })).status).toBe(
				200
			);
	});

	it('lets nothing else near the unsubscribe path through', async () => {
		for (const path of [
			'/unsubscribe',
			'/unsubscribe/',
			'/unsubscribe/token/more',
			'/unsubscribe/token/__data.json',
			'/account/unsubscribe/token',
			'/confirm-address/token'
		])
			expect((await answer(path, { origin: null })).status, path).toBe(403);
	});

	it('lets reading through, from anywhere', async () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS'])
			expect((await answer('/sign-in', { method, origin: 'https://evil.example' })).status).toBe(
				200
			);
	});

	it('lets JSON through: a browser cannot send it cross-site without asking first (CORS)', async () => {
		expect(
			(await answer('/api/homework/x/draft', { origin: null, type: 'application/json' })).status
		).toBe(200);
	});

	it('is the same rule as a plain function', () => {
		expect(isCrossSiteForm(request('/sign-in'), new URL(`${APP}/sign-in`))).toBe(false);
		expect(
			isCrossSiteForm(request('/sign-in', { origin: 'https://evil.example' }), new URL(`${APP}/`))
		).toBe(true);
	});
});
