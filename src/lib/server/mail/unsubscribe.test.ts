import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookUpUnsubscribeLink, unsubscribe } from './unsubscribe';
import { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from './unsubscribe-links';
import { wantsMail } from './choices';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

const now = new Date('2026-11-27T14:00:00.000Z');
/** A mail provider following the link: not signed in, known only by its address. */
const provider = { clientAddress: '198.51.100.20' };

let t: TestDatabase;
let partner: string;
let otherPartner: string;
let therapist: string;

beforeEach(async () => {
	t = await createTestDatabase();
	partner = (await insertTestUser(t.db, { role: 'partner' })).id;
	otherPartner = (await insertTestUser(t.db, { role: 'partner' })).id;
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

/** The token with its signed words replaced, and the signature kept. */
function withPayload(token: string, words: string): string {
	const signature = token.split('.')[1]!;
	return `${encodeBase64urlNoPadding(new TextEncoder().encode(words))}.${signature}`;
}

describe('unsubscribe', () => {
	it('stops the one kind for the one person, recorded as theirs, coming from the link', async () => {
		const token = await unsubscribeToken(t.db, partner, 'reminder');
		expect(await unsubscribe(t.db, token, provider, now)).toEqual({
			userId: partner,
			kind: 'reminder',
			label: expect.stringContaining('reminder'),
			wanted: false
		});
		expect(await wantsMail(t.db, partner, 'reminder')).toBe(false);
		expect(await wantsMail(t.db, partner, 'feedback')).toBe(true);
		expect(await wantsMail(t.db, otherPartner, 'reminder')).toBe(true);
		expect(await auditRows()).toEqual([
			{
				user_id: partner,
				action: 'mail-choices.unsubscribe',
				object_type: 'mail-kind',
				object_id: 'reminder',
				client_address: '198.51.100.20'
			}
		]);
	});

	it('changes nothing more when followed again', async () => {
		const token = await unsubscribeToken(t.db, therapist, 'urgent-alert');
		await unsubscribe(t.db, token, provider, now);
		expect((await unsubscribe(t.db, token, provider, now))?.wanted).toBe(false);
		expect(await auditRows()).toHaveLength(1);
	});

	it('refuses a signature forged or altered, and changes nothing', async () => {
		const token = await unsubscribeToken(t.db, partner, 'reminder');
		const [payload, signature] = token.split('.') as [string, string];
		const bytes = decodeBase64urlIgnorePadding(signature);
		bytes[0] = bytes[0]! ^ 1;
		for (const forged of [
			`${payload}.${encodeBase64urlNoPadding(bytes)}`,
			`${payload}.${encodeBase64urlNoPadding(new Uint8Array(32))}`,
			`${payload}.`,
			payload,
			`${token}.extra`,
			'not a token at all',
			'x'.repeat(5000)
		]) {
			expect(await lookUpUnsubscribeLink(t.db, forged), forged.slice(0, 40)).toBeNull();
			expect(await unsubscribe(t.db, forged, provider, now)).toBeNull();
		}
		expect(await wantsMail(t.db, partner, 'reminder')).toBe(true);
		expect(await auditRows()).toEqual([]);
	});

	it('refuses a link altered to another kind or another person', async () => {
		const token = await unsubscribeToken(t.db, partner, 'reminder');
		for (const words of [
			`${partner}:feedback`,
			`${otherPartner}:reminder`,
			`${partner}:reminder:x`
		])
			expect(await unsubscribe(t.db, withPayload(token, words), provider, now)).toBeNull();
		expect(await wantsMail(t.db, partner, 'feedback')).toBe(true);
		expect(await wantsMail(t.db, otherPartner, 'reminder')).toBe(true);
	});

	it('refuses a link another server signed', async () => {
		const elsewhere = await createTestDatabase();
		try {
			const theirs = await unsubscribeToken(elsewhere.db, partner, 'reminder');
			expect(await readUnsubscribeToken(t.db, theirs)).toBeNull();
			expect(await unsubscribe(t.db, theirs, provider, now)).toBeNull();
		} finally {
			await elsewhere.cleanup();
		}
	});

	it('refuses a kind that is not for the person’s role, and a person who is gone', async () => {
		expect(
			await unsubscribe(t.db, await unsubscribeToken(t.db, partner, 'daily-digest'), provider, now)
		).toBeNull();
		expect(
			await unsubscribe(t.db, await unsubscribeToken(t.db, 'user-gone', 'reminder'), provider, now)
		).toBeNull();
		expect(await auditRows()).toEqual([]);
	});

	it('reads a link from a mail as the path it opens', async () => {
		const url = new URL(await unsubscribeUrl(t.db, partner, 'feedback'));
		const token = url.pathname.replace(/^\/unsubscribe\//, '');
		expect((await lookUpUnsubscribeLink(t.db, token))?.kind).toBe('feedback');
	});
});
