import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from './assignments';
import { worksheetForPartner, type PartnerRef } from './responses';
import { saveDraft, submitResponse } from '../testing/partner-pages';
import {
	addFeedback,
	feedbackForPartner,
	markPrepared,
	markReviewed,
	reopenResponse,
	saveSessionNotes
} from './review';
import { scheduleSession } from '../casework/therapy-sessions';
import type { Answers } from '../../worksheets/answers';
import { builtinTemplate } from '../../worksheets/builtin';
import { insertTestCouple } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { newTemplateId, saveOwnTemplate } from '../library/own-templates';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(now.getTime() + days * DAY);

const RECONNECTING: Answers = {
	'first-step': 'Send a photo of the dog.',
	'if-it-gets-heavy': 'Say we will keep it for the session.'
};
const RECONNECTING_TITLE = builtinTemplate('reconnecting')!.title;
const SAFETY: Answers = {
	'afraid-past-year': 'sometimes',
	'anything-else': 'Sam’s words for the therapist alone.'
};
const SHARE_ALL = { therapistFields: true, sharedFields: true };

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
let coupleId: string;
let alex: PartnerRef;
let sam: PartnerRef;
let blake: PartnerRef;
let jordan: PartnerRef;
let session: string;
let otherSession: string;
let work: { reconnecting: string; accountability: string; safety: string };
let responses: { alex: string; sam: string; samSafety: string; blake: string; jordan: string };

async function coupleOf(
	owner: string,
	name: string,
	partnerNames: [string, string]
): Promise<[string, PartnerRef, PartnerRef]> {
	const { coupleId, partnerIds } = await insertTestCouple(t.db, owner, {
		name,
		partnerNames,
		at: inDays(-30),
		secretsPolicy: 'limited-secrets'
	});
	return [coupleId, { partnerId: partnerIds[0], coupleId }, { partnerId: partnerIds[1], coupleId }];
}

async function assign(
	owner: string,
	couple: string,
	templateId: string,
	addressees: Array<string | null> = [null]
): Promise<string> {
	const ids = await assignHomework(
		t.db,
		by(owner),
		couple,
		{
			template: builtinTemplate(templateId)!,
			addressees,
			dueAt: inDays(2).toISOString(),
			note: '',
			recurrence: 'once'
		},
		inDays(-10)
	);
	return ids![0]!;
}

/** The partner submits, as they would from the worksheet page; the response's id comes back. */
async function submit(
	partner: PartnerRef,
	assignmentId: string,
	answers: Answers,
	when = inDays(-1)
): Promise<string> {
	const result = await submitResponse(t.db, partner, assignmentId, answers, 0, SHARE_ALL, when);
	expect(result.outcome).toBe('submitted');
	return (
		await t.db
			.selectFrom('responses')
			.select('id')
			.where('assignment_id', '=', assignmentId)
			.where('partner_id', '=', partner.partnerId)
			.executeTakeFirstOrThrow()
	).id;
}

const responseRow = (id: string) =>
	t.db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const feedbackRows = () =>
	t.db
		.selectFrom('feedback')
		.select(['response_id', 'to_partner_id', 'text', 'created_at'])
		.orderBy('created_at')
		.execute();

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	[coupleId, alex, sam] = await coupleOf(therapist, 'Alex & Sam', ['Alex', 'Sam']);
	// Another couple of the same therapist, and another therapist's couple.
	const [blakeCouple, blakePlace] = await coupleOf(therapist, 'Blake & Drew', ['Blake', 'Drew']);
	const [jordanCouple, jordanPlace] = await coupleOf(otherTherapist, 'Jordan & Casey', [
		'Jordan',
		'Casey'
	]);
	blake = blakePlace;
	jordan = jordanPlace;

	const schedule = (owner: string, couple: string) =>
		scheduleSession(
			t.db,
			by(owner),
			couple,
			{ startsAt: inDays(2), durationMinutes: 50, format: 'video', agenda: '' },
			inDays(-30)
		);
	session = (await schedule(therapist, coupleId))!;
	otherSession = (await schedule(otherTherapist, jordanCouple))!;

	work = {
		reconnecting: await assign(therapist, coupleId, 'reconnecting'),
		accountability: await assign(therapist, coupleId, 'accountability'),
		safety: await assign(therapist, coupleId, 'safety-check-in', [sam.partnerId])
	};
	responses = {
		alex: await submit(alex, work.reconnecting, RECONNECTING),
		sam: await submit(sam, work.reconnecting, RECONNECTING),
		samSafety: await submit(sam, work.safety, SAFETY),
		blake: await submit(blake, await assign(therapist, blakeCouple, 'reconnecting'), RECONNECTING),
		jordan: await submit(
			jordan,
			await assign(otherTherapist, jordanCouple, 'reconnecting'),
			RECONNECTING
		)
	};
});

