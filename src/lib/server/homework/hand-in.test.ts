import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from './assignments';
import { saveDraft, submitResponse, worksheetForPartner, type PartnerRef } from './responses';
import { insertTestCouple } from '../testing/casework';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import { builtinTemplate } from '../../worksheets/builtin';
import { by } from '../testing/actors';

// A change to a health record and the record of that change commit together
// (security.md): the hand-in path writes the answers, what follows from them
// and the audit row in one transaction.

const now = new Date('2026-11-27T14:00:00.000Z');
const actor = { userId: 'alex-user', clientAddress: '203.0.113.9' };

let t: TestDatabase;
let alex: PartnerRef;
let assignmentId: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	const therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	});
	alex = { partnerId: partnerIds[0], coupleId };
	const ids = await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: builtinTemplate('taking-it-slow')!,
			addressees: [alex.partnerId],
			dueAt: null,
			note: '',
			recurrence: 'once'
		},
		now
	);
	assignmentId = ids![0]!;
});

afterEach(async () => {
	await t.cleanup();
});

async function worksheet() {
	return (await worksheetForPartner(t.db, alex, assignmentId, now))!;
}

const answers = { pace: 'about-right', 'next-small-step': 'A walk on Sunday.' };

async function auditActions() {
	return (
		await t.db
			.selectFrom('audit_log')
			.select(['action', 'user_id', 'object_id'])
			.where('action', 'like', 'response.%')
			.execute()
	).map((row) => [row.action, row.user_id, row.object_id]);
}

async function breakTheAuditLog() {
	await failEvery(t, 'INSERT', 'audit_log', 'the audit log is unavailable');
}

describe('the hand-in path', () => {
	it('writes the audit row of a save and of a submission with the change', async () => {
		const saved = await saveDraft(t.db, actor, alex, await worksheet(), answers, 0, now);
		expect(saved).toMatchObject({ outcome: 'saved', revision: 1 });
		const submitted = await submitResponse(
			t.db,
			actor,
			alex,
			await worksheet(),
			answers,
			1,
			DEFAULT_SHARING,
			now
		);
		expect(submitted).toMatchObject({ outcome: 'submitted', revision: 2 });
		expect(await auditActions()).toEqual([
			['response.save', 'alex-user', assignmentId],
			['response.submit', 'alex-user', assignmentId]
		]);
	});

	it('keeps nothing of a submission whose audit row cannot be written', async () => {
		await saveDraft(t.db, actor, alex, await worksheet(), answers, 0, now);
		await breakTheAuditLog();
		const before = await worksheet();
		await expect(
			submitResponse(t.db, actor, alex, before, answers, 1, DEFAULT_SHARING, now)
		).rejects.toThrow(/audit log is unavailable/);
		const after = await worksheet();
		expect(after.status).toBe('draft');
		expect(after.revision).toBe(1);
		expect(after.submittedAt).toBeNull();
	});

	it('keeps nothing of a draft save whose audit row cannot be written', async () => {
		await breakTheAuditLog();
		await expect(saveDraft(t.db, actor, alex, await worksheet(), answers, 0, now)).rejects.toThrow(
			/audit log is unavailable/
		);
		expect(await t.db.selectFrom('responses').selectAll().execute()).toEqual([]);
	});

	it('refuses a save based on a revision another device has moved past, without reading the worksheet again', async () => {
		const read = await worksheet();
		await saveDraft(t.db, actor, alex, read, { pace: 'hard-to-say' }, 0, now);
		// The laptop read the worksheet before the phone saved, and saves on that revision.
		const laptop = await saveDraft(t.db, actor, alex, read, answers, 0, now);
		expect(laptop).toEqual({
			outcome: 'conflict',
			current: { answers: { pace: 'hard-to-say' }, revision: 1 }
		});
	});

	it('answers not found when the homework was cancelled after the page read it', async () => {
		const read = await worksheet();
		await t.db
			.updateTable('assignments')
			.set({ cancelled_at: now.toISOString() })
			.where('id', '=', assignmentId)
			.execute();
		expect(await saveDraft(t.db, actor, alex, read, answers, 0, now)).toEqual({
			outcome: 'not-found'
		});
	});
});
