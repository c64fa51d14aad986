import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCouple, setCoupleArchived } from '../casework/couples';
import { issueInvitation } from '../casework/invitations';
import { scheduleSession } from '../casework/therapy-sessions';
import { assignHomework, cancelAssignment } from '../homework/assignments';
import { saveSessionNotes } from '../homework/review';
import { setSafetyHelpText } from '../library/safety-help';
import { setCrisisHelpText } from '../library/crisis-help';
import { by } from '../testing/actors';
import { insertTestCouple } from '../testing/casework';
import {
	createTestDatabase,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { builtinTemplate } from '../../worksheets/builtin';

// Every change a therapist makes writes its audit row in the same
// transaction (security.md: a change and its audit row commit together).
// Each write below, once working and once with the audit log refusing rows:
// the change is there with its row, or neither is.

const now = new Date('2026-11-27T14:00:00.000Z');
let t: TestDatabase;
let therapist: string;
let coupleId: string;
let partnerIds: [string, string];
let sessionId: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	({ coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	}));
	sessionId = (await scheduleSession(
		t.db,
		by(therapist),
		coupleId,
		{
			startsAt: new Date('2026-12-01T10:00:00.000Z'),
			durationMinutes: 50,
			format: 'video',
			agenda: ''
		},
		now
	))!;
});

afterEach(async () => {
	await t.cleanup();
});

const assignment = () => ({
	template: builtinTemplate('reconnecting')!,
	addressees: [null],
	dueAt: null,
	note: '',
	recurrence: 'once' as const
});

const writes: Array<[string, () => Promise<unknown>]> = [
	[
		'couple.create',
		() =>
			createCouple(
				t.db,
				by(therapist),
				{
					name: 'Jo & Kim',
					partnerNames: ['Jo', 'Kim'],
					secretsPolicy: 'no-secrets',
					policyText: ''
				},
				now
			)
	],
	['couple.archive', () => setCoupleArchived(t.db, by(therapist), coupleId, true, now)],
	['invitation.issue', () => issueInvitation(t.db, by(therapist), partnerIds[0], now)],
	['assignment.create', () => assignHomework(t.db, by(therapist), coupleId, assignment(), now)],
	['notes.change', () => saveSessionNotes(t.db, by(therapist), sessionId, 'Notes.', now)],
	['safety-help.change', () => setSafetyHelpText(t.db, by(therapist), 'Call us.', now)],
	['crisis-help.change', () => setCrisisHelpText(t.db, by(therapist), 'Call us now.', now)]
];

async function everything() {
	const tables = [
		'couples',
		'partners',
		'invitations',
		'assignments',
		'session_notes',
		'safety_help_texts',
		'audit_log'
	] as const;
	return Promise.all(tables.map((table) => t.db.selectFrom(table).selectAll().execute()));
}

describe('a therapist’s change and its audit row', () => {
	it.each(writes)('%s: written together', async (action, write) => {
		const { last } = await t.db
			.selectFrom('audit_log')
			.select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('last'))
			.executeTakeFirstOrThrow();
		await write();
		const rows = await t.db
			.selectFrom('audit_log')
			.select(['user_id', 'client_address'])
			.where('action', '=', action)
			.where('id', '>', last)
			.execute();
		expect(rows).toEqual([{ user_id: therapist, client_address: '203.0.113.5' }]);
	});

	it.each(writes)('%s: neither, when the audit row cannot be written', async (_action, write) => {
		const before = await everything();
		await failEvery(t, 'INSERT', 'audit_log', 'the audit log is unavailable');
		await expect(write()).rejects.toThrow(/audit log is unavailable/);
		expect(await everything()).toEqual(before);
	});

	it('records nothing when nothing changed', async () => {
		const [id] = (await assignHomework(t.db, by(therapist), coupleId, assignment(), now))!;
		expect(await cancelAssignment(t.db, by(therapist), id!, now)).toBe(true);
		expect(await cancelAssignment(t.db, by(therapist), id!, now)).toBe(false);
		const cancels = await t.db
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'assignment.cancel')
			.execute();
		expect(cancels).toHaveLength(1);
	});
});
