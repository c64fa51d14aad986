import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	PRACTICE_NAME_MAX_LENGTH,
	normalizePracticeName,
	practiceName,
	practiceNameProblem,
	setPracticeName
} from './practice-name';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

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

describe('setPracticeName', () => {
	let t: TestDatabase;
	let therapist: string;

	beforeEach(async () => {
		t = await createTestDatabase();
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	});

	afterEach(async () => {
		await t.cleanup();
	});

	async function auditRows() {
		return t.db
			.selectFrom('audit_log')
			.select(['user_id', 'action', 'object_type', 'object_id'])
			.execute();
	}

	it('stores the name trimmed and records the change', async () => {
		expect(await setPracticeName(t.db, by(therapist), '  Northside Practice ', now)).toBe(true);
		expect(await practiceName(t.db, therapist)).toBe('Northside Practice');
		expect(await auditRows()).toEqual([
			{ user_id: therapist, action: 'settings.change', object_type: 'user', object_id: therapist }
		]);
	});

	it('goes back to the app’s name when emptied', async () => {
		await setPracticeName(t.db, by(therapist), 'Northside Practice', now);
		await setPracticeName(t.db, by(therapist), '  ', now);
		expect(await practiceName(t.db, therapist)).toBeNull();
	});

	it('writes nothing when the name is the same', async () => {
		await setPracticeName(t.db, by(therapist), 'Northside Practice', now);
		expect(await setPracticeName(t.db, by(therapist), 'Northside Practice ', now)).toBe(false);
		expect(await auditRows()).toHaveLength(1);
	});

	it('refuses a bad name and a partner, and changes nothing', async () => {
		const partner = (await insertTestUser(t.db, { role: 'partner' })).id;
		await expect(setPracticeName(t.db, by(therapist), 'a\nb', now)).rejects.toThrow(RangeError);
		await expect(setPracticeName(t.db, by(partner), 'Mine', now)).rejects.toThrow(RangeError);
		const names = await t.db.selectFrom('users').select('practice_name').execute();
		expect(names.every((row) => row.practice_name === null)).toBe(true);
		expect(await auditRows()).toEqual([]);
	});

	it('keeps no change when its audit row cannot be written', async () => {
		failEvery(t, 'INSERT', 'audit_log');
		await expect(setPracticeName(t.db, by(therapist), 'Northside', now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await practiceName(t.db, therapist)).toBeNull();
	});
});
