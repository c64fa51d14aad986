import { describe, expect, it } from 'vitest';
import { maskSecretPath } from './secret-paths';

describe('maskSecretPath', () => {
	it('hides the secret of every link that carries one', () => {
		expect(maskSecretPath('/join/abcdefghijklmnopqrstuvwxyz234567')).toBe('/join/…');
		expect(maskSecretPath('/confirm-address/abcdefghijklmnopqrstuvwxyz234567')).toBe(
			'/confirm-address/…'
		);
		expect(maskSecretPath('/unsubscribe/dXNlcjpyZW1pbmRlcg.c2lnbmF0dXJl')).toBe('/unsubscribe/…');
		expect(maskSecretPath('/reset-password/abcdefghijklmnopqrstuvwxyz234567')).toBe(
			'/reset-password/…'
		);
	});

	it('keeps what follows the secret, which says which part of the page failed', () => {
		expect(maskSecretPath('/unsubscribe/secret/__data.json')).toBe('/unsubscribe/…/__data.json');
	});

	it('leaves every other path as it is', () => {
		expect(maskSecretPath('/couples/abc/sessions/def')).toBe('/couples/abc/sessions/def');
		expect(maskSecretPath('/joined/abc')).toBe('/joined/abc');
		expect(maskSecretPath('/')).toBe('/');
		expect(maskSecretPath('/forgot-password')).toBe('/forgot-password');
	});
});
