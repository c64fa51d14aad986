import { beforeAll, describe, expect, it } from 'vitest';
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	hashPassword,
	passwordProblem,
	verifyPassword
} from './password';

// Long, not on any list, and no short repeated pattern.
const passphrase = (length: number) => ''.padEnd(length, 'violet tram under 9 quiet harbours, ');

describe('passwordProblem', () => {
	it('refuses 11 characters and accepts 12', () => {
		expect(PASSWORD_MIN_LENGTH).toBe(12);
		expect(passwordProblem('violet-tram')).toMatch(/at least 12 characters/);
		expect(passwordProblem('violet-tram9')).toBeNull();
	});

	it('accepts 64, 128 and 1000 characters and refuses 1001', () => {
		expect(PASSWORD_MAX_LENGTH).toBe(1000);
		expect(passwordProblem(passphrase(64))).toBeNull();
		expect(passwordProblem(passphrase(128))).toBeNull();
		expect(passwordProblem(passphrase(1000))).toBeNull();
		expect(passwordProblem(passphrase(1001))).toMatch(/at most 1000 characters/);
	});

	it('counts characters, not UTF-16 code units', () => {
		// 11 characters, 14 code units: still too short.
		expect(passwordProblem('ab🌱cd🌱ef🌱gh')).toMatch(/at least 12/);
		// 12 characters.
		expect(passwordProblem('ab🌱cd🌱ef🌱ghi')).toBeNull();
		// 1000 emoji and letters are 1000 characters (1500 code units).
		const emoji = Array.from(
			{ length: 500 },
			(_, i) => `${String.fromCodePoint(0x1f300 + (i % 200))}${'abcdefg'[i % 7]}`
		).join('');
		expect([...emoji]).toHaveLength(1000);
		expect(passwordProblem(emoji)).toBeNull();
		expect(passwordProblem(`${emoji}x`)).toMatch(/at most 1000/);
	});

	it('accepts any Unicode', () => {
		expect(passwordProblem('Ünïcödé pässwörd')).toBeNull();
		expect(passwordProblem('木漏れ日の中で猫が昼寝をする')).toBeNull();
		expect(passwordProblem('🌱🐢🎻🚲🍋🧭🌋🦉🎈🪁🧩🛶')).toBeNull();
	});

	it.each([
		'password1234',
		'PASSWORD1234',
		'qwertyasdfgh',
		'qwertyuiop1234',
		'1qaz2wsx3edc',
		'Sunshine2024!',
		'abcabcabcabc',
		'aaaaaaaaaaaa'
	])('refuses the common password %j', (password) => {
		expect(passwordProblem(password)).toMatch(/commonly used/);
	});

	it('accepts the demo password', () => {
		expect(passwordProblem('common-ground-demo')).toBeNull();
	});
});

describe('hashPassword and verifyPassword', () => {
	const unicode = 'Ünïcödé 🌱 木漏れ日 pässwörd';
	let unicodeHash: string;

	beforeAll(async () => {
		unicodeHash = await hashPassword(unicode);
	});

	it('use Argon2id with m=19456, t=2, p=1', () => {
		expect(unicodeHash.startsWith('$argon2id$')).toBe(true);
		expect(unicodeHash).toMatch(
			/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/
		);
	});

	it('salt every hash', async () => {
		expect(await hashPassword(unicode)).not.toBe(unicodeHash);
	});

	it('verify a Unicode password and refuse a near miss', async () => {
		expect(await verifyPassword(unicodeHash, unicode)).toBe(true);
		expect(await verifyPassword(unicodeHash, unicode.replace('🌱', '🌿'))).toBe(false);
		expect(await verifyPassword(unicodeHash, unicode.toUpperCase())).toBe(false);
		expect(await verifyPassword(unicodeHash, '')).toBe(false);
	});

	it('treat NFKC-equivalent forms as the same password', async () => {
		const composed = 'Caf\u00e9 ﬁsh Ｐassword'; // é as one code point, the "ﬁ" ligature, a fullwidth Ｐ
		const decomposed = 'Cafe\u0301 fish Password';
		expect(composed).not.toBe(decomposed);
		const stored = await hashPassword(composed);
		expect(await verifyPassword(stored, decomposed)).toBe(true);
		expect(await verifyPassword(stored, composed)).toBe(true);
		expect(await verifyPassword(stored, 'Cafe fish Password')).toBe(false);
	});

	it('handle a 1000-character password', async () => {
		const long = passphrase(1000);
		const stored = await hashPassword(long);
		expect(await verifyPassword(stored, long)).toBe(true);
		expect(await verifyPassword(stored, long.slice(0, 999))).toBe(false);
	});

	it.each([
		'',
		'not-a-hash',
		'$argon2id$',
		'$argon2id$v=19$m=19456,t=2,p=1$garbage',
		'$2b$10$abcdefghijklmnopqrstuv'
	])('return false, not throw, for the malformed stored hash %j', async (stored) => {
		await expect(verifyPassword(stored, 'anything at all')).resolves.toBe(false);
	});
});
