import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords';

describe('isCommonPassword', () => {
	it.each([
		'password',
		'password1234',
		'qwertyuiop',
		'qwertyasdfgh',
		'1qaz2wsx3edc',
		'1qaz2wsx3edc4rfv',
		'iloveyou'
	])('finds %j on the shipped list', (password) => {
		expect(isCommonPassword(password)).toBe(true);
	});

	it('ignores case', () => {
		expect(isCommonPassword('PassWord1234')).toBe(true);
		expect(isCommonPassword('1QAZ2WSX3EDC')).toBe(true);
	});

	it('finds a listed password with digits and symbols added at the end', () => {
		expect(isCommonPassword('sunshine2024!')).toBe(true);
		expect(isCommonPassword('qwertyuiop1234')).toBe(true);
		expect(isCommonPassword('password!!  ')).toBe(true);
	});

	it('finds a short pattern repeated', () => {
		expect(isCommonPassword('abcabcabcabc')).toBe(true);
		expect(isCommonPassword('abababababab')).toBe(true);
		expect(isCommonPassword('zzzzzzzzzzzz')).toBe(true);
		expect(isCommonPassword('1234123412341234')).toBe(true);
		expect(isCommonPassword('🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱')).toBe(true);
	});

	it('lets through passwords that are not on the list', () => {
		expect(isCommonPassword('common-ground-demo')).toBe(false);
		expect(isCommonPassword('violet tram under quiet harbours')).toBe(false);
		// A listed word inside a longer passphrase is fine; only a bare listed stem is refused.
		expect(isCommonPassword('sunshine over the violet tram')).toBe(false);
		expect(isCommonPassword('木漏れ日の中で猫が昼寝をする')).toBe(false);
	});
});
