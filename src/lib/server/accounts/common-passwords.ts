import { dictionary } from '@zxcvbn-ts/language-common';

// The common-password list ships inside an npm package, so it is checked
// locally with no network at run time.
const commonPasswords = new Set(
	dictionary['passwords-common'].map((password) => password.toLowerCase())
);

/**
 * True for a password on the list, or one that is a listed password with
 * digits and symbols stuck to its end ("sunshine2024!"), or a single short
 * pattern repeated ("abcabcabcabc").
 */
export function isCommonPassword(password: string): boolean {
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower)) return true;
	const stem = lower.replace(/[\d\p{P}\p{S}\s]+$/u, '');
	if (stem.length > 0 && stem !== lower && commonPasswords.has(stem)) return true;
	return /^(.{1,4})\1+$/su.test(lower);
}
