import * as argon2 from '@node-rs/argon2';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword } from './password';
import { FailureThrottle, TokenBucket } from './rate-limit';
import { signIn, type SignInLimits } from './sign-in';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

// Count the real Argon2 work, wherever it is asked for.
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const actual = await importOriginal<typeof import('@node-rs/argon2')>();
	return { ...actual, hash: vi.fn(actual.hash), verify: vi.fn(actual.verify) };
});
const argon2Calls = () =>
	vi.mocked(argon2.hash).mock.calls.length + vi.mocked(argon2.verify).mock.calls.length;

const PASSWORD = 'violet tram under quiet harbours';
const WRONG = 'violet tram under loud harbours';
const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

let passwordHash: string;
let t: TestDatabase;
let user: { id: string; email: string };
let limits: SignInLimits;

beforeAll(async () => {
	passwordHash = await hashPassword(PASSWORD);
});

beforeEach(async () => {
	t = await createTestDatabase();
	user = await insertTestUser(
		t.db,
		{ role: 'therapist' },
		{ email: 'robin@example.com', passwordHash }
	);
	limits = {
		perAccount: new FailureThrottle('sign-in.account'),
		perKnownDevice: new FailureThrottle('sign-in.known-device'),
		perAddress: new TokenBucket('sign-in.client', 30, 2_000)
	};
});

afterEach(async () => {
	await t.cleanup();
});

function attempt(
	password: string,
	options: { email?: string; clientAddress?: string; now?: Date } = {}
) {
	return signIn(
		t.db,
		{
			email: options.email ?? user.email,
			password,
			clientAddress: options.clientAddress ?? '203.0.113.7'
		},
		options.now ?? start,
		limits
	);
}

async function auditRows() {
	return t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
}

