import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assignHomework, cancelAssignment } from '../homework/assignments';
import { addFeedback, reopenResponse } from '../homework/review';
import { acceptInvitation, issueInvitation } from '../casework/invitations';
import { setCoupleArchived } from '../casework/couples';
import { scheduleSession } from '../casework/therapy-sessions';
import { submitResponse } from '../testing/partner-pages';
import { insertTestCouple } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import { builtinTemplate } from '../../worksheets/builtin';
import { queueDueReminders } from './reminders';
import { queueDueDigests } from './digests';
import { pageForFlag } from './urgent-alert';
import type { ChosenKind } from './kinds';
import { SAFETY_ALL_CLEAR, SAFETY_URGENT, safetyWatch } from '../testing/safety-answers';

// Which events queue which mail, to whom, and when nothing is queued: an
// unconfirmed address, a kind turned off, a partner who has not joined.

const now = new Date('2026-12-02T10:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

let t: TestDatabase;
let therapist: string;
let coupleId: string;
let alex: { partnerId: string; coupleId: string; userId: string };
let sam: { partnerId: string; coupleId: string; userId: string };

beforeEach(async () => {
	vi.spyOn(console, 'log').mockImplementation(() => {});
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' }, { email: 'reyes@example.com' }))
		.id;
	const couple = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	});
	coupleId = couple.coupleId;
	const join = async (partnerId: string, email: string) => {
		const { id } = await insertTestUser(t.db, { role: 'partner' }, { email });
		await t.db
			.updateTable('partners')
			.set({ user_id: id, joined_at: now.toISOString() })
			.where('id', '=', partnerId)
			.execute();
		return { partnerId, coupleId, userId: id };
	};
	alex = await join(couple.partnerIds[0], 'alex@example.com');
	sam = await join(couple.partnerIds[1], 'sam@example.com');
	await t.db
		.updateTable('users')
		.set({ email_confirmed_at: now.toISOString(), time_zone: 'Europe/Lisbon' })
		.execute();
});

afterEach(async () => {
	vi.restoreAllMocks();
	await t.cleanup();
});

const outbox = () =>
	t.db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('to_address').execute();
const mailTo = async () => (await outbox()).map((row) => [row.to_address, row.kind]);

async function assign(
	templateId: string,
	addressees: (string | null)[],
	dueAt: Date | null = null,
	when = now
) {
	return (await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: builtinTemplate(templateId)!,
			addressees,
			dueAt: dueAt?.toISOString() ?? null,
			note: '',
			recurrence: 'once'
		},
		when
	))!;
}

async function turnOff(userId: string, kind: ChosenKind) {
	await t.db
		.insertInto('mail_choices')
		.values({ user_id: userId, kind, wanted: 0, updated_at: now.toISOString() })
		.execute();
}

describe('mail about homework', () => {
	it('tells each partner it is for that there is something new, linking to their home', async () => {
		await assign('accountability', [null]);
		expect(await mailTo()).toEqual([
			['alex@example.com', 'new-homework'],
			['sam@example.com', 'new-homework']
		]);
		const [mail] = await outbox();
		expect(mail!.body).toContain('http://localhost:3000/home');
		expect(mail!.unsubscribe_url).toMatch(/^http:\/\/localhost:3000\/unsubscribe\/.+/);
		expect(mail!.body).toContain(mail!.unsubscribe_url!);
	});

	it('tells only the partner a private check-in is for', async () => {
		await assign('safety-check-in', [sam.partnerId]);
		expect(await mailTo()).toEqual([['sam@example.com', 'new-homework']]);
	});

	it('sends nothing to an address not confirmed, a partner who turned it off, or one not joined', async () => {
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: null })
			.where('id', '=', alex.userId)
			.execute();
		await turnOff(sam.userId, 'new-homework');
		await assign('accountability', [null]);
		expect(await outbox()).toEqual([]);

		const other = await insertTestCouple(t.db, therapist, {
			name: 'Jo & Kim',
			partnerNames: ['Jo', 'Kim'],
			at: now
		});
		await assignHomework(
			t.db,
			by(therapist),
			other.coupleId,
			{
				template: builtinTemplate('accountability')!,
				addressees: [null],
				dueAt: null,
				note: '',
				recurrence: 'once'
			},
			now
		);
		expect(await outbox()).toEqual([]);
	});

	it('tells a partner when their work is sent back, and whom feedback is for', async () => {
		const [assignmentId] = await assign('taking-it-slow', [null]);
		await t.db.deleteFrom('outbox').execute();
		const handed = await submitResponse(
			t.db,
			alex,
			assignmentId!,
			{ pace: 'about-right', 'next-small-step': 'A walk.' },
			0,
			DEFAULT_SHARING,
			now
		);
		expect(handed.outcome).toBe('submitted');
		const response = await t.db.selectFrom('responses').select('id').executeTakeFirstOrThrow();

		await addFeedback(
			t.db,
			by(therapist),
			coupleId,
			response.id,
			alex.partnerId,
			'Thank you.',
			now
		);
		expect(await mailTo()).toEqual([['alex@example.com', 'feedback']]);
		await t.db.deleteFrom('outbox').execute();

		await addFeedback(t.db, by(therapist), coupleId, response.id, null, 'For you both.', now);
		expect(await mailTo()).toEqual([
			['alex@example.com', 'feedback'],
			['sam@example.com', 'feedback']
		]);
		await t.db.deleteFrom('outbox').execute();

		await reopenResponse(t.db, by(therapist), coupleId, response.id, 'Say more.', now);
		expect(await mailTo()).toEqual([['alex@example.com', 'sent-back']]);
	});

	it('queues nothing when the write it belongs to is refused', async () => {
		const stranger = (await insertTestUser(t.db, { role: 'therapist' })).id;
		expect(
			await assignHomework(
				t.db,
				by(stranger),
				coupleId,
				{
					template: builtinTemplate('accountability')!,
					addressees: [null],
					dueAt: null,
					note: '',
					recurrence: 'once'
				},
				now
			)
		).toBeNull();
		expect(await outbox()).toEqual([]);
	});
});

