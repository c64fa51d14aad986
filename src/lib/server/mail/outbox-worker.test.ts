import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../database/open';
import {
	createTestDatabase,
	insertTestUser,
	openSecondConnection,
	type TestDatabase
} from '../testing/test-database';
import { messageText } from './messages';
import { queueMail } from './outbox';
import {
	LEASE_MS,
	MAX_ATTEMPTS,
	claimDue,
	deliverDue,
	expireLate,
	markSent,
	retryDelay,
	type Courier,
	type OutboxRow
} from './outbox-worker';

const start = new Date('2026-12-02T09:00:00.000Z');
const MINUTE = 60_000;

/** A courier that keeps what it is given, and refuses while `down` is set. */
function fakeCourier() {
	const sent: OutboxRow[] = [];
	const courier: Courier & { sent: OutboxRow[]; down: boolean } = {
		sent,
		down: false,
		async send(message) {
			if (courier.down) throw new Error('connect ECONNREFUSED 127.0.0.1:25');
			sent.push(message);
		}
	};
	return courier;
}

let t: TestDatabase;
let userId: string;

beforeEach(async () => {
	t = await createTestDatabase();
	userId = (await insertTestUser(t.db, { role: 'partner' })).id;
	vi.spyOn(console, 'log').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
	vi.restoreAllMocks();
	await t.cleanup();
});

async function queue(db: Database, at = start, sendBy?: Date) {
	return queueMail(
		db,
		{
			kind: 'new-homework',
			toAddress: 'sam@example.com',
			userId,
			text: messageText('new-homework', { link: 'http://localhost:3000/home' }),
			sendBy
		},
		at
	);
}

