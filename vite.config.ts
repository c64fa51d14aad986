import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		// Source maps would hand the server's code to anyone who asks.
		sourcemap: false
	},
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		// With TEST_POSTGRES_URL, the migrated template the tests' databases are copied from.
		globalSetup: ['src/lib/server/testing/postgres-template.ts'],
		// Argon2 hashing is deliberately slow; give it room on a busy two-core machine.
		testTimeout: 20_000
	}
});