describe('the urgent alert', () => {
	it('goes to the therapist at once when a private check-in is urgent, linking to the next prep page', async () => {
		const sessionId = await scheduleSession(
			t.db,
			by(therapist),
			coupleId,
			{ startsAt: at(48), durationMinutes: 50, format: 'in-person', agenda: '' },
			now
		);
		const [assignmentId] = await assign('safety-check-in', [sam.partnerId]);
		await t.db.deleteFrom('outbox').execute();
		await submitResponse(t.db, sam, assignmentId!, SAFETY_URGENT, 0, DEFAULT_SHARING, now);
		const mails = await outbox();
		expect(mails.map((row) => [row.to_address, row.kind])).toEqual([
			['reyes@example.com', 'urgent-alert']
		]);
		// The link itself says nothing; signed in, it leads to the prep page.
		const flag = await t.db.selectFrom('flags').select('id').executeTakeFirstOrThrow();
		expect(mails[0]!.body).toContain(`http://localhost:3000/attention/${flag.id}`);
		expect(await pageForFlag(t.db, therapist, flag.id, now)).toBe(
			`/couples/${coupleId}/sessions/${sessionId}/prep`
		);
		const stranger = (await insertTestUser(t.db, { role: 'therapist' })).id;
		expect(await pageForFlag(t.db, stranger, flag.id, now)).toBeNull();
		expect(await pageForFlag(t.db, therapist, 'no-such-flag', now)).toBeNull();
	});

	it('does not go for a check-in with nothing concerning, nor for a watch or needs-reading flag', async () => {
		for (const answers of [
			SAFETY_ALL_CLEAR,
			safetyWatch('Alex reads my messages.'),
			{ ...SAFETY_ALL_CLEAR, 'anything-else': 'Nothing new.' },
			{}
		]) {
			const [assignmentId] = await assign('safety-check-in', [sam.partnerId]);
			await t.db.deleteFrom('outbox').execute();
			await submitResponse(t.db, sam, assignmentId!, answers, 0, DEFAULT_SHARING, now);
			expect(await outbox()).toEqual([]);
		}
		expect(
			(await t.db.selectFrom('flags').select('tier').orderBy('raised_at').execute()).map(
				(row) => row.tier
			)
		).toEqual(expect.arrayContaining(['watch', 'needs-reading']));
	});
});

