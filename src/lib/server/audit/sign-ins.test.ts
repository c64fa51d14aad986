import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDayRange } from '../../day-range';
import { createPractice } from '../practice/practices';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { recordAudit, type AuditAction } from './audit';
import { practiceSignInPeople, practiceSignIns, type SignInFilter } from './sign-ins';

const start = new Date('2026-11-20T09:00:00.000Z');
const hour = 60 * 60 * 1000;
let t: TestDatabase;
let practiceId: string;
let lee: string;
let kim: string;
let elsewhere: string;
let partner: string;

const everything: SignInFilter = { personId: null, range: readDayRange('', '', 'UTC').range };

async function happened(userId: string, action: AuditAction, hoursIn: number) {
	await recordAudit(
		t.db,
		{ userId, clientAddress: '203.0.113.9' },
		action,
		{ type: 'user', id: userId },
		new Date(start.getTime() + hoursIn * hour)
	);
}

beforeEach(async () => {
	t = await createTestDatabase();
	practiceId = await createPractice(t.db, { twoStepRequired: false }, start);
	const otherPractice = await createPractice(t.db, { twoStepRequired: false }, start);
	lee = (await insertTestUser(t.db, { role: 'therapist' })).id;
	kim = (await insertTestUser(t.db, { role: 'therapist' })).id;
	elsewhere = (await insertTestUser(t.db, { role: 'therapist' })).id;
	partner = (await insertTestUser(t.db, { role: 'partner' })).id;
	await t.db
		.updateTable('users')
		.set({ practice_id: practiceId })
		.where('id', 'in', [lee, kim])
		.execute();
	await t.db
		.updateTable('users')
		.set({ practice_id: otherPractice })
		.where('id', '=', elsewhere)
		.execute();
	await happened(lee, 'sign-in.failure', 0);
	await happened(lee, 'sign-in.password', 1);
	await happened(lee, 'sign-in.success', 2);
	await happened(kim, 'sign-in.success', 25);
	await happened(kim, 'response.read', 26); // not a sign-in event
	await happened(kim, 'sign-out', 27);
	await happened(elsewhere, 'sign-in.success', 3); // another practice
	await happened(partner, 'sign-in.success', 4); // a partner
});

afterEach(async () => {
	await t.cleanup();
});

describe("a practice's sign-in events", () => {
	it("are its own therapists' sign-in events only, newest first", async () => {
		const entries = await practiceSignIns(t.db, practiceId, everything, null);
		expect(entries.map((entry) => [entry.personId, entry.action])).toEqual([
			[kim, 'sign-out'],
			[kim, 'sign-in.success'],
			[lee, 'sign-in.success'],
			[lee, 'sign-in.password'],
			[lee, 'sign-in.failure']
		]);
		expect(
			(await practiceSignInPeople(t.db, practiceId)).map((person) => person.id).sort()
		).toEqual([lee, kim].sort());
	});

	it('filter by colleague and by days, and never reach another practice', async () => {
		const byKim = await practiceSignIns(t.db, practiceId, { ...everything, personId: kim }, null);
		expect(byKim.map((entry) => entry.action)).toEqual(['sign-out', 'sign-in.success']);
		const fromElsewhere = { ...everything, personId: elsewhere };
		expect(await practiceSignIns(t.db, practiceId, fromElsewhere, null)).toEqual([]);
		const firstDay = readDayRange('2026-11-20', '2026-11-20', 'UTC').range;
		const onTheFirstDay = await practiceSignIns(
			t.db,
			practiceId,
			{ personId: null, range: firstDay },
			null
		);
		expect(onTheFirstDay.map((entry) => entry.personId)).toEqual([lee, lee, lee]);
	});

	it('come a page at a time', async () => {
		const first = await practiceSignIns(t.db, practiceId, everything, { limit: 2, offset: 0 });
		const third = await practiceSignIns(t.db, practiceId, everything, { limit: 2, offset: 4 });
		expect(first.map((entry) => entry.action)).toEqual(['sign-out', 'sign-in.success']);
		expect(third.map((entry) => entry.action)).toEqual(['sign-in.failure']);
	});
});