afterEach(async () => {
	await t.cleanup();
});

describe('saveSessionNotes', () => {
	it('writes the notes, then replaces them', async () => {
		expect(
			await saveSessionNotes(t.db, by(therapist), session, 'Ask about the dog.', inDays(-1))
		).toBe(true);
		expect(await t.db.selectFrom('session_notes').selectAll().execute()).toEqual([
			{ session_id: session, text: 'Ask about the dog.', updated_at: inDays(-1).toISOString() }
		]);
		expect(
			await saveSessionNotes(t.db, by(therapist), session, 'Ask about the cat instead.', now)
		).toBe(true);
		expect(await t.db.selectFrom('session_notes').selectAll().execute()).toEqual([
			{ session_id: session, text: 'Ask about the cat instead.', updated_at: now.toISOString() }
		]);
	});

	it('refuses another therapist’s session, and one that does not exist', async () => {
		expect(await saveSessionNotes(t.db, by(otherTherapist), session, 'Not mine.', now)).toBe(false);
		expect(await saveSessionNotes(t.db, by(therapist), otherSession, 'Not mine.', now)).toBe(false);
		expect(await saveSessionNotes(t.db, by(therapist), 'no-such-session', 'Nothing.', now)).toBe(
			false
		);
		expect(await t.db.selectFrom('session_notes').selectAll().execute()).toEqual([]);

		await saveSessionNotes(t.db, by(therapist), session, 'Mine.', now);
		expect(await saveSessionNotes(t.db, by(otherTherapist), session, 'Overwritten?', now)).toBe(
			false
		);
		expect(
			(
				await t.db
					.selectFrom('session_notes')
					.select('text')
					.where('session_id', '=', session)
					.executeTakeFirstOrThrow()
			).text
		).toBe('Mine.');
	});
});

describe('addFeedback', () => {
	it('sends feedback to one partner, or to both', async () => {
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				alex.partnerId,
				'A gentle first step.',
				inDays(-0.5)
			)
		).toBe('added');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				null,
				'Both of you: well done.',
				now
			)
		).toBe('added');
		// To the partner who did not write it, too.
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				sam.partnerId,
				'Sam, notice Alex’s plan.',
				now
			)
		).toBe('added');
		expect(await feedbackRows()).toEqual([
			{
				response_id: responses.alex,
				to_partner_id: alex.partnerId,
				text: 'A gentle first step.',
				created_at: inDays(-0.5).toISOString()
			},
			{
				response_id: responses.alex,
				to_partner_id: null,
				text: 'Both of you: well done.',
				created_at: now.toISOString()
			},
			{
				response_id: responses.alex,
				to_partner_id: sam.partnerId,
				text: 'Sam, notice Alex’s plan.',
				created_at: now.toISOString()
			}
		]);
	});

	it('refuses a response of another therapist’s couple, or of another couple', async () => {
		expect(
			await addFeedback(
				t.db,
				by(otherTherapist),
				coupleId,
				responses.alex,
				null,
				'Not my couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(
				t.db,
				by(otherTherapist),
				jordan.coupleId,
				responses.alex,
				null,
				'Not my couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.jordan,
				null,
				'Not my couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				jordan.coupleId,
				responses.jordan,
				null,
				'Not my couple.',
				now
			)
		).toBe('not-found');
		// The therapist's own other couple: the response must be of the couple named.
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				blake.coupleId,
				responses.alex,
				null,
				'Wrong couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(t.db, by(therapist), coupleId, responses.blake, null, 'Wrong couple.', now)
		).toBe('not-found');
		expect(
			await addFeedback(t.db, by(therapist), coupleId, 'no-such-response', null, 'Nothing.', now)
		).toBe('not-found');
		expect(await feedbackRows()).toEqual([]);
	});

	it('refuses feedback to a partner of another couple', async () => {
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				blake.partnerId,
				'To the wrong couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				jordan.partnerId,
				'To the wrong couple.',
				now
			)
		).toBe('not-found');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				'no-such-partner',
				'To nobody.',
				now
			)
		).toBe('not-found');
		expect(await feedbackRows()).toEqual([]);
	});

	it('takes no feedback on a private check-in, not even to the partner who wrote it', async () => {
		expect(
			await addFeedback(t.db, by(therapist), coupleId, responses.samSafety, null, 'To both?', now)
		).toBe('private');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.samSafety,
				alex.partnerId,
				'To Alex?',
				now
			)
		).toBe('private');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.samSafety,
				blake.partnerId,
				'To Blake?',
				now
			)
		).toBe('private');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.samSafety,
				sam.partnerId,
				'Thank you, Sam. Let us talk alone.',
				now
			)
		).toBe('private');
		expect(await feedbackRows()).toEqual([]);
	});
});

