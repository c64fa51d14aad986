import { describe, expect, it } from 'vitest';
import { withoutSecrets } from './secret-paths';

describe('paths written down', () => {
	it('lose the secret of an invitation or a reset link, and of their page data', () => {
		expect(withoutSecrets('/join/abcdefghijklmnopqrstuvwxyz234567')).toBe('/join/…');
		expect(withoutSecrets('/reset-password/abcdefghijklmnopqrstuvwxyz234567')).toBe(
			'/reset-password/…'
		);
		expect(withoutSecrets('/reset-password/abcdefghijklmnop/__data.json')).toBe(
			'/reset-password/…/__data.json'
		);
	});

	it('keep every other path as it is', () => {
		for (const path of ['/forgot-password', '/couples/c1/sessions/s1', '/sign-in', '/joined/x'])
			expect(withoutSecrets(path)).toBe(path);
	});
});
