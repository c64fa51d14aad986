import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	DISPLAY_NAME_MAX_LENGTH,
	EMAIL_MAX_LENGTH,
	EmailTakenError,
	createAccount,
	displayNameProblem,
	emailProblem,
	normalizeEmail,
	therapistExists,
	type NewAccount
} from './accounts';
import { hashPassword, verifyPassword } from './password';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

// Real hashing unless a test says otherwise.
vi.mock('./password', async (importOriginal) => {
	const actual = await importOriginal<typeof import('./password')>();
	return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

const now = new Date('2026-11-27T14:00:00.000Z');
const therapist: NewAccount = {
	email: '  Morgan.Reyes@Example.COM ',
	displayName: '  Dr. Morgan Reyes ',
	password: 'violet tram under quiet harbours',
	role: 'therapist',
	practice: { id: 'practice-1', role: 'administrator' }
};

describe('normalizeEmail', () => {
	it('trims and lowercases', () => {
		expect(normalizeEmail('  Robin@Example.COM\t\n')).toBe('robin@example.com');
	});
});

describe('emailProblem', () => {
	it('asks for an email when there is none', () => {
		expect(emailProblem('')).toBe('Enter an email address.');
	});

	it.each([
		'robin',
		'robin@',
		'@example.com',
		'robin@example',
		'robin smith@example.com',
		'robin@exa mple.com'
	])('refuses %j with an example of the right shape', (email) => {
		expect(emailProblem(email)).toBe('Enter an email address like name@example.com.');
	});

	it('refuses an email over 254 characters', () => {
		const local = 'r'.repeat(EMAIL_MAX_LENGTH - '@example.com'.length);
		expect(emailProblem(`${local}@example.com`)).toBeNull();
		expect(emailProblem(`${local}r@example.com`)).toBe(
			'Enter an email address like name@example.com.'
		);
	});

	it('accepts ordinary addresses', () => {
		expect(emailProblem('robin@example.com')).toBeNull();
		expect(emailProblem('robin.smith+therapy@mail.example.co.uk')).toBeNull();
	});
});

describe('displayNameProblem', () => {
	it('asks for a name when there is none, or only spaces', () => {
		expect(displayNameProblem('')).toBe('Enter the name people will see.');
		expect(displayNameProblem(' \t ')).toBe('Enter the name people will see.');
	});

	it('allows 80 characters and refuses 81', () => {
		expect(DISPLAY_NAME_MAX_LENGTH).toBe(80);
		expect(displayNameProblem('a'.repeat(80))).toBeNull();
		expect(displayNameProblem(`  ${'a'.repeat(80)}  `)).toBeNull();
		expect(displayNameProblem('a'.repeat(81))).toBe('Use at most 80 characters.');
	});

	it('counts characters, not UTF-16 code units', () => {
		expect(displayNameProblem('🌱'.repeat(80))).toBeNull();
		expect(displayNameProblem('🌱'.repeat(81))).toBe('Use at most 80 characters.');
	});
});

describe('createAccount', () => {
	let t: TestDatabase;

	beforeEach(async () => {
		t = await createTestDatabase();
		await t.db
			.insertInto('practices')
			.values({ id: 'practice-1', created_at: now.toISOString() })
			.execute();
	});

	afterEach(async () => {
		await t.cleanup();
	});

	it('stores the email normalised, the name trimmed and the password hashed', async () => {
		const id = await createAccount(t.db, therapist, now);
		const row = await t.db
			.selectFrom('users')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			email: 'morgan.reyes@example.com',
			display_name: 'Dr. Morgan Reyes',
			role: 'therapist',
			created_at: now.toISOString(),
			password_changed_at: now.toISOString()
		});
		expect(row.password_hash).toMatch(/^\$argon2id\$/);
		expect(row.password_hash).not.toContain(therapist.password);
		expect(await verifyPassword(row.password_hash, therapist.password)).toBe(true);
		expect(await therapistExists(t.db)).toBe(true);
	});

	it('refuses an email that already has an account, whatever its case', async () => {
		await createAccount(t.db, therapist, now);
		await expect(
			createAccount(t.db, { ...therapist, email: 'MORGAN.REYES@example.com' }, now)
		).rejects.toBeInstanceOf(EmailTakenError);
		await expect(
			createAccount(t.db, { ...therapist, email: 'morgan.reyes@example.com  ' }, now)
		).rejects.toThrow('An account with this email already exists.');
		expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1);
	});

	it('lets exactly one of two simultaneous sign-ups for one email win', async () => {
		// Hashing done at once for both, so both look for the email before either inserts
		// and the database's unique index has to decide.
		vi.mocked(hashPassword)
			.mockResolvedValueOnce('$argon2id$stand-in')
			.mockResolvedValueOnce('$argon2id$stand-in');
		const results = await Promise.allSettled([
			createAccount(t.db, therapist, now),
			createAccount(t.db, { ...therapist, email: 'morgan.reyes@EXAMPLE.com' }, now)
		]);
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((result) => result.status === 'rejected');
		expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(EmailTakenError);
		expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1);
	});

	it('gives every account its own random id', async () => {
		const first = await createAccount(t.db, therapist, now);
		const second = await createAccount(t.db, { ...therapist, email: 'other@example.com' }, now);
		expect(first).toMatch(/^[a-z2-7]{16}$/);
		expect(second).not.toBe(first);
	});

	it('creates a partner account without a name: a partner is named by their place in the couple', async () => {
		const partner = {
			email: 'alex@example.com',
			password: therapist.password,
			role: 'partner'
		} as const;
		const id = await createAccount(t.db, partner, now);
		expect(
			await t.db
				.selectFrom('users')
				.select(['role', 'display_name'])
				.where('id', '=', id)
				.executeTakeFirst()
		).toEqual({ role: 'partner', display_name: null });
		expect(await therapistExists(t.db)).toBe(false);
	});

	it('keeps a name on every therapist and on no partner', async () => {
		const owner = await insertTestUser(t.db, { role: 'therapist' });
		const partner = await insertTestUser(t.db, { role: 'partner' });
		await expect(
			t.db.updateTable('users').set({ display_name: null }).where('id', '=', owner.id).execute()
		).rejects.toThrow(/check constraint/i);
		await expect(
			t.db.updateTable('users').set({ display_name: 'Alex' }).where('id', '=', partner.id).execute()
		).rejects.toThrow(/check constraint/i);
	});
});

describe('therapistExists', () => {
	it('is false in a new database', async () => {
		const t = await createTestDatabase();
		try {
			expect(await therapistExists(t.db)).toBe(false);
		} finally {
			await t.cleanup();
		}
	});
});
