import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from '../homework/assignments';
import { builtinTemplate } from '../../worksheets/builtin';
import { insertTestCouple, insertTestFlag, insertTestResponse } from '../testing/casework';
import {
	createTestDatabase,
	everyRow,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';
import { deleteCoupleRecord, recordSize } from './deletion';
import { coupleRetentionYears, deleteExpiredRecords, deletionDue } from './retention';
import { createPractice } from '../practice/practices';

const now = new Date('2026-11-27T14:00:00.000Z');
let t: TestDatabase;
let therapist: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});
afterEach(async () => {
	await t.cleanup();
});

/**
 * A couple with something in every table a couple's record reaches, each
 * piece of it carrying a word of its own (`<tag>-<kind>`), so a search of
 * the whole database can tell whether any of it is left.
 */
async function coupleWithEverything(tag: string): Promise<{ coupleId: string; words: string[] }> {
	const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name: `${tag}-couple`,
		partnerNames: [`${tag}-first`, `${tag}-second`],
		at: now
	});
	const accounts: string[] = [];
	for (const [index, partnerId] of partnerIds.entries()) {
		const user = await insertTestUser(
			t.db,
			{ role: 'partner' },
			{ email: `${tag}-${index}@example.org` }
		);
		accounts.push(user.id);
		await t.db
			.updateTable('partners')
			.set({ user_id: user.id, joined_at: now.toISOString() })
			.where('id', '=', partnerId)
			.execute();
		await t.db
			.insertInto('sessions')
			.values({
				id: `${tag}-session-${index}`,
				user_id: user.id,
				created_at: now.toISOString(),
				last_active_at: now.toISOString(),
				expires_at: now.toISOString(),
				device: `${tag}-device`
			})
			.execute();
		await t.db
			.insertInto('mail_choices')
			.values({ user_id: user.id, kind: 'feedback', wanted: 0, updated_at: now.toISOString() })
			.execute();
		await t.db
			.insertInto('calendar_feeds')
			.values({
				user_id: user.id,
				token_hash: `${tag}-feed-${index}`,
				created_at: now.toISOString()
			})
			.execute();
	}
	const [assignmentId] = (await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: builtinTemplate('accountability')!,
			addressees: [null],
			dueAt: null,
			note: `${tag}-homework-note`,
			recurrence: 'once'
		},
		now
	))!;
	const submitted = await insertTestResponse(t.db, {
		assignmentId: assignmentId!,
		partnerId: partnerIds[0],
		status: 'submitted',
		submittedAt: now.toISOString(),
		answers: { 'my-part': `${tag}-submitted-answer` }
	});
	await insertTestResponse(t.db, {
		assignmentId: assignmentId!,
		partnerId: partnerIds[1],
		status: 'draft',
		submittedAt: null,
		answers: { 'my-part': `${tag}-draft-answer` }
	});
	await t.db
		.insertInto('feedback')
		.values({
			id: `${tag}-feedback`,
			response_id: submitted,
			to_partner_id: null,
			text: `${tag}-feedback-words`,
			created_at: now.toISOString()
		})
		.execute();
	const flag = await insertTestFlag(t.db, {
		coupleId,
		partnerId: partnerIds[1],
		kind: 'safety',
		raisedAt: now.toISOString()
	});
	await t.db
		.updateTable('flags')
		.set({ acknowledgement: `${tag}-flag-words` })
		.where('id', '=', flag)
		.execute();
	// An acknowledgement an escalation set aside is kept apart from the flag.
	await t.db
		.insertInto('flag_escalations')
		.values({
			id: `${tag}-escalation`,
			flag_id: flag,
			escalated_at: now.toISOString(),
			from_tier: 'watch',
			to_tier: 'urgent',
			acknowledged_at: now.toISOString(),
			acknowledged_by: null,
			acknowledgement: `${tag}-earlier-acknowledgement`
		})
		.execute();
	await t.db
		.insertInto('therapy_sessions')
		.values({
			id: `${tag}-therapy`,
			couple_id: coupleId,
			starts_at: now.toISOString(),
			duration_minutes: 50,
			format: 'video',
			agenda: `${tag}-agenda`,
			created_at: now.toISOString(),
			updated_at: now.toISOString()
		})
		.execute();
	await t.db
		.insertInto('session_notes')
		.values({
			session_id: `${tag}-therapy`,
			text: `${tag}-private-notes`,
			updated_at: now.toISOString()
		})
		.execute();
	await t.db
		.insertInto('outbox')
		.values({
			id: `${tag}-mail`,
			message_id: `<${tag}-mail@example.org>`,
			kind: 'feedback',
			user_id: accounts[0]!,
			partner_id: partnerIds[0],
			to_address: `${tag}-0@example.org`,
			from_name: 'Practice',
			subject: 'Something new',
			body: `${tag}-mail-body`,
			next_attempt_at: now.toISOString(),
			send_by: now.toISOString(),
			created_at: now.toISOString()
		})
		.execute();
	return {
		coupleId,
		words: [
			'couple',
			'first',
			'second',
			'0@example',
			'1@example',
			'device',
			'homework-note',
			'submitted-answer',
			'draft-answer',
			'feedback-words',
			'flag-words',
			'earlier-acknowledgement',
			'agenda',
			'private-notes',
			'mail-body'
		].map((kind) => `${tag}-${kind}`)
	};
}

/** Every value in every table, as text. */
async function everyValue(): Promise<string> {
	return JSON.stringify(await everyRow(t.db));
}

