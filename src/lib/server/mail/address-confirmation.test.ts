import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	CONFIRMATION_LIFETIME_MS,
	CONFIRMATION_RESEND_INTERVAL_MS,
	addressConfirmed,
	confirmAddress,
	lookUpAddressConfirmation,
	markAddressConfirmed,
	requestAddressConfirmation,
	resendAddressConfirmation
} from './address-confirmation';
import { writeTransaction } from '../database/write-transaction';
import {
	createTestDatabase,
	failEvery,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase,
	nameTestPractice
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const visitor = { clientAddress: '203.0.113.9' };

let t: TestDatabase;
let user: { id: string; email: string };

beforeEach(async () => {
	t = await createTestDatabase();
	user = await insertTestUser(t.db, { role: 'therapist' });
	await t.db
		.updateTable('users')
		.set({ time_zone: 'Europe/Lisbon' })
		.where('id', '=', user.id)
		.execute();
});

afterEach(async () => {
	await t.cleanup();
});

async function outbox() {
	return t.db.selectFrom('outbox').selectAll().execute();
}

async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

async function changeEmail(email: string) {
	await t.db.updateTable('users').set({ email }).where('id', '=', user.id).execute();
}

describe('requestAddressConfirmation', () => {
	it('stores only the link’s hash, with the address it goes to, valid for seven days', async () => {
		const link = await requestAddressConfirmation(t.db, user.id, now);
		expect(link?.token).toMatch(/^[a-z2-7]{32}$/);
		expect(link?.expiresAt).toEqual(later(CONFIRMATION_LIFETIME_MS));
		const rows = await t.db.selectFrom('address_confirmations').selectAll().execute();
		expect(rows).toEqual([
			{
				token_hash: createHash('sha256').update(link!.token).digest('hex'),
				user_id: user.id,
				email: user.email,
				created_at: now.toISOString(),
				expires_at: later(CONFIRMATION_LIFETIME_MS).toISOString(),
				used_at: null
			}
		]);
	});

	it('queues the link to the address, not yet confirmed, to be sent before it expires', async () => {
		const link = await requestAddressConfirmation(t.db, user.id, now);
		const [message, ...rest] = await outbox();
		expect(rest).toEqual([]);
		expect(message).toMatchObject({
			kind: 'address-confirmation',
			user_id: user.id,
			to_address: user.email,
			from_name: 'Common Ground',
			subject: 'Please confirm your address',
			unsubscribe_url: null,
			state: 'waiting',
			send_by: later(CONFIRMATION_LIFETIME_MS).toISOString()
		});
		expect(message?.body).toContain(`/confirm-address/${link!.token}`);
		// The expiry as the reader's clock shows it.
		expect(message?.body).toContain('4 December 2026 at 14:00');
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
	});

	it('goes out under the practice name of a partner’s therapist', async () => {
		await nameTestPractice(t.db, user.id, 'Northside Practice');
		const coupleId = await insertTestCouple(t.db, user.id);
		const { userId } = await insertTestPartner(t.db, coupleId, { position: 1, joined: true });
		await requestAddressConfirmation(t.db, userId!, now);
		expect((await outbox())[0]?.from_name).toBe('Northside Practice');
	});

	it('is written with the caller’s change, or not at all', async () => {
		await expect(
			writeTransaction(t.db, async (trx) => {
				await requestAddressConfirmation(trx, user.id, now);
				throw new Error('the account could not be made');
			})
		).rejects.toThrow('the account could not be made');
		expect(await t.db.selectFrom('address_confirmations').selectAll().execute()).toEqual([]);
		expect(await outbox()).toEqual([]);
	});

	it('makes nothing for an account that does not exist', async () => {
		expect(await requestAddressConfirmation(t.db, 'nobody', now)).toBeNull();
		expect(await outbox()).toEqual([]);
	});
});

describe('confirmAddress', () => {
	it('confirms the address once, and records it as the account holder’s', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		expect(await confirmAddress(t.db, token, visitor, later(60_000))).toBe('confirmed');
		const row = await t.db
			.selectFrom('users')
			.select('email_confirmed_at')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(row.email_confirmed_at).toBe(later(60_000).toISOString());
		expect(await auditRows()).toEqual([
			{
				user_id: user.id,
				action: 'address.confirm',
				object_type: 'user',
				object_id: user.id,
				client_address: '203.0.113.9'
			}
		]);
	});

	it('refuses a link used already', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		await confirmAddress(t.db, token, visitor, now);
		expect(await confirmAddress(t.db, token, visitor, later(1000))).toBe('used');
		expect(await auditRows()).toHaveLength(1);
	});

	it('refuses an expired link, and leaves the address unconfirmed', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		expect(await confirmAddress(t.db, token, visitor, later(CONFIRMATION_LIFETIME_MS))).toBe(
			'expired'
		);
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
		expect(await auditRows()).toEqual([]);
	});

	it('refuses a link sent to an address the account no longer uses', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		await changeEmail('new-address@example.com');
		expect(await confirmAddress(t.db, token, visitor, now)).toBe('changed');
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
	});

	it('refuses an unknown, altered or absurdly long token', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		const altered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
		for (const attempt of [altered, '', 'x'.repeat(10_000), token.toUpperCase()])
			expect(await confirmAddress(t.db, attempt, visitor, now)).toBe('unknown');
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
	});

	it('confirms only the account the link was sent for', async () => {
		const other = await insertTestUser(t.db, { role: 'partner' });
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		await confirmAddress(t.db, token, visitor, now);
		expect(await addressConfirmed(t.db, other.id)).toBe(false);
	});

	it('keeps nothing when its audit row cannot be written', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(confirmAddress(t.db, token, visitor, now)).rejects.toThrow('refused by the test');
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
		expect((await lookUpAddressConfirmation(t.db, token, now)).state).toBe('open');
	});
});

