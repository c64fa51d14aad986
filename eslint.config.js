import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Type-aware rules: the ones that catch a promise nobody awaits (a lost write
// or audit row) need the types, so every file is linted with the project's
// tsconfig. Formatting is Prettier's job; eslint-config-prettier turns off the
// rules that would argue with it.
export default ts.config(
	{
		ignores: ['build/', '**/.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/']
	},
	js.configs.recommended,
	...ts.configs.recommendedTypeChecked,
	...svelte.configs['flat/recommended'],
	prettier,
	...svelte.configs['flat/prettier'],
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// The config files at the root are not part of the app's tsconfig.
				projectService: { allowDefaultProject: ['eslint.config.js'] },
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// SvelteKit's redirect() and error() throw on purpose.
			'@typescript-eslint/only-throw-error': 'off',
			// An async function that satisfies an async interface need not await anything;
			// no-floating-promises catches the mistake that matters (a promise nobody awaits).
			'@typescript-eslint/require-await': 'off',
			// The app is served at the root of its origin (no kit.paths.base), so plain
			// hrefs and goto() paths are already resolved.
			'svelte/no-navigation-without-resolve': 'off',
			// Svelte 5 trims a space at the edge of an element; {' '} keeps one on purpose.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		// Vitest's and Playwright's asymmetric matchers (expect.any, expect.stringMatching) are typed any.
		files: ['**/*.test.ts', 'tests/**/*.ts'],
		rules: { '@typescript-eslint/no-unsafe-assignment': 'off' }
	}
);