describe('an invitation by mail', () => {
	it('mails the link to the address the therapist typed, with the partner named by their place', async () => {
		const other = await insertTestCouple(t.db, therapist, {
			name: 'Jo & Kim',
			partnerNames: ['Jo', 'Kim'],
			at: now
		});
		const issued = await issueInvitation(
			t.db,
			by(therapist),
			other.partnerIds[0],
			now,
			' Jo@Example.com '
		);
		const [mail] = await outbox();
		expect(mail).toMatchObject({
			kind: 'invitation',
			to_address: 'jo@example.com',
			user_id: null,
			partner_id: other.partnerIds[0],
			send_by: issued!.expiresAt
		});
		expect(mail!.body).toContain(`http://localhost:3000/join/${issued!.token}`);
	});
	it.each([
		['the address it was mailed to counts as confirmed', 'jo@example.com', true],
		['another address is sent a confirmation link', 'jo.elsewhere@example.com', false]
	])('joining through a mailed link: %s', async (_, email, confirmed) => {
		const other = await insertTestCouple(t.db, therapist, {
			name: 'Jo & Kim',
			partnerNames: ['Jo', 'Kim'],
			at: now
		});
		const issued = await issueInvitation(
			t.db,
			by(therapist),
			other.partnerIds[0],
			now,
			'jo@example.com'
		);
		await t.db
			.updateTable('outbox')
			.set({ state: 'sent', body: null, done_at: now.toISOString() })
			.execute();
		const { userId } = await acceptInvitation(
			t.db,
			{ clientAddress: null },
			issued!.token,
			{ email, displayName: 'Jo', password: 'a long and unusual phrase', timeZone: 'UTC' },
			at(1)
		);
		const user = await t.db
			.selectFrom('users')
			.select('email_confirmed_at')
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(user.email_confirmed_at).toBe(confirmed ? at(1).toISOString() : null);
		const confirmations = await t.db
			.selectFrom('outbox')
			.select('to_address')
			.where('kind', '=', 'address-confirmation')
			.execute();
		expect(confirmations).toEqual(confirmed ? [] : [{ to_address: email }]);
	});
});

describe('reminders', () => {
	it('go once, 24 hours before the due time, only to partners who have not handed it in', async () => {
		const [assignmentId] = await assign('taking-it-slow', [null], at(72));
		await submitResponse(
			t.db,
			alex,
			assignmentId!,
			{ pace: 'about-right', 'next-small-step': 'A walk.' },
			0,
			DEFAULT_SHARING,
			now
		);
		await t.db.deleteFrom('outbox').execute();

		expect(await queueDueReminders(t.db, at(47.9))).toBe(0);
		expect(await queueDueReminders(t.db, at(48))).toBe(1);
		expect(await queueDueReminders(t.db, at(49))).toBe(0);
		const mails = await outbox();
		expect(mails.map((row) => [row.to_address, row.kind])).toEqual([
			['sam@example.com', 'reminder']
		]);
		expect(mails[0]!.send_by).toBe(at(72).toISOString());
	});

	it('wait for 08:00 on the partner’s clock when the day before falls in the night', async () => {
		// Due 06:00 in Lisbon (UTC in December): the reminder goes at 08:00 the day before.
		const due = new Date('2026-12-06T06:00:00.000Z');
		await assign('taking-it-slow', [sam.partnerId], due);
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueReminders(t.db, new Date('2026-12-05T06:00:00.000Z'))).toBe(0);
		expect(await queueDueReminders(t.db, new Date('2026-12-05T07:59:00.000Z'))).toBe(0);
		expect(await queueDueReminders(t.db, new Date('2026-12-05T08:00:00.000Z'))).toBe(1);
	});

	it('are not sent for cancelled homework, an archived couple, or homework set on the day', async () => {
		const [cancelled] = await assign('taking-it-slow', [null], at(30));
		await cancelAssignment(t.db, by(therapist), cancelled!, now);
		await assign('accountability', [null], at(20));
		expect(await queueDueReminders(t.db, at(8))).toBe(0);

		await assign('core-issues', [null], at(40));
		await setCoupleArchived(t.db, by(therapist), coupleId, true, now);
		// Due at 02:00: the reminder would go at 08:00 the day before.
		expect(await queueDueReminders(t.db, at(22))).toBe(0);
	});

	it('count as sent for a partner who turned them off, who gets no mail', async () => {
		await turnOff(sam.userId, 'reminder');
		await assign('taking-it-slow', [sam.partnerId], at(40));
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueReminders(t.db, at(22))).toBe(1);
		expect(await outbox()).toEqual([]);
		expect(await t.db.selectFrom('homework_reminders').select('partner_id').execute()).toEqual([
			{ partner_id: sam.partnerId }
		]);
	});
});