describe('markReviewed', () => {
	it('marks a submitted response reviewed, with when', async () => {
		expect(await markReviewed(t.db, by(therapist), coupleId, responses.alex, now)).toBe(true);
		expect(await responseRow(responses.alex)).toMatchObject({
			status: 'reviewed',
			reviewed_at: now.toISOString()
		});
		// The partner can no longer change it.
		expect(await saveDraft(t.db, alex, work.reconnecting, RECONNECTING, 1, now)).toEqual({
			outcome: 'locked',
			status: 'reviewed'
		});
	});

	it('refuses a draft', async () => {
		expect(
			(
				await saveDraft(
					t.db,
					alex,
					work.accountability,
					{ 'apology-draft': 'Not finished.' },
					0,
					now
				)
			).outcome
		).toBe('saved');
		const draft = (
			await t.db
				.selectFrom('responses')
				.select('id')
				.where('assignment_id', '=', work.accountability)
				.executeTakeFirstOrThrow()
		).id;
		expect(await markReviewed(t.db, by(therapist), coupleId, draft, now)).toBe(false);
		expect(await responseRow(draft)).toMatchObject({ status: 'draft', reviewed_at: null });
	});

	it('refuses another therapist, and a response of another couple', async () => {
		expect(await markReviewed(t.db, by(otherTherapist), coupleId, responses.alex, now)).toBe(false);
		expect(await markReviewed(t.db, by(otherTherapist), jordan.coupleId, responses.alex, now)).toBe(
			false
		);
		expect(await markReviewed(t.db, by(therapist), blake.coupleId, responses.alex, now)).toBe(
			false
		);
		expect(await markReviewed(t.db, by(therapist), coupleId, responses.jordan, now)).toBe(false);
		expect(await responseRow(responses.alex)).toMatchObject({
			status: 'submitted',
			reviewed_at: null
		});
		expect(await responseRow(responses.jordan)).toMatchObject({
			status: 'submitted',
			reviewed_at: null
		});
	});
});

describe('reopenResponse', () => {
	it('sends a response back as a draft with a note, and the partner can revise and submit it again', async () => {
		await markReviewed(t.db, by(therapist), coupleId, responses.alex, inDays(-0.5));
		expect(
			await reopenResponse(
				t.db,
				by(therapist),
				coupleId,
				responses.alex,
				'Say more about what you will talk about.',
				now
			)
		).toBe(true);
		expect(await responseRow(responses.alex)).toMatchObject({
			status: 'draft',
			reviewed_at: null,
			reopen_note: 'Say more about what you will talk about.',
			changed_after_submit_at: now.toISOString(),
			updated_at: now.toISOString(),
			// When it was first submitted stays.
			submitted_at: inDays(-1).toISOString()
		});

		const state = await worksheetForPartner(t.db, alex, work.reconnecting, now);
		expect(state).toMatchObject({
			status: 'draft',
			reopenNote: 'Say more about what you will talk about.',
			answers: RECONNECTING
		});
		const revised = { ...RECONNECTING, 'easy-topics': 'The dog, and the new café.' };
		const later = inDays(0.1);
		expect(await saveDraft(t.db, alex, work.reconnecting, revised, state!.revision, later)).toEqual(
			{ outcome: 'saved', revision: state!.revision + 1, savedAt: later.toISOString() }
		);
		expect(JSON.parse((await responseRow(responses.alex)).answers)).toEqual(revised);
		expect(
			await submitResponse(
				t.db,
				alex,
				work.reconnecting,
				revised,
				state!.revision + 1,
				SHARE_ALL,
				inDays(0.2)
			)
		).toMatchObject({ outcome: 'submitted' });
		expect(await responseRow(responses.alex)).toMatchObject({
			status: 'submitted',
			submitted_at: inDays(0.2).toISOString()
		});
	});

	it('refuses a draft', async () => {
		await saveDraft(t.db, alex, work.accountability, { 'apology-draft': 'Not finished.' }, 0, now);
		const draft = (
			await t.db
				.selectFrom('responses')
				.select('id')
				.where('assignment_id', '=', work.accountability)
				.executeTakeFirstOrThrow()
		).id;
		expect(await reopenResponse(t.db, by(therapist), coupleId, draft, 'Revise.', now)).toBe(false);
		expect(await responseRow(draft)).toMatchObject({
			status: 'draft',
			reopen_note: null,
			changed_after_submit_at: null
		});
	});

	it('refuses another therapist, and a response of another couple', async () => {
		expect(
			await reopenResponse(t.db, by(otherTherapist), coupleId, responses.alex, 'Revise.', now)
		).toBe(false);
		expect(
			await reopenResponse(
				t.db,
				by(otherTherapist),
				jordan.coupleId,
				responses.alex,
				'Revise.',
				now
			)
		).toBe(false);
		expect(
			await reopenResponse(t.db, by(therapist), blake.coupleId, responses.alex, 'Revise.', now)
		).toBe(false);
		expect(
			await reopenResponse(t.db, by(therapist), coupleId, responses.jordan, 'Revise.', now)
		).toBe(false);
		for (const id of [responses.alex, responses.jordan])
			expect(await responseRow(id)).toMatchObject({
				status: 'submitted',
				reopen_note: null,
				changed_after_submit_at: null
			});
	});
});

