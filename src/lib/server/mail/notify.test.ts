import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyUser, recipient } from './notify';
import { setMailChoices } from './choices';
import { markAddressConfirmed } from './address-confirmation';
import { lookUpUnsubscribeLink } from './unsubscribe';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase,
	nameTestPractice
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let therapist: string;
let partner: string;

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const coupleId = await insertTestCouple(t.db, therapist);
	partner = (await insertTestPartner(t.db, coupleId, { position: 1, joined: true })).userId!;
});

afterEach(async () => {
	await t.cleanup();
});

async function outbox() {
	return t.db.selectFrom('outbox').selectAll().execute();
}

describe('notifyUser', () => {
	it('queues nothing for an address not yet confirmed', async () => {
		expect(await notifyUser(t.db, partner, 'feedback', '/home', now)).toBeNull();
		expect(await outbox()).toEqual([]);
	});

	it('queues nothing for a kind the person chose not to get', async () => {
		await markAddressConfirmed(t.db, partner, now);
		await setMailChoices(t.db, by(partner), { feedback: false }, now);
		expect(await notifyUser(t.db, partner, 'feedback', '/home', now)).toBeNull();
		expect(await outbox()).toEqual([]);
	});

	it('queues nothing of a kind off by default until the person asks for it', async () => {
		await markAddressConfirmed(t.db, therapist, now);
		expect(await notifyUser(t.db, therapist, 'daily-digest', '/practice', now)).toBeNull();
		await setMailChoices(t.db, by(therapist), { 'daily-digest': true }, now);
		expect(await notifyUser(t.db, therapist, 'daily-digest', '/practice', now)).not.toBeNull();
	});

	it('queues a wanted kind to a confirmed address, with a working way out of that kind', async () => {
		await markAddressConfirmed(t.db, partner, now);
		const id = await notifyUser(t.db, partner, 'feedback', '/home', now);
		const [message, ...rest] = await outbox();
		expect(rest).toEqual([]);
		expect(message).toMatchObject({ id, kind: 'feedback', user_id: partner, state: 'waiting' });
		const unsubscribe = new URL(message!.unsubscribe_url!);
		expect(message?.body).toContain(unsubscribe.href);
		const link = await lookUpUnsubscribeLink(t.db, unsubscribe.pathname.split('/')[2]!);
		expect(link).toMatchObject({ userId: partner, kind: 'feedback', wanted: true });
	});

	it('sends under the therapist’s practice name, to them and to their partners', async () => {
		await nameTestPractice(t.db, therapist, 'Northside Practice');
		expect((await recipient(t.db, partner))?.senderName).toBe('Northside Practice');
		expect((await recipient(t.db, therapist))?.senderName).toBe('Northside Practice');
		await markAddressConfirmed(t.db, partner, now);
		await notifyUser(t.db, partner, 'reminder', '/home', now);
		expect((await outbox())[0]?.from_name).toBe('Northside Practice');
	});

	it('sends under the app’s name when the practice has none', async () => {
		await markAddressConfirmed(t.db, partner, now);
		await notifyUser(t.db, partner, 'reminder', '/home', now);
		expect((await outbox())[0]?.from_name).toBe('Common Ground');
	});
});