describe('reminders for a check-in set before every session', () => {
	/** A CSI-4 answered with the middle option of each item. */
	function middleAnswers() {
		const template = builtinTemplate('satisfaction-check-in')!;
		return Object.fromEntries(
			template.fields.flatMap((field) =>
				field.kind === 'single-choice'
					? [[field.key, field.options[Math.floor(field.options.length / 2)]!.value]]
					: []
			)
		);
	}

	async function repeatingCheckIn() {
		const [assignmentId] = (await assignHomework(
			t.db,
			by(therapist),
			coupleId,
			{
				template: builtinTemplate('satisfaction-check-in')!,
				addressees: [null],
				dueAt: null,
				note: '',
				recurrence: 'before-each-session'
			},
			now
		))!;
		return assignmentId!;
	}

	const session = (startsAt: Date) =>
		scheduleSession(
			t.db,
			by(therapist),
			coupleId,
			{ startsAt, durationMinutes: 50, format: 'in-person', agenda: '' },
			now
		);

	it('go a day before each session’s check-in is due, once per session, to who has not sent it', async () => {
		const assignmentId = await repeatingCheckIn();
		// Sessions at 12:00 on 5 and 12 December (Lisbon is on UTC): each check-in is due
		// 24 hours before, so the reminders go at 12:00 on 3 and 10 December.
		const first = await session(new Date('2026-12-05T12:00:00.000Z'));
		const second = await session(new Date('2026-12-12T12:00:00.000Z'));
		await t.db.deleteFrom('outbox').execute();

		expect(await queueDueReminders(t.db, new Date('2026-12-03T11:59:00.000Z'))).toBe(0);
		// Alex sends the check-in for the first session early: only Sam is reminded.
		await submitResponse(
			t.db,
			alex,
			assignmentId,
			middleAnswers(),
			0,
			DEFAULT_SHARING,
			new Date('2026-12-03T09:00:00.000Z')
		);
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueReminders(t.db, new Date('2026-12-03T12:00:00.000Z'))).toBe(1);
		expect(await queueDueReminders(t.db, new Date('2026-12-03T13:00:00.000Z'))).toBe(0);
		expect(await mailTo()).toEqual([['sam@example.com', 'reminder']]);
		expect((await outbox())[0]!.send_by).toBe('2026-12-04T12:00:00.000Z');

		// The first session has passed: the next one's check-in is owed by both again.
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueReminders(t.db, new Date('2026-12-10T12:00:00.000Z'))).toBe(2);
		expect(await mailTo()).toEqual([
			['alex@example.com', 'reminder'],
			['sam@example.com', 'reminder']
		]);
		const reminded = await t.db
			.selectFrom('homework_reminders')
			.select(['partner_id', 'occurrence'])
			.orderBy('queued_at')
			.orderBy('partner_id')
			.execute();
		expect(reminded.map((row) => row.occurrence)).toEqual([first, second, second]);
	});

	it('are not sent for a cancelled check-in or a session called off', async () => {
		const cancelled = await repeatingCheckIn();
		await cancelAssignment(t.db, by(therapist), cancelled, now);
		await session(new Date('2026-12-05T12:00:00.000Z'));
		expect(await queueDueReminders(t.db, new Date('2026-12-03T12:00:00.000Z'))).toBe(0);

		await repeatingCheckIn();
		await t.db.updateTable('therapy_sessions').set({ status: 'cancelled' }).execute();
		expect(await queueDueReminders(t.db, new Date('2026-12-03T12:00:00.000Z'))).toBe(0);
	});
});

describe('the morning digest', () => {
	async function turnOnDigest(when: Date) {
		await t.db
			.insertInto('mail_choices')
			.values({
				user_id: therapist,
				kind: 'daily-digest',
				wanted: 1,
				updated_at: when.toISOString()
			})
			.execute();
	}

	it('is off by default', async () => {
		const [assignmentId] = await assign('taking-it-slow', [null]);
		await submitResponse(
			t.db,
			alex,
			assignmentId!,
			{ pace: 'about-right', 'next-small-step': 'A walk.' },
			0,
			DEFAULT_SHARING,
			now
		);
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueDigests(t.db, new Date('2026-12-03T07:00:00.000Z'))).toBe(0);
	});

	it('goes at 07:00 on the therapist’s clock, once, only when something was handed in', async () => {
		await turnOnDigest(new Date('2026-12-01T12:00:00.000Z'));
		// Nothing handed in the day before: the 2 December digest is skipped.
		expect(await queueDueDigests(t.db, new Date('2026-12-02T07:00:00.000Z'))).toBe(0);

		const [assignmentId] = await assign('taking-it-slow', [null]);
		await submitResponse(
			t.db,
			alex,
			assignmentId!,
			{ pace: 'about-right', 'next-small-step': 'A walk.' },
			0,
			DEFAULT_SHARING,
			now
		);
		await t.db.deleteFrom('outbox').execute();
		expect(await queueDueDigests(t.db, new Date('2026-12-03T06:59:00.000Z'))).toBe(0);
		expect(await queueDueDigests(t.db, new Date('2026-12-03T07:00:00.000Z'))).toBe(1);
		expect(await queueDueDigests(t.db, new Date('2026-12-03T09:00:00.000Z'))).toBe(0);
		expect(await mailTo()).toEqual([['reyes@example.com', 'daily-digest']]);
		// The next morning there is nothing new.
		expect(await queueDueDigests(t.db, new Date('2026-12-04T07:00:00.000Z'))).toBe(0);
	});
});
