import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailChoices, setMailChoices, wantsMail } from './choices';
import { CHOSEN_KINDS } from './kinds';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let partner: string;
let therapist: string;

beforeEach(async () => {
	t = await createTestDatabase();
	partner = (await insertTestUser(t.db, { role: 'partner' })).id;
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

async function storedChoices(userId: string) {
	return t.db
		.selectFrom('mail_choices')
		.select(['kind', 'wanted', 'updated_at'])
		.where('user_id', '=', userId)
		.orderBy('kind')
		.execute();
}

describe('mailChoices', () => {
	it('offers each person the kinds of their role, as the defaults say until they choose', async () => {
		expect(await mailChoices(t.db, partner, 'partner')).toEqual([
			{ kind: 'new-homework', label: expect.any(String), wanted: true },
			{ kind: 'sent-back', label: expect.any(String), wanted: true },
			{ kind: 'feedback', label: expect.any(String), wanted: true },
			{ kind: 'reminder', label: expect.any(String), wanted: true }
		]);
		expect(await mailChoices(t.db, therapist, 'therapist')).toEqual([
			{ kind: 'urgent-alert', label: expect.any(String), wanted: true },
			{ kind: 'daily-digest', label: expect.any(String), wanted: false }
		]);
	});

	it('labels each kind as kinds.ts words it', async () => {
		const labels = (await mailChoices(t.db, partner, 'partner')).map((choice) => choice.label);
		expect(labels).toEqual(
			CHOSEN_KINDS.filter((info) => info.role === 'partner').map((info) => info.label)
		);
	});
});

describe('setMailChoices', () => {
	it('keeps a choice against the default, and records it per kind, with who and from where', async () => {
		const changed = await setMailChoices(
			t.db,
			by(partner),
			{ 'new-homework': true, reminder: false, feedback: true, 'sent-back': true },
			now
		);
		expect(changed).toEqual(['reminder']);
		expect(await storedChoices(partner)).toEqual([
			{ kind: 'reminder', wanted: 0, updated_at: now.toISOString() }
		]);
		expect(await wantsMail(t.db, partner, 'reminder')).toBe(false);
		expect(await wantsMail(t.db, partner, 'feedback')).toBe(true);
		expect(await auditRows()).toEqual([
			{
				user_id: partner,
				action: 'mail-choices.change',
				object_type: 'mail-kind',
				object_id: 'reminder',
				client_address: '203.0.113.5'
			}
		]);
	});

	it('changes a stored choice back, updating its row', async () => {
		await setMailChoices(t.db, by(therapist), { 'daily-digest': true }, now);
		const later = new Date(now.getTime() + 60_000);
		await setMailChoices(t.db, by(therapist), { 'daily-digest': false }, later);
		expect(await storedChoices(therapist)).toEqual([
			{ kind: 'daily-digest', wanted: 0, updated_at: later.toISOString() }
		]);
		expect((await auditRows()).map((row) => row.object_id)).toEqual([
			'daily-digest',
			'daily-digest'
		]);
	});

	it('writes nothing, audit included, when nothing changes', async () => {
		expect(
			await setMailChoices(
				t.db,
				by(therapist),
				{ 'urgent-alert': true, 'daily-digest': false },
				now
			)
		).toEqual([]);
		expect(await storedChoices(therapist)).toEqual([]);
		expect(await auditRows()).toEqual([]);
	});

	it('changes only the asker’s own choices', async () => {
		const otherPartner = (await insertTestUser(t.db, { role: 'partner' })).id;
		await setMailChoices(t.db, by(partner), { reminder: false }, now);
		expect(await wantsMail(t.db, otherPartner, 'reminder')).toBe(true);
	});

	it('refuses a kind that is not for the asker’s role, and changes nothing', async () => {
		await expect(
			setMailChoices(t.db, by(partner), { reminder: false, 'daily-digest': true }, now)
		).rejects.toThrow(RangeError);
		expect(await storedChoices(partner)).toEqual([]);
		expect(await auditRows()).toEqual([]);
	});

	it('keeps no change when its audit row cannot be written', async () => {
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(setMailChoices(t.db, by(partner), { reminder: false }, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await storedChoices(partner)).toEqual([]);
	});
});