describe('deleting a couple’s record', () => {
	it('leaves none of its words in any table, the file included, and keeps the other couple whole', async () => {
		const gone = await coupleWithEverything('willow');
		const kept = await coupleWithEverything('juniper');
		const before = await everyValue();
		for (const word of [...gone.words, ...kept.words]) expect(before).toContain(word);
		expect(await recordSize(t.db, gone.coupleId)).toEqual({
			responses: 2,
			notes: 1,
			feedback: 1,
			flags: 1,
			sessions: 1,
			assignments: 1,
			accounts: 2
		});

		expect(await deleteCoupleRecord(t.db, by(therapist), gone.coupleId, therapist, now)).toBe(true);

		const after = await everyValue();
		for (const word of gone.words) expect(after, word).not.toContain(word);
		for (const word of kept.words) expect(after, word).toContain(word);
		// Nothing recoverable from the file's free pages or its log either. PostgreSQL
		// keeps old row versions until vacuumed (its engine module says what it can do).
		if (onPostgres()) return;
		await t.db.destroy();
		const file = fs.readFileSync(t.file);
		const log = fs.existsSync(`${t.file}-wal`) ? fs.readFileSync(`${t.file}-wal`) : Buffer.alloc(0);
		expect(Buffer.concat([file, log]).includes('juniper-private-notes')).toBe(true);
		for (const word of gone.words) {
			expect(file.includes(word), word).toBe(false);
			expect(log.includes(word), word).toBe(false);
		}
	});

	it('keeps in the audit log only that the record existed and when it was deleted', async () => {
		const gone = await coupleWithEverything('willow');
		await deleteCoupleRecord(t.db, by(therapist), gone.coupleId, therapist, now);
		const rows = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'record.delete')
			.execute();
		expect(rows).toEqual([
			expect.objectContaining({
				at: now.toISOString(),
				user_id: therapist,
				object_type: 'couple',
				object_id: gone.coupleId
			})
		]);
	});

	it('refuses another therapist’s couple and changes nothing', async () => {
		const gone = await coupleWithEverything('willow');
		const other = (await insertTestUser(t.db, { role: 'therapist' })).id;
		expect(await deleteCoupleRecord(t.db, by(other), gone.coupleId, other, now)).toBe(false);
		expect(await everyValue()).toContain('willow-private-notes');
	});
});

describe('retention', () => {
	it('is due on the same calendar day, the set number of years after the record was closed', () => {
		expect(deletionDue('2026-11-27T14:00:00.000Z', 7).toISOString()).toBe(
			'2033-11-27T14:00:00.000Z'
		);
	});

	it('deletes a closed record once its period is over, not a day before, and never an open one', async () => {
		const closed = await coupleWithEverything('willow');
		const open = await coupleWithEverything('juniper');
		await t.db
			.updateTable('couples')
			.set({ archived_at: now.toISOString() })
			.where('id', '=', closed.coupleId)
			.execute();
		const day = 24 * 60 * 60 * 1000;
		const due = deletionDue(now, 7).getTime();

		expect(await deleteExpiredRecords(t.db, new Date(due - day), 7)).toEqual([]);
		expect(await everyValue()).toContain('willow-private-notes');
		expect(await deleteExpiredRecords(t.db, new Date(due), 7)).toEqual([closed.coupleId]);
		expect(await everyValue()).not.toContain('willow-private-notes');
		expect(await deleteExpiredRecords(t.db, new Date(due + 100 * 365 * day), 7)).toEqual([]);
		expect(await everyValue()).toContain('juniper-private-notes');
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'record.delete')
			.execute();
		expect(audit).toEqual([expect.objectContaining({ user_id: null, object_id: closed.coupleId })]);
		expect(await recordSize(t.db, open.coupleId)).toMatchObject({ responses: 2, accounts: 2 });
	});

	it("keeps each record as long as its therapist's practice chose, else the fallback", async () => {
		const kept = await coupleWithEverything('hazel');
		const practiceId = await createPractice(t.db, { twoStepRequired: false }, now);
		await t.db
			.updateTable('users')
			.set({ practice_id: practiceId })
			.where('id', '=', therapist)
			.execute();
		const elsewhere = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const other = (
			await insertTestCouple(t.db, elsewhere, {
				name: 'rowan-couple',
				partnerNames: ['a', 'b'],
				at: now
			})
		).coupleId;
		await t.db
			.updateTable('couples')
			.set({ archived_at: now.toISOString() })
			.where('id', 'in', [kept.coupleId, other])
			.execute();
		await t.db
			.updateTable('practices')
			.set({ retention_years: 2 })
			.where('id', '=', practiceId)
			.execute();
		expect(await coupleRetentionYears(t.db, kept.coupleId, 7)).toBe(2);
		expect(await coupleRetentionYears(t.db, other, 7)).toBe(7);

		const inTwoYears = deletionDue(now, 2);
		expect(await deleteExpiredRecords(t.db, new Date(inTwoYears.getTime() - 1), 7)).toEqual([]);
		expect(await deleteExpiredRecords(t.db, inTwoYears, 7)).toEqual([kept.coupleId]);
		expect(await everyValue()).not.toContain('hazel-private-notes');
		// The couple of a therapist with no practice waits for the fallback.
		expect(await deleteExpiredRecords(t.db, deletionDue(now, 6), 7)).toEqual([]);
		expect(await deleteExpiredRecords(t.db, deletionDue(now, 7), 7)).toEqual([other]);
	});
});
