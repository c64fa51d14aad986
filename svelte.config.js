import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Svelte 5 runes everywhere: no legacy reactive syntax in this codebase.
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build' }),
		csp: {
			// Nonces on server-rendered pages, hashes on anything prerendered.
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// SvelteKit's route announcer (read aloud to screen readers after each
				// navigation) carries one fixed style attribute; only that one is allowed.
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none']
			}
		},
		// SvelteKit's cross-site form check runs before any hook and cannot let one
		// path through, so it is off here and the same check runs as the first
		// hook (src/lib/server/http/cross-site-forms.ts), with the one exception
		// a mail provider's one-click unsubscribe needs. Behind a proxy, ORIGIN
		// tells the app its address.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
