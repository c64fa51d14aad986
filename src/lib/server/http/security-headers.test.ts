import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

async function headersFor(url: string): Promise<Headers> {
	const event = { url: new URL(url) } as RequestEvent;
	const resolve = async (_event: RequestEvent, _options?: ResolveOptions) =>
		new Response('<p>page</p>', { headers: { 'content-type': 'text/html' } });
	const response = await securityHeaders({ event, resolve });
	return response.headers;
}

describe('securityHeaders', () => {
	it('adds the headers every page needs', async () => {
		const headers = await headersFor('http://localhost/practice');
		expect(headers.get('x-content-type-options')).toBe('nosniff');
		// Any policy that never sends a page's path (which holds ids) to another site.
		expect([
			'no-referrer',
			'same-origin',
			'strict-origin',
			'strict-origin-when-cross-origin'
		]).toContain(headers.get('referrer-policy'));
		expect(headers.get('x-frame-options')).toBe('DENY');
		expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
		expect(headers.get('cache-control')).toBe('no-store');
		expect(headers.get('permissions-policy')).toContain('camera=()');
		expect(headers.get('content-type')).toBe('text/html');
	});

	it('adds HSTS only over https', async () => {
		expect(
			(await headersFor('http://localhost/practice')).get('strict-transport-security')
		).toBeNull();
		expect(
			(await headersFor('https://app.example/practice')).get('strict-transport-security')
		).toBe('max-age=63072000; includeSubDomains');
	});
});
