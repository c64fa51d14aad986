import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coupleForTherapist } from './couples';
import { handOverCouple, handoverColleagues } from './handover';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let reyes: string;
let priya: string;
let outsider: string;
let coupleId: string;
const practice = 'practice-1';

beforeEach(async () => {
	t = await createTestDatabase();
	await t.db
		.insertInto('practices')
		.values([
			{ id: practice, created_at: now.toISOString() },
			{ id: 'practice-2', created_at: now.toISOString() }
		])
		.execute();
	reyes = (await insertTestUser(t.db, { role: 'therapist' })).id;
	priya = (await insertTestUser(t.db, { role: 'therapist' })).id;
	outsider = (await insertTestUser(t.db, { role: 'therapist' })).id;
	await t.db
		.updateTable('users')
		.set({ practice_id: practice })
		.where('id', 'in', [reyes, priya])
		.execute();
	await t.db
		.updateTable('users')
		.set({ practice_id: 'practice-2' })
		.where('id', '=', outsider)
		.execute();
	coupleId = await insertTestCouple(t.db, reyes);
});

afterEach(async () => {
	await t.cleanup();
});

const from = () => ({ ...by(reyes), practiceId: practice });

describe('handing over a couple', () => {
	it('moves access at once and names both therapists in the audit log', async () => {
		expect(await handOverCouple(t.db, from(), coupleId, priya, now)).toBe(true);
		expect(await coupleForTherapist(t.db, reyes, coupleId)).toBeNull();
		expect(await coupleForTherapist(t.db, priya, coupleId)).not.toBeNull();
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['user_id', 'object_type', 'object_id'])
			.where('action', '=', 'couple.hand-over')
			.execute();
		expect(audit).toEqual([
			{ user_id: reyes, object_type: 'couple', object_id: coupleId },
			{ user_id: reyes, object_type: 'from-therapist', object_id: reyes },
			{ user_id: reyes, object_type: 'to-therapist', object_id: priya }
		]);
	});

	it('refuses another practice’s therapist, a deactivated colleague, and a couple not yours', async () => {
		expect(await handOverCouple(t.db, from(), coupleId, outsider, now)).toBe(false);
		await t.db
			.updateTable('users')
			.set({ deactivated_at: now.toISOString() })
			.where('id', '=', priya)
			.execute();
		expect(await handoverColleagues(t.db, { id: reyes, practiceId: practice })).toEqual([]);
		expect(await handOverCouple(t.db, from(), coupleId, priya, now)).toBe(false);
		await t.db.updateTable('users').set({ deactivated_at: null }).execute();
		const notYours = await insertTestCouple(t.db, priya);
		expect(await handOverCouple(t.db, from(), notYours, priya, now)).toBe(false);
		expect(await handOverCouple(t.db, from(), coupleId, reyes, now)).toBe(false);
		const still = await t.db
			.selectFrom('couples')
			.select('therapist_id')
			.where('id', '=', coupleId)
			.executeTakeFirstOrThrow();
		expect(still.therapist_id).toBe(reyes);
	});
});