const row = (id: string) =>
	t.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the outbox', () => {
	it('sends a waiting message once, then keeps no text', async () => {
		const id = await queue(t.db);
		const courier = fakeCourier();
		expect(await deliverDue(t.db, courier, 'w1', () => start)).toBe(1);
		expect(courier.sent.map((message) => message.id)).toEqual([id]);
		expect(await row(id)).toMatchObject({
			state: 'sent',
			attempts: 1,
			body: null,
			claimed_by: null
		});
		expect(await deliverDue(t.db, courier, 'w1', () => start)).toBe(0);
		expect(courier.sent).toHaveLength(1);
	});

	it('retries a refused message after 1, 2, 4 … minutes, then sends it when the server is back', async () => {
		const id = await queue(t.db);
		const courier = fakeCourier();
		courier.down = true;
		await deliverDue(t.db, courier, 'w1', () => start);
		expect(await row(id)).toMatchObject({
			state: 'waiting',
			attempts: 1,
			next_attempt_at: new Date(start.getTime() + MINUTE).toISOString(),
			last_error: 'connect ECONNREFUSED 127.0.0.1:25',
			claimed_by: null
		});
		// Not before the backoff is over.
		await deliverDue(t.db, courier, 'w1', () => new Date(start.getTime() + MINUTE - 1));
		expect((await row(id)).attempts).toBe(1);
		await deliverDue(t.db, courier, 'w1', () => new Date(start.getTime() + MINUTE));
		expect(await row(id)).toMatchObject({
			attempts: 2,
			next_attempt_at: new Date(start.getTime() + 3 * MINUTE).toISOString()
		});

		courier.down = false;
		await deliverDue(t.db, courier, 'w1', () => new Date(start.getTime() + 3 * MINUTE));
		expect(await row(id)).toMatchObject({ state: 'sent', attempts: 3 });
		expect(courier.sent).toHaveLength(1);
	});

	it('backs off by doubling, never more than an hour apart', () => {
		expect([1, 2, 3, 4, 7, 8, 20].map((tries) => retryDelay(tries) / MINUTE)).toEqual([
			1, 2, 4, 8, 60, 60, 60
		]);
	});

	it(`gives a message up as failed after ${MAX_ATTEMPTS} tries, and keeps no text`, async () => {
		const id = await queue(t.db, start, new Date(start.getTime() + 7 * 24 * 60 * MINUTE));
		const courier = fakeCourier();
		courier.down = true;
		let at = start;
		for (let attempt = 1; attempt <= MAX_ATTEMPTS + 2; attempt++) {
			await deliverDue(t.db, courier, 'w1', () => at);
			at = new Date(at.getTime() + 61 * MINUTE);
		}
		expect(await row(id)).toMatchObject({
			state: 'failed',
			attempts: MAX_ATTEMPTS,
			body: null,
			last_error: 'connect ECONNREFUSED 127.0.0.1:25'
		});
		expect((await row(id)).done_at).not.toBeNull();
	});

	it('sends the very same message again after a crash between sending and marking it sent', async () => {
		const id = await queue(t.db);
		const courier = fakeCourier();
		// The first worker claims and sends, then dies before it can mark the row.
		const [claimed] = await claimDue(t.db, 'crashed', start);
		await courier.send({ ...claimed!, body: claimed!.body! });

		// While its lease holds, no one else touches the message.
		expect(await claimDue(t.db, 'w2', new Date(start.getTime() + LEASE_MS - 1))).toEqual([]);
		// Then another worker sends it again: same Message-ID, same text.
		await deliverDue(t.db, courier, 'w2', () => new Date(start.getTime() + LEASE_MS));
		expect(courier.sent).toHaveLength(2);
		expect(courier.sent[1]!.message_id).toBe(courier.sent[0]!.message_id);
		expect(courier.sent[1]!.body).toBe(courier.sent[0]!.body);
		expect(courier.sent[1]!.subject).toBe(courier.sent[0]!.subject);
		expect((await row(id)).state).toBe('sent');
		// The worker that lost its lease cannot mark it back.
		await markSent(t.db, claimed!, 'crashed', start);
		expect((await row(id)).attempts).toBe(1);
	});

	it('fixes the Message-ID when the row is written', async () => {
		const id = await queue(t.db);
		const { message_id } = await row(id);
		expect(message_id).toMatch(/^<[a-z0-9]+\.\d+@localhost>$/);
	});

	it('never lets two workers, on two connections, claim the same message', async () => {
		for (let index = 0; index < 40; index++) await queue(t.db);
		const second = { db: await openSecondConnection(t) };
		try {
			const [mine, theirs] = await Promise.all([
				claimDue(t.db, 'w1', start, 25),
				claimDue(second.db, 'w2', start, 25)
			]);
			const ids = [...mine, ...theirs].map((claimed) => claimed.id);
			expect(ids).toHaveLength(40);
			expect(new Set(ids).size).toBe(40);
		} finally {
			await second.db.destroy();
		}
	});

	it('two workers sending at once send each message once', async () => {
		for (let index = 0; index < 30; index++) await queue(t.db);
		const courier = fakeCourier();
		// Interleaved on one connection, as two rounds in one server would be; across
		// processes the claim above is what keeps them apart.
		await Promise.all([
			deliverDue(t.db, courier, 'w1', () => start, 4),
			deliverDue(t.db, courier, 'w2', () => start, 4)
		]);
		const ids = courier.sent.map((message) => message.id);
		expect(ids).toHaveLength(30);
		expect(new Set(ids).size).toBe(30);
	});

	it('lets a message past its send-by time expire unsent, its text gone', async () => {
		const id = await queue(t.db, start, new Date(start.getTime() + 30 * MINUTE));
		expect(await expireLate(t.db, new Date(start.getTime() + 29 * MINUTE))).toBe(0);
		expect(await expireLate(t.db, new Date(start.getTime() + 30 * MINUTE))).toBe(1);
		expect(await row(id)).toMatchObject({ state: 'expired', body: null });
		const courier = fakeCourier();
		expect(
			await deliverDue(t.db, courier, 'w1', () => new Date(start.getTime() + 31 * MINUTE))
		).toBe(0);
	});

	it('one refused message does not hold up the others', async () => {
		const first = await queue(t.db);
		const second = await queue(t.db);
		const courier: Courier & { sent: string[] } = {
			sent: [],
			async send(message) {
				if (message.id === first) throw new Error('550 mailbox unavailable');
				courier.sent.push(message.id);
			}
		};
		await deliverDue(t.db, courier, 'w1', () => start);
		expect(courier.sent).toEqual([second]);
		expect((await row(first)).state).toBe('waiting');
	});
});