describe('signIn', () => {
	it('signs in with the right password and records who and from where', async () => {
		const result = await attempt(PASSWORD);
		expect(result).toEqual({
			outcome: 'signed-in',
			user: { id: user.id, role: 'therapist', twoStep: false }
		});
		expect(await auditRows()).toEqual([
			{
				id: expect.any(Number),
				at: start.toISOString(),
				user_id: user.id,
				action: 'sign-in.success',
				object_type: 'user',
				object_id: user.id,
				client_address: '203.0.113.7'
			}
		]);
	});

	it('refuses a wrong password and records the failure', async () => {
		expect(await attempt(WRONG)).toEqual({ outcome: 'refused' });
		const rows = await auditRows();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'sign-in.failure',
			user_id: user.id,
			client_address: '203.0.113.7'
		});
	});

	it('refuses an unknown email the same way, after the same hashing work', async () => {
		const before = vi.mocked(argon2.verify).mock.calls.length;
		expect(await attempt(PASSWORD, { email: 'nobody@example.com' })).toEqual({
			outcome: 'refused'
		});
		// A password was still checked, so the reply takes as long as for a real account.
		expect(vi.mocked(argon2.verify).mock.calls.length).toBe(before + 1);
		const rows = await auditRows();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'sign-in.failure',
			user_id: null,
			object_type: 'address-hash',
			object_id: expect.stringMatching(/^[0-9a-f]{32}$/u),
			client_address: '203.0.113.7'
		});
	});

	it('ignores case and surrounding spaces in the email', async () => {
		expect((await attempt(PASSWORD, { email: '  Robin@Example.COM \t' })).outcome).toBe(
			'signed-in'
		);
	});

	it('refuses an empty password', async () => {
		expect(await attempt('')).toEqual({ outcome: 'refused' });
	});

	it('throttles an account after repeated failures, even with the right password, without hashing', async () => {
		await attempt(WRONG, { now: at(0) });
		await attempt(WRONG, { now: at(1_000) });
		await attempt(WRONG, { now: at(2_000) });

		const hashingBefore = argon2Calls();
		const throttled = await attempt(PASSWORD, { now: at(3_000) });
		expect(throttled).toEqual({ outcome: 'throttled', retryAt: at(7_000) });
		expect(argon2Calls()).toBe(hashingBefore);
		expect((await auditRows()).at(-1)).toMatchObject({
			action: 'sign-in.throttled',
			client_address: '203.0.113.7'
		});

		// Once the wait is over, the right password works again.
		expect((await attempt(PASSWORD, { now: at(7_000) })).outcome).toBe('signed-in');
	});

	it('keeps throttling an account when each attempt comes from a different address', async () => {
		await attempt(WRONG, { clientAddress: '198.51.100.1', email: 'ROBIN@example.com' });
		await attempt(WRONG, { clientAddress: '198.51.100.2', email: ' robin@example.com' });
		await attempt(WRONG, { clientAddress: '198.51.100.3' });

		const hashingBefore = argon2Calls();
		const result = await attempt(PASSWORD, { clientAddress: '198.51.100.4', now: at(1_000) });
		expect(result.outcome).toBe('throttled');
		expect(argon2Calls()).toBe(hashingBefore);
	});

	it('refuses a flood of different emails from one address, without hashing', async () => {
		limits = {
			perAccount: new FailureThrottle('sign-in.account'),
			perKnownDevice: new FailureThrottle('sign-in.known-device'),
			perAddress: new TokenBucket('sign-in.client', 3, 2_000)
		};
		for (let i = 0; i < 3; i += 1) {
			expect((await attempt(WRONG, { email: `guess${i}@example.com` })).outcome).toBe('refused');
		}

		const hashingBefore = argon2Calls();
		for (let i = 3; i < 10; i += 1) {
			expect(await attempt(WRONG, { email: `guess${i}@example.com` })).toEqual({
				outcome: 'throttled',
				retryAt: at(2_000)
			});
		}
		// The real account's right password from that address waits too.
		expect((await attempt(PASSWORD)).outcome).toBe('throttled');
		expect(argon2Calls()).toBe(hashingBefore);

		// Another address is not affected.
		expect((await attempt(PASSWORD, { clientAddress: '192.0.2.1' })).outcome).toBe('signed-in');
	});

	it('throttles guesses sent all at once, before the first has been hashed', async () => {
		const guesses = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				attempt(`${WRONG} ${i}`, { clientAddress: `198.51.100.${i}` })
			)
		);
		const throttled = guesses.filter((result) => result.outcome === 'throttled');
		// Two free failures and the third that starts the wait; every later guess waits.
		expect(throttled).toHaveLength(5);
	});

	it('starts counting failures afresh after a success', async () => {
		await attempt(WRONG, { now: at(0) });
		await attempt(WRONG, { now: at(0) });
		expect((await attempt(PASSWORD, { now: at(0) })).outcome).toBe('signed-in');
		await attempt(WRONG, { now: at(0) });
		await attempt(WRONG, { now: at(0) });
		// Without the reset this would be the fifth failure in a row, and throttled.
		expect((await attempt(PASSWORD, { now: at(0) })).outcome).toBe('signed-in');
	});

	it('never writes a password into the audit log', async () => {
		const passwords = [PASSWORD, WRONG, 'another secret guess', 'line\r\nbreak guess'];
		for (const password of passwords) await attempt(password);
		await attempt(PASSWORD, { email: 'nobody@example.com' });
		for (let i = 0; i < 5; i += 1) await attempt(WRONG);

		const rows = await t.db.selectFrom('audit_log').selectAll().execute();
		// The throttled attempts among them are counted in one row, not logged each.
		expect(rows.length).toBeGreaterThanOrEqual(6);
		for (const row of rows) {
			for (const value of Object.values(row)) {
				for (const password of passwords) {
					expect(String(value)).not.toContain(password);
					expect(String(value)).not.toContain(password.slice(0, 8));
				}
			}
		}
	});
});
