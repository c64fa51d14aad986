import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from './password';
import { FailureThrottle, TokenBucket } from './rate-limit';
import { signIn, type SignInLimits } from './sign-in';
import { knownDeviceCookieValue, knownDeviceFor } from './known-device';
import { FAILURES_BEFORE_NOTICE } from './account-notices';
import { typedAddressHash } from './typed-address';
import {
	MAX_ADDRESSES_PER_WINDOW,
	OTHER_ADDRESSES,
	THROTTLE_WINDOW_MS,
	countThrottledAttempt
} from './throttled-attempts';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

// The findings of a probe of the running app: a stranger who knows an address
// must not keep its owner out; failed sign-ins to unknown addresses leave a
// keyed trace; throttled attempts are counted, not logged one by one.

const PASSWORD = 'violet tram under quiet harbours';
const WRONG = 'violet tram under loud harbours';
const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

let passwordHash: string;
let t: TestDatabase;
let owner: { id: string; email: string };
let limits: SignInLimits;

beforeAll(async () => {
	passwordHash = await hashPassword(PASSWORD);
});

beforeEach(async () => {
	t = await createTestDatabase();
	owner = await insertTestUser(
		t.db,
		{ role: 'therapist' },
		{ email: 'robin@example.com', passwordHash }
	);
	await t.db
		.updateTable('users')
		.set({ email_confirmed_at: start.toISOString() })
		.where('id', '=', owner.id)
		.execute();
	limits = {
		perAccount: new FailureThrottle('sign-in.account'),
		perKnownDevice: new FailureThrottle('sign-in.known-device'),
		perAddress: new TokenBucket('sign-in.client', 1_000, 1)
	};
});

afterEach(async () => {
	await t.cleanup();
});

function attempt(
	password: string,
	options: { now?: Date; deviceCookie?: string; clientAddress?: string; email?: string } = {}
) {
	return signIn(
		t.db,
		{
			email: options.email ?? owner.email,
			password,
			clientAddress: options.clientAddress ?? '198.51.100.66',
			deviceCookie: options.deviceCookie
		},
		options.now ?? start,
		limits
	);
}

describe('a device that signed in before', () => {
	it('gets through while a stranger keeps the address throttled', async () => {
		const cookie = await knownDeviceCookieValue(t.db, owner.email, start);
		for (let i = 0; i < 6; i += 1) await attempt(WRONG);
		expect((await attempt(PASSWORD, { now: at(1_000) })).outcome).toBe('throttled');

		const fromOwnDevice = await attempt(PASSWORD, {
			now: at(1_000),
			deviceCookie: cookie,
			clientAddress: '203.0.113.7'
		});
		expect(fromOwnDevice.outcome).toBe('signed-in');
	});

	it('is throttled on its own lane when it guesses itself', async () => {
		const cookie = await knownDeviceCookieValue(t.db, owner.email, start);
		for (let i = 0; i < 3; i += 1) await attempt(WRONG, { deviceCookie: cookie });
		expect((await attempt(PASSWORD, { deviceCookie: cookie })).outcome).toBe('throttled');
		// The stranger's lane is not the device's.
		expect((await attempt(PASSWORD)).outcome).toBe('signed-in');
	});

	it('is only the device of the address it was signed for; a forged cookie is a stranger', async () => {
		const cookie = await knownDeviceCookieValue(t.db, owner.email, start);
		expect(await knownDeviceFor(t.db, 'Robin@Example.com', cookie, start)).not.toBeNull();
		expect(await knownDeviceFor(t.db, 'sam@example.com', cookie, start)).toBeNull();
		const [id] = cookie.split('.');
		expect(await knownDeviceFor(t.db, owner.email, `${id}.${'0'.repeat(64)}`, start)).toBeNull();
		expect(await knownDeviceFor(t.db, owner.email, 'garbage', start)).toBeNull();
		expect(await knownDeviceFor(t.db, owner.email, undefined, start)).toBeNull();
	});
});

