import { describe, expect, it } from 'vitest';
import {
	PRACTICE_NAME_MAX_LENGTH,
	normalizePracticeName,
	practiceNameProblem
} from './practice-name';

describe('the practice name rule', () => {
	it('keeps a name trimmed, and an empty one as none (the app’s name)', () => {
		expect(normalizePracticeName('  Northside Practice ')).toBe('Northside Practice');
		expect(normalizePracticeName('   ')).toBeNull();
		expect(practiceNameProblem('')).toBeNull();
	});

	it(`allows ${PRACTICE_NAME_MAX_LENGTH} characters of any script, and no more`, () => {
		expect(practiceNameProblem('é'.repeat(PRACTICE_NAME_MAX_LENGTH))).toBeNull();
		expect(practiceNameProblem(` ${'a'.repeat(PRACTICE_NAME_MAX_LENGTH)} `)).toBeNull();
		expect(practiceNameProblem('a'.repeat(PRACTICE_NAME_MAX_LENGTH + 1))).toMatch(/at most 80/);
	});

	it('refuses line breaks and other control characters, which would break a mail header', () => {
		expect(practiceNameProblem('Northside\r\nBcc: someone@example.org')).toMatch(/one line/);
		expect(practiceNameProblem('North\tside')).toMatch(/one line/);
		expect(practiceNameProblem('North\u0000side')).toMatch(/one line/);
	});

	it('refuses direction overrides, which make a name read as another', () => {
		expect(practiceNameProblem('Northside \u202Eecitcarp')).not.toBeNull();
	});
});
