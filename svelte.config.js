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
		}
		// SvelteKit's CSRF origin check is on by default and stays on: no
		// trusted origins are added. Behind a proxy, ORIGIN tells the app its address.
	}
};

export default config;
