import type { Handle } from '@sveltejs/kit';

/**
 * Headers for every response the app itself renders (static files are served
 * before this runs). The Content Security Policy comes from kit.csp in
 * svelte.config.js, where SvelteKit adds a nonce per page.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	// Not no-referrer: with it, browsers send "Origin: null" on form posts and the
	// cross-site check would refuse every form submitted without JavaScript.
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	// Pages here carry health information: never kept by a browser or a proxy cache.
	// A response that already forbids storing (a calendar feed's "private, no-store") keeps its own.
	if (!headers.get('Cache-Control')?.includes('no-store')) headers.set('Cache-Control', 'no-store');
	if (event.url.protocol === 'https:') {
		headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};