describe('many failed sign-ins', () => {
	it('mail the owner once, when strangers reach the threshold', async () => {
		for (let i = 0; i < FAILURES_BEFORE_NOTICE + 3; i += 1)
			await attempt(WRONG, { now: at(i * 60 * 60_000) });
		const mail = await t.db.selectFrom('outbox').select(['kind', 'to_address', 'body']).execute();
		expect(mail).toEqual([
			expect.objectContaining({ kind: 'sign-in-failures', to_address: owner.email })
		]);
		expect(mail[0]?.body).not.toContain(WRONG);
	});

	it('do not mail an address that was never confirmed', async () => {
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: null })
			.where('id', '=', owner.id)
			.execute();
		for (let i = 0; i < FAILURES_BEFORE_NOTICE; i += 1)
			await attempt(WRONG, { now: at(i * 60 * 60_000) });
		expect(await t.db.selectFrom('outbox').select('kind').execute()).toEqual([]);
	});
});

describe('a failed sign-in to an unknown address', () => {
	it('records a hash of the address keyed with the server secret, never the address', async () => {
		await attempt(WRONG, { email: 'Someone@Example.org' });
		await attempt(WRONG, { email: 'someone@example.org ' });
		const rows = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_type', 'object_id'])
			.execute();
		const expected = await typedAddressHash(t.db, 'someone@example.org', start);
		expect(rows).toEqual([
			{ action: 'sign-in.failure', object_type: 'address-hash', object_id: expected },
			{ action: 'sign-in.failure', object_type: 'address-hash', object_id: expected }
		]);
		expect(JSON.stringify(rows)).not.toContain('someone');
		expect(expected).not.toBe(await typedAddressHash(t.db, 'someone-else@example.org', start));
	});
});

describe('throttled attempts', () => {
	it('write one audit row per client address and window, and count the rest', async () => {
		for (let i = 0; i < 50; i += 1) await countThrottledAttempt(t.db, '198.51.100.9', at(i));
		await countThrottledAttempt(t.db, '198.51.100.10', at(60));
		await countThrottledAttempt(t.db, '198.51.100.9', at(THROTTLE_WINDOW_MS));

		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'client_address'])
			.where('action', '=', 'sign-in.throttled')
			.execute();
		expect(audit).toHaveLength(3);
		const counts = await t.db
			.selectFrom('sign_in_throttles')
			.select(['client_address', 'attempts'])
			.orderBy('window_start')
			.orderBy('client_address')
			.execute();
		expect(counts).toEqual([
			{ client_address: '198.51.100.10', attempts: 1 },
			{ client_address: '198.51.100.9', attempts: 50 },
			{ client_address: '198.51.100.9', attempts: 1 }
		]);
	});

	it('count attempts from beyond the bound of addresses together, so rows stay bounded', async () => {
		await t.db
			.insertInto('sign_in_throttles')
			.values(
				Array.from({ length: MAX_ADDRESSES_PER_WINDOW }, (_, i) => ({
					window_start: start.toISOString(),
					client_address: `address-${i}`,
					attempts: 1,
					last_at: start.toISOString()
				}))
			)
			.execute();
		for (let i = 0; i < 20; i += 1) await countThrottledAttempt(t.db, `2001:db8::${i}`, start);
		const other = await t.db
			.selectFrom('sign_in_throttles')
			.select('attempts')
			.where('client_address', '=', OTHER_ADDRESSES)
			.executeTakeFirst();
		expect(other?.attempts).toBe(20);
		const rows = await t.db
			.selectFrom('sign_in_throttles')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(rows.n).toBe(MAX_ADDRESSES_PER_WINDOW + 1);
	});

	it('are what a throttled sign-in leaves, not a row each', async () => {
		for (let i = 0; i < 3; i += 1) await attempt(WRONG);
		for (let i = 0; i < 30; i += 1) expect((await attempt(WRONG)).outcome).toBe('throttled');
		const throttledRows = await t.db
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'sign-in.throttled')
			.execute();
		expect(throttledRows).toHaveLength(1);
	});
});
