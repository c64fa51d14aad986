import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, openTotpKey, sealTotpKey } from './sealed-totp-key';

const key = crypto.randomBytes(32);
const totpKey = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('a TOTP key sealed at rest', () => {
	it('opens again for the same account with the same key', () => {
		const sealed = sealTotpKey(key, 'user-1', totpKey);
		expect(isSealed(sealed)).toBe(true);
		expect(sealed).not.toContain(totpKey);
		expect(openTotpKey(key, 'user-1', sealed)).toBe(totpKey);
	});

	it('takes a fresh nonce each time: the same key never seals to the same text', () => {
		expect(sealTotpKey(key, 'user-1', totpKey)).not.toBe(sealTotpKey(key, 'user-1', totpKey));
	});

	it('does not open when copied onto another account', () => {
		const sealed = sealTotpKey(key, 'user-1', totpKey);
		expect(openTotpKey(key, 'user-2', sealed)).toBeNull();
	});

	it('does not open with another key, and says so without throwing', () => {
		const sealed = sealTotpKey(key, 'user-1', totpKey);
		expect(openTotpKey(crypto.randomBytes(32), 'user-1', sealed)).toBeNull();
	});

	it('refuses damaged, truncated and plain values', () => {
		const sealed = sealTotpKey(key, 'user-1', totpKey);
		const [version, nonce, body] = sealed.split('.');
		const flipped = `${body!.slice(0, -2)}${body!.endsWith('AA') ? 'BB' : 'AA'}`;
		for (const stored of [
			`${version}.${nonce}.${flipped}`,
			`${version}.${nonce}.${body!.slice(0, 10)}`,
			`${version}.${nonce}`,
			`v2.${nonce}.${body}`,
			totpKey,
			''
		])
			expect(openTotpKey(key, 'user-1', stored)).toBeNull();
		expect(isSealed(totpKey)).toBe(false);
	});
});
