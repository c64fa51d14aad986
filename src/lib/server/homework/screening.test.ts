import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignDueScreenings, readScreening } from './screening';
import { createCouple, setCoupleArchived, updateCouple } from '../casework/couples';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const WEEK = 7 * 24 * 60 * 60 * 1000;
const weeksLater = (weeks: number) => new Date(now.getTime() + weeks * WEEK);

const input = (screening: { on: boolean; everyWeeks: number }) => ({
	name: 'Alex & Sam',
	partnerNames: ['Alex', 'Sam'] as [string, string],
	secretsPolicy: 'no-secrets',
	policyText: 'Policy.',
	screening
});

let t: TestDatabase;
let therapist: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

async function screenings(coupleId: string) {
	return t.db
		.selectFrom('assignments')
		.select(['partner_id', 'created_at', 'created_by', 'template_id'])
		.where('couple_id', '=', coupleId)
		.where('template_id', '=', 'safety-check-in')
		.orderBy('created_at')
		.orderBy('partner_id')
		.execute();
}

async function partnersOf(coupleId: string) {
	return (
		await t.db
			.selectFrom('partners')
			.select('id')
			.where('couple_id', '=', coupleId)
			.orderBy('id')
			.execute()
	).map((row) => row.id);
}

describe('screening for every couple', () => {
	it('reads the setting, with a message for a bad number of weeks', () => {
		expect(readScreening({ screeningOn: 'yes', screeningEveryWeeks: '6' })).toEqual({
			screening: { on: true, everyWeeks: 6 },
			problem: null
		});
		expect(readScreening({ screeningOn: '', screeningEveryWeeks: '' }).screening).toEqual({
			on: false,
			everyWeeks: 6
		});
		for (const bad of ['0', '53', '2.5', 'six'])
			expect(readScreening({ screeningOn: 'yes', screeningEveryWeeks: bad }).problem).toMatch(
				/whole number of weeks/
			);
	});

	it('assigns a private check-in to each partner when a couple is added, by the system', async () => {
		const coupleId = await createCouple(
			t.db,
			by(therapist),
			input({ on: true, everyWeeks: 6 }),
			now
		);
		const partners = await partnersOf(coupleId);
		expect(await screenings(coupleId)).toEqual(
			partners.map((partnerId) => ({
				partner_id: partnerId,
				created_at: now.toISOString(),
				created_by: therapist,
				template_id: 'safety-check-in'
			}))
		);
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['user_id', 'object_type'])
			.where('action', '=', 'screening.assign')
			.execute();
		expect(audit).toEqual([
			{ user_id: null, object_type: 'assignment' },
			{ user_id: null, object_type: 'assignment' }
		]);
	});

	it('assigns none when the therapist turned screening off', async () => {
		const coupleId = await createCouple(
			t.db,
			by(therapist),
			input({ on: false, everyWeeks: 6 }),
			now
		);
		expect(await screenings(coupleId)).toEqual([]);
		expect(await assignDueScreenings(t.db, weeksLater(12))).toBe(0);
		expect(await screenings(coupleId)).toEqual([]);
	});

	it('assigns again once the couple’s weeks have passed, and only once', async () => {
		const coupleId = await createCouple(
			t.db,
			by(therapist),
			input({ on: true, everyWeeks: 6 }),
			now
		);
		expect(await assignDueScreenings(t.db, new Date(weeksLater(6).getTime() - 1000))).toBe(0);
		expect(await screenings(coupleId)).toHaveLength(2);
		expect(await assignDueScreenings(t.db, weeksLater(6))).toBe(1);
		expect(await assignDueScreenings(t.db, weeksLater(6))).toBe(0);
		const all = await screenings(coupleId);
		expect(all).toHaveLength(4);
		expect(all.slice(2).map((row) => row.created_at)).toEqual([
			weeksLater(6).toISOString(),
			weeksLater(6).toISOString()
		]);
	});

	it('follows a changed setting, and leaves archived couples alone', async () => {
		const coupleId = await createCouple(
			t.db,
			by(therapist),
			input({ on: true, everyWeeks: 6 }),
			now
		);
		await updateCouple(t.db, by(therapist), coupleId, input({ on: true, everyWeeks: 2 }), now);
		expect(await assignDueScreenings(t.db, weeksLater(2))).toBe(1);
		await setCoupleArchived(t.db, by(therapist), coupleId, true, weeksLater(2));
		expect(await assignDueScreenings(t.db, weeksLater(20))).toBe(0);
		expect(await screenings(coupleId)).toHaveLength(4);
	});
});
