import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import type { SessionUser } from '../accounts/session';
import { requireSupervisedCouple } from '../access/therapist';
import { handOverCouple } from './handover';
import {
	couplesSupervisedBy,
	endSupervision,
	grantSupervision,
	supervisesNow,
	supervisionDaysProblem,
	supervisionOfCouple
} from './supervision';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(now.getTime() + ms);
const practice = 'practice-1';

let t: TestDatabase;
let reyes: string;
let priya: string;
let outsider: string;
let coupleId: string;

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

const treating = () => ({ ...by(reyes), practiceId: practice });

function eventFor(userId: string, method = 'GET') {
	const user: SessionUser = {
		id: userId,
		email: 'x@example.com',
		displayName: 'X',
		role: 'therapist',
		coupleId: null,
		partnerId: null,
		timeZone: 'UTC',
		practiceId: practice,
		practiceRole: 'member',
		mustSetUpTwoStep: false
	};
	return {
		locals: { user, session: null, sessionEnded: null, secondStep: null },
		url: new URL(`http://localhost/supervision/${coupleId}`),
		route: { id: '/(therapist)/supervision/[coupleId]' },
		getClientAddress: () => '203.0.113.5',
		request: new Request(`http://localhost/supervision/${coupleId}`, { method }),
		params: { coupleId }
	} as never;
}

async function statusOf(run: Promise<unknown>): Promise<number | 'allowed'> {
	try {
		await run;
		return 'allowed';
	} catch (error) {
		if (isHttpError(error)) return error.status;
		throw error;
	}
}

describe('supervision', () => {
	it('lets the named colleague read the couple for the period, and each read is recorded', async () => {
		expect(await grantSupervision(t.db, treating(), coupleId, priya, 14, now)).toBe(true);
		expect(await supervisesNow(t.db, priya, coupleId, at(DAY))).toBe(true);
		const { couple } = await requireSupervisedCouple(eventFor(priya), t.db, at(DAY));
		expect(couple.id).toBe(coupleId);
		await requireSupervisedCouple(eventFor(priya), t.db, at(2 * DAY));
		const [grant] = await supervisionOfCouple(t.db, coupleId, at(3 * DAY));
		expect(grant?.reads).toEqual([at(2 * DAY).toISOString(), at(DAY).toISOString()]);
		expect(grant?.active).toBe(true);
		expect((await couplesSupervisedBy(t.db, priya, at(DAY))).map((c) => c.coupleId)).toEqual([
			coupleId
		]);
	});

	it('ends by itself, and can be ended early', async () => {
		await grantSupervision(t.db, treating(), coupleId, priya, 14, now);
		expect(await statusOf(requireSupervisedCouple(eventFor(priya), t.db, at(14 * DAY)))).toBe(404);
		expect(await couplesSupervisedBy(t.db, priya, at(14 * DAY))).toEqual([]);
		const [grant] = await supervisionOfCouple(t.db, coupleId, at(DAY));
		expect(await endSupervision(t.db, by(reyes), coupleId, grant!.id, at(DAY))).toBe(true);
		expect(await supervisesNow(t.db, priya, coupleId, at(2 * DAY))).toBe(false);
	});

	it('never lets the supervisor act: any method but GET is refused', async () => {
		await grantSupervision(t.db, treating(), coupleId, priya, 14, now);
		expect(await statusOf(requireSupervisedCouple(eventFor(priya, 'POST'), t.db, at(DAY)))).toBe(
			404
		);
	});

	it('is refused to anyone without a grant, and to a colleague outside the practice', async () => {
		expect(await statusOf(requireSupervisedCouple(eventFor(priya), t.db, now))).toBe(404);
		expect(await grantSupervision(t.db, treating(), coupleId, outsider, 14, now)).toBe(false);
		expect(
			await grantSupervision(t.db, { ...by(priya), practiceId: practice }, coupleId, priya, 14, now)
		).toBe(false);
	});

	it('no longer counts once the couple is handed over', async () => {
		await grantSupervision(t.db, treating(), coupleId, priya, 14, now);
		const third = (await insertTestUser(t.db, { role: 'therapist' })).id;
		await t.db
			.updateTable('users')
			.set({ practice_id: practice })
			.where('id', '=', third)
			.execute();
		await handOverCouple(t.db, treating(), coupleId, third, now);
		expect(await supervisesNow(t.db, priya, coupleId, at(DAY))).toBe(false);
	});

	it('takes 1 to 90 days', () => {
		expect(supervisionDaysProblem('14')).toBeNull();
		for (const bad of ['0', '91', '1.5', 'x', ''])
			expect(supervisionDaysProblem(bad)).not.toBeNull();
	});
});