describe('markPrepared', () => {
	const preparedAt = async (id: string) =>
		(
			await t.db
				.selectFrom('therapy_sessions')
				.select('prepared_at')
				.where('id', '=', id)
				.executeTakeFirstOrThrow()
		).prepared_at;

	it('marks a session prepared, and not prepared again', async () => {
		expect(await preparedAt(session)).toBeNull();
		expect(await markPrepared(t.db, by(therapist), session, true, now)).toBe(true);
		expect(await preparedAt(session)).toBe(now.toISOString());
		expect(await markPrepared(t.db, by(therapist), session, false, inDays(0.1))).toBe(true);
		expect(await preparedAt(session)).toBeNull();
	});

	it('refuses another therapist’s session', async () => {
		expect(await markPrepared(t.db, by(otherTherapist), session, true, now)).toBe(false);
		expect(await preparedAt(session)).toBeNull();
		await markPrepared(t.db, by(therapist), session, true, now);
		expect(await markPrepared(t.db, by(otherTherapist), session, false, now)).toBe(false);
		expect(await preparedAt(session)).toBe(now.toISOString());
		expect(await markPrepared(t.db, by(therapist), otherSession, true, now)).toBe(false);
		expect(await preparedAt(otherSession)).toBeNull();
		expect(await markPrepared(t.db, by(therapist), 'no-such-session', true, now)).toBe(false);
	});
});

