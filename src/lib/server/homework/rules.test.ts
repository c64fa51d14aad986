import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
	addressedTo,
	checkInDueAt,
	handedIn,
	isAddressedTo,
	isHandedIn,
	isOverdue,
	overdueFor,
	overdueForSomeone
} from './rules';
import { assignHomework, cancelAssignment } from './assignments';
import type { ResponseStatus } from '../database/schema';
import { by } from '../testing/actors';
import { insertTestCouple } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';

const now = new Date('2026-11-27T14:00:00.000Z');

describe('addressed to a partner', () => {
	it('is homework for both partners, or for that partner alone', () => {
		expect(isAddressedTo({ partnerId: null }, 'alex')).toBe(true);
		expect(isAddressedTo({ partnerId: 'alex' }, 'alex')).toBe(true);
		expect(isAddressedTo({ partnerId: 'sam' }, 'alex')).toBe(false);
	});
});

describe('handed in', () => {
	it('is a submitted or reviewed response, never a draft or nothing', () => {
		expect(isHandedIn('submitted')).toBe(true);
		expect(isHandedIn('reviewed')).toBe(true);
		expect(isHandedIn('draft')).toBe(false);
		expect(isHandedIn('not-started')).toBe(false);
	});
});

describe('a recurring check-in lands before its session', () => {
	it('is due 24 hours before the session, or 48 when the therapist chooses', () => {
		expect(checkInDueAt('2026-12-04T17:00:00.000Z', 24)).toBe('2026-12-03T17:00:00.000Z');
		expect(checkInDueAt('2026-12-04T17:00:00.000Z', 48)).toBe('2026-12-02T17:00:00.000Z');
	});

	it('counts hours, not calendar days, across a change of the clocks', () => {
		// London left summer time on 25 October 2026: 24 hours before 09:00 GMT on the 26th
		// is 09:00 UTC on the 25th, 10:00 on the wall clock of the day before.
		expect(checkInDueAt('2026-10-26T09:00:00.000Z', 24)).toBe('2026-10-25T09:00:00.000Z');
	});
});

describe('overdue', () => {
	const past = { dueAt: '2026-11-27T13:59:59.999Z' };
	it('is homework past its due time that the partner has not handed in', () => {
		expect(isOverdue(past, 'not-started', now)).toBe(true);
		expect(isOverdue(past, 'draft', now)).toBe(true);
		expect(isOverdue(past, 'submitted', now)).toBe(false);
		expect(isOverdue(past, 'reviewed', now)).toBe(false);
	});
	it('is never homework due now or later, with no due time, or cancelled', () => {
		expect(isOverdue({ dueAt: now.toISOString() }, 'not-started', now)).toBe(false);
		expect(isOverdue({ dueAt: null }, 'not-started', now)).toBe(false);
		expect(isOverdue({ ...past, cancelled: true }, 'not-started', now)).toBe(false);
	});
});

// The SQL forms must say exactly what the plain ones say.
describe('the rules as SQL', () => {
	let t: TestDatabase;
	beforeEach(async () => {
		t = await createTestDatabase({ builtinTemplates: true });
	});
	afterEach(async () => {
		await t.cleanup();
	});

	it('agree with the plain rules', async () => {
		for (const partnerId of [null, 'alex', 'sam']) {
			const { value } = await t.db
				.selectNoFrom((eb) =>
					eb
						.case()
						.when(addressedTo(sql<string | null>`CAST(${partnerId} AS TEXT)`, 'alex'))
						.then(1)
						.else(0)
						.end()
						.as('value')
				)
				.executeTakeFirstOrThrow();
			expect(value === 1, `partner ${partnerId}`).toBe(isAddressedTo({ partnerId }, 'alex'));
		}
		for (const status of ['draft', 'submitted', 'reviewed'] as const) {
			const { value } = await t.db
				.selectNoFrom((eb) =>
					eb
						.case()
						.when(handedIn(sql<typeof status>`CAST(${status} AS TEXT)`))
						.then(1)
						.else(0)
						.end()
						.as('value')
				)
				.executeTakeFirstOrThrow();
			expect(value === 1, status).toBe(isHandedIn(status));
		}
	});

	it('find homework overdue for someone exactly when it is overdue for one of its partners', async () => {
		const db = t.db;
		const accountability = BUILTIN_TEMPLATES.find((template) => template.id === 'accountability')!;
		const therapist = (await insertTestUser(db, { role: 'therapist' })).id;
		const { coupleId, partnerIds } = await insertTestCouple(db, therapist, {
			name: 'Alex & Sam',
			partnerNames: ['Alex', 'Sam'],
			at: new Date('2026-11-01T12:00:00.000Z')
		});
		const assign = async (addressee: string | null, dueAt: string) =>
			(await assignHomework(
				db,
				by(therapist),
				coupleId,
				{ template: accountability, addressees: [addressee], dueAt, note: '', recurrence: 'once' },
				new Date('2026-11-01T12:00:00.000Z')
			))![0]!;
		const past = '2026-11-27T13:00:00.000Z';
		const homework = [
			await assign(null, past),
			await assign(partnerIds[0], past),
			await assign(partnerIds[1], past),
			await assign(null, '2026-11-28T13:00:00.000Z'),
			await assign(null, past)
		];
		await cancelAssignment(db, by(therapist), homework[4]!, now);
		const overdueForSomeoneNow = async () =>
			(
				await db
					.selectFrom('assignments as a')
					.select('a.id')
					.where((eb) => overdueForSomeone(eb, now))
					.orderBy('a.id')
					.execute()
			).map((row) => row.id);
		const overdueForAPartnerNow = async () =>
			(
				await db
					.selectFrom('assignments as a')
					.select('a.id')
					.where((outer) =>
						outer.exists(
							outer
								.selectFrom('partners as p')
								.select('p.id')
								.whereRef('p.couple_id', '=', 'a.couple_id')
								.where((eb) => overdueFor(eb, now))
						)
					)
					.orderBy('a.id')
					.execute()
			).map((row) => row.id);

		const response = fc.constantFrom<ResponseStatus | 'none'>(
			'none',
			'draft',
			'submitted',
			'reviewed'
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(response, { minLength: homework.length * 2, maxLength: homework.length * 2 }),
				async (statuses) => {
					await db.deleteFrom('responses').execute();
					for (const [index, status] of statuses.entries()) {
						if (status === 'none') continue;
						await db
							.insertInto('responses')
							.values({
								id: `response-${index}`,
								assignment_id: homework[index >> 1]!,
								partner_id: partnerIds[index % 2]!,
								template_version: 1,
								status,
								started_at: past,
								updated_at: past,
								submitted_at: status === 'draft' ? null : past
							})
							.execute();
					}
					expect(await overdueForSomeoneNow()).toEqual(await overdueForAPartnerNow());
				}
			),
			{ numRuns: 30 }
		);
		// Not a rule that holds by finding nothing.
		await db.deleteFrom('responses').execute();
		expect(await overdueForSomeoneNow()).toEqual([...homework.slice(0, 3)].sort());
	});
});
