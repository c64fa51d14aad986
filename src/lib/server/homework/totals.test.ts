import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from './assignments';
import { worksheetForPartner, type PartnerRef } from './responses';
import { editAgain, submitResponse } from '../testing/partner-pages';
import { checkInAnswers, insertTestCouple } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { recordMissingTotals } from './totals';
import type { Answers } from '../../worksheets/answers';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import { builtinTemplate } from '../../worksheets/builtin';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let therapist: string;
let alex: PartnerRef;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	});
	alex = { partnerId: partnerIds[0], coupleId };
});

afterEach(async () => {
	await t.cleanup();
});

async function assign(
	templateId: string,
	recurrence: 'once' | 'before-each-session' = 'once'
): Promise<string> {
	const ids = await assignHomework(
		t.db,
		by(therapist),
		alex.coupleId,
		{
			template: builtinTemplate(templateId)!,
			addressees: [alex.partnerId],
			dueAt: null,
			note: '',
			recurrence
		},
		now
	);
	return ids![0]!;
}

async function submit(assignmentId: string, answers: Answers): Promise<void> {
	const state = await worksheetForPartner(t.db, alex, assignmentId, now);
	expect(
		await submitResponse(t.db, alex, assignmentId, answers, state!.revision, DEFAULT_SHARING, now)
	).toMatchObject({ outcome: 'submitted' });
}

async function totalOf(assignmentId: string): Promise<number | null> {
	return (
		await t.db
			.selectFrom('responses')
			.select('total')
			.where('assignment_id', '=', assignmentId)
			.executeTakeFirstOrThrow()
	).total;
}

describe('responses.total', () => {
	it('is the check-in’s score, worked out when it is handed in', async () => {
		const checkIn = await assign('satisfaction-check-in', 'before-each-session');
		await submit(checkIn, checkInAnswers(11));
		expect(await totalOf(checkIn)).toBe(11);
	});

	it('stays empty for a worksheet without scoring', async () => {
		const slowly = await assign('taking-it-slow');
		await submit(slowly, { pace: 'about-right', 'next-small-step': 'A walk on Saturday.' });
		expect(await totalOf(slowly)).toBeNull();
	});

	it('is cleared when the answers go back to being a draft, and worked out again when handed in', async () => {
		const checkIn = await assign('satisfaction-check-in');
		await submit(checkIn, checkInAnswers(11));
		expect(await editAgain(t.db, alex, checkIn, now)).toBe('editing');
		expect(await totalOf(checkIn)).toBeNull();
		await submit(checkIn, checkInAnswers(17));
		expect(await totalOf(checkIn)).toBe(17);
	});

	it('is worked out at startup for check-ins handed in without one, and only for those', async () => {
		const handedIn = await assign('satisfaction-check-in');
		const draft = await assign('satisfaction-check-in');
		const unscored = await assign('taking-it-slow');
		const row = (assignmentId: string, status: 'draft' | 'submitted', answers: Answers) => ({
			id: `response-${assignmentId}`,
			assignment_id: assignmentId,
			partner_id: alex.partnerId,
			template_version: 1,
			answers: JSON.stringify(answers),
			status,
			started_at: now.toISOString(),
			updated_at: now.toISOString(),
			submitted_at: status === 'draft' ? null : now.toISOString()
		});
		await t.db
			.insertInto('responses')
			.values([
				row(handedIn, 'submitted', checkInAnswers(9)),
				row(draft, 'draft', checkInAnswers(4)),
				row(unscored, 'submitted', { 'next-small-step': 'Tea.' })
			])
			.execute();

		expect(await recordMissingTotals(t.db)).toBe(1);
		expect([await totalOf(handedIn), await totalOf(draft), await totalOf(unscored)]).toEqual([
			9,
			null,
			null
		]);
		expect(await recordMissingTotals(t.db)).toBe(0);
	});
});
