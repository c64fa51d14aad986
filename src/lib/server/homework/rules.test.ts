import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addressedTo, checkInDueAt, handedIn, isAddressedTo, isHandedIn, isOverdue } from './rules';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

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
		t = await createTestDatabase();
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
});