describe('lookUpAddressConfirmation', () => {
	it('says what a link is without changing anything, as a mail scanner opening it must not', async () => {
		const { token } = (await requestAddressConfirmation(t.db, user.id, now))!;
		expect(await lookUpAddressConfirmation(t.db, token, now)).toEqual({
			state: 'open',
			userId: user.id
		});
		expect(await lookUpAddressConfirmation(t.db, token, now)).toEqual({
			state: 'open',
			userId: user.id
		});
		expect(await addressConfirmed(t.db, user.id)).toBe(false);
		expect((await lookUpAddressConfirmation(t.db, 'nothing', now)).state).toBe('unknown');
	});
});

describe('markAddressConfirmed', () => {
	it('confirms the address in the caller’s transaction, and keeps the first time', async () => {
		await writeTransaction(t.db, (trx) => markAddressConfirmed(trx, user.id, now));
		await markAddressConfirmed(t.db, user.id, later(60_000));
		const row = await t.db
			.selectFrom('users')
			.select('email_confirmed_at')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(row.email_confirmed_at).toBe(now.toISOString());
	});
});

describe('resendAddressConfirmation', () => {
	it('sends a new link, recorded as asked for by the account holder', async () => {
		expect(await resendAddressConfirmation(t.db, by(user.id), now)).toEqual({ state: 'sent' });
		expect(await outbox()).toHaveLength(1);
		expect(await auditRows()).toEqual([
			{
				user_id: user.id,
				action: 'address.confirmation-request',
				object_type: 'user',
				object_id: user.id,
				client_address: '203.0.113.5'
			}
		]);
	});

	it('sends no second link within a few minutes of the last, and says when it may', async () => {
		await requestAddressConfirmation(t.db, user.id, now);
		expect(await resendAddressConfirmation(t.db, by(user.id), later(60_000))).toEqual({
			state: 'throttled',
			retryAt: later(CONFIRMATION_RESEND_INTERVAL_MS)
		});
		expect(await outbox()).toHaveLength(1);
		expect(await auditRows()).toEqual([]);
		expect(
			await resendAddressConfirmation(t.db, by(user.id), later(CONFIRMATION_RESEND_INTERVAL_MS))
		).toEqual({ state: 'sent' });
		expect(await outbox()).toHaveLength(2);
	});

	it('sends nothing to an address already confirmed', async () => {
		await markAddressConfirmed(t.db, user.id, now);
		expect(await resendAddressConfirmation(t.db, by(user.id), now)).toEqual({
			state: 'already-confirmed'
		});
		expect(await outbox()).toEqual([]);
	});

	it('leaves both links working: the first mail may be the one opened', async () => {
		const first = (await requestAddressConfirmation(t.db, user.id, now))!;
		await resendAddressConfirmation(t.db, by(user.id), later(CONFIRMATION_RESEND_INTERVAL_MS));
		expect(
			await confirmAddress(t.db, first.token, visitor, later(CONFIRMATION_RESEND_INTERVAL_MS))
		).toBe('confirmed');
	});
});
