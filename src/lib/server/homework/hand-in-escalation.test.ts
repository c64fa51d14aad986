import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from './assignments';
import { editAgain, submitResponse, worksheetForPartner, type PartnerRef } from './responses';
import { insertTestCouple } from '../testing/casework';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';
import { saveOwnTemplate } from '../library/own-templates';
import {
	acknowledgeFlag,
	coupleFlagHistory,
	escalateFlag,
	readResolution,
	resolveFlag
} from '../casework/flag-follow-up';
import { coupleRecord } from '../record/couple-record';
import { sessionPrep } from '../views/session-prep';
import { scheduleSession } from '../casework/therapy-sessions';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import type { WorksheetTemplate } from '../../worksheets/template';

// A partner's answer behind a flag can change: they edit a handed-in
// worksheet again and hand it in once more. A more urgent answer escalates
// the flag: open again at the new tier, even when the therapist had
// acknowledged it (that acknowledgement was of a lesser concern), with the
// earlier acknowledgement kept for the record. Anything else leaves it.

const raisedAt = new Date('2026-12-01T09:00:00.000Z');
const acknowledgedAt = new Date('2026-12-01T11:00:00.000Z');
const handedInAgainAt = new Date('2026-12-02T08:00:00.000Z');

/** A therapist's own check-in, shared with the other partner as usual, whose answers raise flags at each tier. */
const moodCheckIn: WorksheetTemplate = {
	id: 'own-mood-check-in',
	title: 'How this week went',
	intro: '',
	step: null,
	minutes: 5,
	fields: [
		{
			key: 'week',
			kind: 'single-choice',
			label: 'How was this week between you?',
			options: [
				{ value: 'good', label: 'Good' },
				{ value: 'tense', label: 'Tense' },
				{ value: 'frightening', label: 'Frightening' }
			],
			required: true
		},
		{ key: 'more', kind: 'long-text', label: 'Anything you want the therapist to read first?' }
	],
	concernRules: [
		{ field: 'more', answered: true, tier: 'needs-reading' },
		{ field: 'week', anyOf: ['tense'], tier: 'watch' },
		{ field: 'week', anyOf: ['frightening'], tier: 'urgent' }
	]
};

const NEEDS_READING = { week: 'good', more: 'Something I would rather say in person.' };
const WATCH = { week: 'tense' };
const URGENT = { week: 'frightening' };

let t: TestDatabase;
let therapist: string;
let coupleId: string;
let alex: PartnerRef;
let alexUser: string;
let assignmentId: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	alexUser = (await insertTestUser(t.db, { role: 'partner' })).id;
	// The therapist's address is confirmed, so an urgent alert is mailed.
	await t.db
		.updateTable('users')
		.set({ email_confirmed_at: raisedAt.toISOString() })
		.where('id', '=', therapist)
		.execute();
	const couple = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: new Date('2026-11-01T10:00:00.000Z')
	});
	coupleId = couple.coupleId;
	alex = { partnerId: couple.partnerIds[0], coupleId };
	await saveOwnTemplate(t.db, by(therapist), moodCheckIn, raisedAt);
	const ids = await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: moodCheckIn,
			addressees: [alex.partnerId],
			dueAt: null,
			note: '',
			recurrence: 'once'
		},
		raisedAt
	);
	assignmentId = ids![0]!;
});

afterEach(async () => {
	await t.cleanup();
});

/** Alex hands the check-in in: the first time, or again after choosing to edit it. */
async function handIn(answers: Record<string, unknown>, at: Date) {
	const before = (await worksheetForPartner(t.db, alex, assignmentId, at))!;
	if (before.status === 'submitted')
		expect(await editAgain(t.db, by(alexUser), alex, before, at)).toBe('editing');
	const worksheet = (await worksheetForPartner(t.db, alex, assignmentId, at))!;
	const result = await submitResponse(
		t.db,
		by(alexUser),
		alex,
		worksheet,
		answers,
		worksheet.revision,
		DEFAULT_SHARING,
		at
	);
	expect(result).toMatchObject({ outcome: 'submitted', concerning: true });
}

async function flagRows() {
	return t.db.selectFrom('flags').selectAll().orderBy('raised_at').execute();
}

async function escalationRows() {
	return t.db.selectFrom('flag_escalations').selectAll().execute();
}