describe('feedbackForPartner', () => {
	beforeEach(async () => {
		const give = async (
			owner: string,
			couple: string,
			responseId: string,
			to: string | null,
			text: string,
			hoursAgo: number
		) =>
			expect(
				await addFeedback(
					t.db,
					by(owner),
					couple,
					responseId,
					to,
					text,
					new Date(now.getTime() - hoursAgo * 60 * 60 * 1000)
				)
			).toBe('added');
		await give(therapist, coupleId, responses.alex, alex.partnerId, 'Alex: on your own plan.', 6);
		await give(therapist, coupleId, responses.sam, null, 'Both: on Sam’s plan.', 5);
		await give(therapist, coupleId, responses.sam, sam.partnerId, 'Sam alone: on your plan.', 4);
		// Written before a private check-in stopped taking feedback: stored, never shown.
		await t.db
			.insertInto('feedback')
			.values({
				id: 'feedback-on-check-in',
				response_id: responses.samSafety,
				to_partner_id: sam.partnerId,
				text: 'Sam alone: on the private check-in.',
				created_at: new Date(now.getTime() - 3 * 60 * 60 * 1000).toISOString()
			})
			.execute();
		await give(therapist, coupleId, responses.sam, alex.partnerId, 'Alex: on Sam’s plan.', 2);
		await give(therapist, blake.coupleId, responses.blake, null, 'Blake & Drew: both.', 1);
		await give(
			otherTherapist,
			jordan.coupleId,
			responses.jordan,
			null,
			'Jordan & Casey: both.',
			0.5
		);
	});

	const read = async (partner: PartnerRef) =>
		(await feedbackForPartner(t.db, partner)).map((item) => ({
			title: item.title,
			text: item.text,
			createdAt: item.createdAt,
			aboutOwnWork: item.aboutOwnWork
		}));
	const hoursAgo = (hours: number) =>
		new Date(now.getTime() - hours * 60 * 60 * 1000).toISOString();

	it('gives a partner what is addressed to them or to both, newest first, saying whose work it is about', async () => {
		expect(await read(alex)).toEqual([
			{
				title: RECONNECTING_TITLE,
				text: 'Alex: on Sam’s plan.',
				createdAt: hoursAgo(2),
				aboutOwnWork: false
			},
			{
				title: RECONNECTING_TITLE,
				text: 'Both: on Sam’s plan.',
				createdAt: hoursAgo(5),
				aboutOwnWork: false
			},
			{
				title: RECONNECTING_TITLE,
				text: 'Alex: on your own plan.',
				createdAt: hoursAgo(6),
				aboutOwnWork: true
			}
		]);
		expect(await read(sam)).toEqual([
			{
				title: RECONNECTING_TITLE,
				text: 'Sam alone: on your plan.',
				createdAt: hoursAgo(4),
				aboutOwnWork: true
			},
			{
				title: RECONNECTING_TITLE,
				text: 'Both: on Sam’s plan.',
				createdAt: hoursAgo(5),
				aboutOwnWork: true
			}
		]);
	});

	it('never gives feedback meant for the other partner alone, nor any sign of their private check-in', async () => {
		const forAlex = JSON.stringify(await feedbackForPartner(t.db, alex));
		expect(forAlex).not.toContain('Sam alone');
		expect(forAlex).not.toContain('safety-check-in');
	});

	it('never gives feedback on a private check-in, not even to the partner who sent it', async () => {
		// Shown on the home page, it would tell anyone holding the phone that a check-in was sent.
		const forSam = JSON.stringify(await feedbackForPartner(t.db, sam));
		expect(forSam).not.toContain('private check-in');
		expect(forSam).not.toContain(builtinTemplate('safety-check-in')!.title);
	});

	it('never gives another couple’s feedback', async () => {
		for (const partner of [alex, sam]) {
			const text = JSON.stringify(await feedbackForPartner(t.db, partner));
			expect(text).not.toContain('Blake & Drew');
			expect(text).not.toContain('Jordan & Casey');
		}
		expect(await read(blake)).toEqual([
			{
				title: RECONNECTING_TITLE,
				text: 'Blake & Drew: both.',
				createdAt: hoursAgo(1),
				aboutOwnWork: true
			}
		]);
		expect(await read(jordan)).toEqual([
			{
				title: RECONNECTING_TITLE,
				text: 'Jordan & Casey: both.',
				createdAt: hoursAgo(0.5),
				aboutOwnWork: true
			}
		]);
	});

	it('names feedback on a therapist’s own worksheet by its title, as the partner wrote in it', async () => {
		const own = {
			...builtinTemplate('reconnecting')!,
			id: newTemplateId(),
			step: null,
			title: 'Our Sunday walk'
		};
		expect(await saveOwnTemplate(t.db, by(therapist), own, inDays(-20))).toMatchObject({
			version: 1
		});
		const ids = await assignHomework(
			t.db,
			by(therapist),
			coupleId,
			{
				template: own,
				addressees: [null],
				dueAt: inDays(2).toISOString(),
				note: '',
				recurrence: 'once'
			},
			inDays(-10)
		);
		const response = await submit(alex, ids![0]!, RECONNECTING);
		// A later version renamed: the feedback keeps the name Alex wrote under.
		await saveOwnTemplate(t.db, by(therapist), { ...own, title: 'Our Saturday walk' }, inDays(-1));
		expect(
			await addFeedback(t.db, by(therapist), coupleId, response, null, 'Lovely walk.', now)
		).toBe('added');
		expect((await feedbackForPartner(t.db, alex))[0]).toMatchObject({
			title: 'Our Sunday walk',
			text: 'Lovely walk.',
			aboutOwnWork: true
		});
		expect((await feedbackForPartner(t.db, sam))[0]).toMatchObject({
			title: 'Our Sunday walk',
			aboutOwnWork: false
		});
	});

	it('gives each item its id, as stored', async () => {
		const stored = await t.db.selectFrom('feedback').select(['id', 'text']).execute();
		for (const item of await feedbackForPartner(t.db, alex))
			expect(stored.find((row) => row.id === item.id)?.text).toBe(item.text);
	});
});