async function flagAudit() {
	return (
		await t.db
			.selectFrom('audit_log')
			.select(['action', 'user_id', 'object_id'])
			.where('action', 'like', 'flag.%')
			.orderBy('id')
			.execute()
	).map((row) => [row.action, row.user_id, row.object_id]);
}

async function urgentAlerts() {
	return (
		await t.db.selectFrom('outbox').select('kind').where('kind', '=', 'urgent-alert').execute()
	).length;
}

/** The therapist acknowledges the flag at the tier it has now, as its page shows it. */
async function acknowledge(flagId: string, note: string) {
	const { tier } = await t.db
		.selectFrom('flags')
		.select('tier')
		.where('id', '=', flagId)
		.executeTakeFirstOrThrow();
	expect(await acknowledgeFlag(t.db, by(therapist), flagId, tier, { note }, acknowledgedAt)).toBe(
		'done'
	);
}

describe('a more urgent answer handed in again', () => {
	it('opens an acknowledged flag again at its new tier, keeping the acknowledgement in its history', async () => {
		await handIn(WATCH, raisedAt);
		const [raised] = await flagRows();
		await acknowledge(raised!.id, 'Will ask about it on Thursday.');
		expect(await urgentAlerts()).toBe(0);

		await handIn(URGENT, handedInAgainAt);

		// Still the one flag for these answers, now urgent and asking for acknowledgement.
		expect(await flagRows()).toEqual([
			{
				...raised,
				tier: 'urgent',
				acknowledged_at: null,
				acknowledged_by: null,
				acknowledgement: null
			}
		]);
		expect(await escalationRows()).toEqual([
			{
				id: expect.any(String),
				flag_id: raised!.id,
				escalated_at: handedInAgainAt.toISOString(),
				from_tier: 'watch',
				to_tier: 'urgent',
				acknowledged_at: acknowledgedAt.toISOString(),
				acknowledged_by: therapist,
				acknowledgement: JSON.stringify({ note: 'Will ask about it on Thursday.' })
			}
		]);
		const [history] = await coupleFlagHistory(t.db, coupleId);
		expect(history).toMatchObject({
			tier: 'urgent',
			state: 'open',
			acknowledgedAt: null,
			acknowledgement: null,
			escalations: [
				{
					at: handedInAgainAt.toISOString(),
					fromTier: 'watch',
					toTier: 'urgent',
					acknowledgedAt: acknowledgedAt.toISOString(),
					acknowledgement: { note: 'Will ask about it on Thursday.' }
				}
			]
		});
		// Urgent now: the therapist is alerted, as for a flag raised urgent.
		expect(await urgentAlerts()).toBe(1);
		expect(await flagAudit()).toEqual([
			['flag.acknowledge', therapist, raised!.id],
			['flag.escalate', alexUser, raised!.id]
		]);

		// The prep page lists it as open, with its history; the record keeps both steps.
		const session = await scheduleSession(
			t.db,
			by(therapist),
			coupleId,
			{
				startsAt: new Date('2026-12-03T10:00:00.000Z'),
				durationMinutes: 50,
				format: 'in-person',
				agenda: ''
			},
			raisedAt
		);
		const prep = await sessionPrep(
			t.db,
			coupleId,
			{ id: session!, startsAt: '2026-12-03T10:00:00.000Z' },
			handedInAgainAt
		);
		expect(prep.flags.find((flag) => flag.followUp)?.followUp).toMatchObject({
			tier: 'urgent',
			state: 'open',
			escalations: [{ fromTier: 'watch', toTier: 'urgent' }]
		});
		const everything = { fromDay: '', toDay: '', from: null, until: null };
		const record = await coupleRecord(t.db, coupleId, everything, { withNotes: false });
		expect(record.flags).toEqual([
			expect.objectContaining({
				tier: 'urgent',
				acknowledgedAt: null,
				escalations: [
					{
						at: handedInAgainAt.toISOString(),
						fromTier: 'watch',
						toTier: 'urgent',
						acknowledgedAt: acknowledgedAt.toISOString(),
						acknowledgement: 'Will ask about it on Thursday.'
					}
				]
			})
		]);

		// Acknowledged again, the flag keeps both acknowledgements.
		await acknowledge(raised!.id, 'Called Alex; seeing Alex alone tomorrow.');
		const [again] = await coupleFlagHistory(t.db, coupleId);
		expect(again).toMatchObject({
			state: 'acknowledged',
			acknowledgement: { note: 'Called Alex; seeing Alex alone tomorrow.' },
			escalations: [{ acknowledgement: { note: 'Will ask about it on Thursday.' } }]
		});
	});

	it('leaves an acknowledged flag as it is for an answer as urgent or less', async () => {
		await handIn(WATCH, raisedAt);
		const [raised] = await flagRows();
		await acknowledge(raised!.id, 'Will ask about it on Thursday.');
		const acknowledged = await flagRows();

		await handIn(WATCH, handedInAgainAt);
		await handIn(NEEDS_READING, new Date(handedInAgainAt.getTime() + 60_000));

		expect(await flagRows()).toEqual(acknowledged);
		expect(await escalationRows()).toEqual([]);
		expect(await flagAudit()).toEqual([['flag.acknowledge', therapist, raised!.id]]);
		expect((await coupleFlagHistory(t.db, coupleId))[0]).toMatchObject({
			state: 'acknowledged',
			tier: 'watch',
			escalations: []
		});
	});

	it('raises an open flag’s tier, still open, with the escalation in its history', async () => {
		await handIn(NEEDS_READING, raisedAt);
		const [raised] = await flagRows();

		await handIn(WATCH, handedInAgainAt);

		expect(await flagRows()).toEqual([{ ...raised, tier: 'watch' }]);
		expect((await coupleFlagHistory(t.db, coupleId))[0]).toMatchObject({
			state: 'open',
			tier: 'watch',
			escalations: [
				{
					at: handedInAgainAt.toISOString(),
					fromTier: 'needs-reading',
					toTier: 'watch',
					acknowledgedAt: null,
					acknowledgement: null
				}
			]
		});
		// Watch is no cause to alert the therapist at once.
		expect(await urgentAlerts()).toBe(0);
		expect(await flagAudit()).toEqual([['flag.escalate', alexUser, raised!.id]]);
	});

	it('leaves a resolved flag resolved, and raises a new one for the new answer', async () => {
		await handIn(WATCH, raisedAt);
		const [raised] = await flagRows();
		await acknowledge(raised!.id, 'Will ask about it on Thursday.');
		const { resolution } = readResolution('distress', { note: 'Talked it through in session.' });
		expect(
			await resolveFlag(t.db, by(therapist), raised!.id, 'watch', resolution!, acknowledgedAt)
		).toBe('done');
		const [resolved] = await flagRows();

		await handIn(URGENT, handedInAgainAt);

		const [kept, raisedNew] = await flagRows();
		expect(kept).toEqual(resolved);
		expect(raisedNew).toMatchObject({
			response_id: raised!.response_id,
			tier: 'urgent',
			raised_at: handedInAgainAt.toISOString(),
			acknowledged_at: null,
			resolved_at: null
		});
		expect(await escalationRows()).toEqual([]);
		expect(await urgentAlerts()).toBe(1);
		// Asked directly, the follow-up rules leave a resolved flag be as well.
		expect(await escalateFlag(t.db, by(alexUser), raised!.id, 'urgent', handedInAgainAt)).toBe(
			'unchanged'
		);
		expect((await flagRows())[0]).toEqual(resolved);
	});
});

describe('the hand-in is one transaction', () => {
	it('keeps nothing of an escalation when the hand-in fails', async () => {
		await handIn(WATCH, raisedAt);
		const [raised] = await flagRows();
		await acknowledge(raised!.id, 'Will ask about it on Thursday.');
		const before = await flagRows();
		const worksheet = (await worksheetForPartner(t.db, alex, assignmentId, handedInAgainAt))!;
		await editAgain(t.db, by(alexUser), alex, worksheet, handedInAgainAt);
		await failEvery(t, 'INSERT', 'audit_log', 'the audit log is unavailable');
		const draft = (await worksheetForPartner(t.db, alex, assignmentId, handedInAgainAt))!;
		await expect(
			submitResponse(
				t.db,
				by(alexUser),
				alex,
				draft,
				URGENT,
				draft.revision,
				DEFAULT_SHARING,
				handedInAgainAt
			)
		).rejects.toThrow(/audit log is unavailable/);
		expect(await flagRows()).toEqual(before);
		expect(await escalationRows()).toEqual([]);
	});
});
