import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCouple } from '../casework/couples';
import type { ResponseStatus } from '../database/schema';
import { assignHomework, cancelAssignment, type ValidAssignment } from './assignments';
import { reopenResponse } from './review';
import { worksheetForPartner, type PartnerRef } from './responses';
import { sharedWithPartner } from './shared';
import { editAgain, saveDraft, startAnother, submitResponse } from '../testing/partner-pages';
import { scheduleSession, setSessionStatus } from '../casework/therapy-sessions';
import { syncBuiltinTemplates } from '../library/worksheet-templates';
import type { Answers } from '../../worksheets/answers';
import { DEFAULT_SHARING, type SharingChoice } from '../../worksheets/audience';
import { BUILTIN_TEMPLATES, builtinTemplate } from '../../worksheets/builtin';
import type { WorksheetTemplate } from '../../worksheets/template';
import {
	createTestDatabase,
	everyRow,
	failEvery,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';
import { SAFETY_ALL_CLEAR, SAFETY_URGENT, safetyWatch } from '../testing/safety-answers';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const template = (id: string): WorksheetTemplate => builtinTemplate(id)!;

const SHARE_ALL: SharingChoice = { therapistFields: true, sharedFields: true };
const SHARE_NOTHING: SharingChoice = { therapistFields: false, sharedFields: false };

// Answers that a submission accepts, one set per worksheet used here.
const ACCOUNTABILITY: Answers = {
	behaviours: {
		rows: [
			{
				name: 'Going quiet about money',
				answers: { 'what-i-did': 'I changed the subject whenever money came up.' }
			}
		]
	},
	'apology-draft': 'I am sorry I left you alone with our money worries.',
	commitments: {
		rows: [
			{
				name: 'A money evening',
				answers: { 'what-i-will-do': 'One evening a month with the accounts, together.' }
			}
		]
	},
	'readiness-to-share': 6
};

const CONFIDENTIAL_TEXT = 'I sometimes read my partner’s messages while they sleep.';
const CORE_ISSUES: Answers = {
	areas: {
		rows: [
			{
				name: 'Trust',
				answers: { 'how-serious': 8, 'what-it-looks-like': 'I feel watched about money.' }
			}
		]
	},
	'priority-1': 'Trust',
	'hard-to-raise': 'How we talk about my family.',
	'for-therapist-only': CONFIDENTIAL_TEXT
};

const GOALS: Answers = {
	'shared-goals': {
		rows: [
			{ name: 'Weekends together', answers: { 'in-practice': 'One Saturday a month just for us.' } }
		]
	},
	'communication-habits': { selected: ['weekly-check-in', 'phones-away'] },
	boundaries: 'An evening a week with my own friends.',
	'what-success-looks-like': 'Dinner together most nights, and arguments that end.',
	'how-close-our-pictures-are': 4,
	'worries-about-goals': 'That we want children on different timelines.'
};
const GOALS_SHARED_KEYS = [
	'shared-goals',
	'communication-habits',
	'boundaries',
	'what-success-looks-like'
];
const GOALS_THERAPIST_KEYS = ['how-close-our-pictures-are', 'worries-about-goals'];

const SAFETY_TEXT = 'Alex checks my bank app on my phone when we argue.';
const SAFETY_CONCERNING: Answers = safetyWatch(SAFETY_TEXT);
const SAFETY_FINE: Answers = SAFETY_ALL_CLEAR;

const CHECK_IN: Answers = {
	happiness: 'happy',
	'warm-and-comfortable': 'mostly-true',
	rewarding: 'mostly',
	satisfied: 'mostly'
};

let t: TestDatabase;
let therapist: string;
let coupleId: string;
let alex: PartnerRef;
let sam: PartnerRef;
let otherTherapist: string;
let otherCoupleId: string;
let jordan: PartnerRef;
let casey: PartnerRef;

async function coupleOf(
	therapistId: string,
	name: string,
	partnerNames: [string, string]
): Promise<[string, PartnerRef, PartnerRef]> {
	const id = await createCouple(
		t.db,
		by(therapistId),
		{ name, partnerNames, secretsPolicy: 'limited-secrets', policyText: 'Policy.' },
		now
	);
	const places = await t.db
		.selectFrom('partners')
		.select('id')
		.where('couple_id', '=', id)
		.orderBy('position')
		.execute();
	for (const place of places) {
		const user = await insertTestUser(t.db, { role: 'partner' });
		await t.db
			.updateTable('partners')
			.set({ user_id: user.id, joined_at: now.toISOString() })
			.where('id', '=', place.id)
			.execute();
	}
	return [
		id,
		{ partnerId: places[0]!.id, coupleId: id },
		{ partnerId: places[1]!.id, coupleId: id }
	];
}

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	[coupleId, alex, sam] = await coupleOf(therapist, 'Alex & Sam', ['Alex', 'Sam']);
	[otherCoupleId, jordan, casey] = await coupleOf(otherTherapist, 'Jordan & Casey', [
		'Jordan',
		'Casey'
	]);
});

afterEach(async () => {
	await t.cleanup();
});

/** Homework for one couple: for both partners unless the partners it is for are named. */
async function assign(
	templateId: string,
	options: { for?: PartnerRef; couple?: 'other'; change?: Partial<ValidAssignment> } = {}
): Promise<string> {
	const [byTherapist, forCouple] =
		options.couple === 'other' ? [otherTherapist, otherCoupleId] : [therapist, coupleId];
	const assignment: ValidAssignment = {
		template: template(templateId),
		addressees: [options.for?.partnerId ?? null],
		dueAt: inDays(5).toISOString(),
		note: 'Why this, and how.',
		recurrence: 'once',
		// Released when handed in, as before the therapist could choose: release.test.ts has the rest.
		release: 'handed-in',
		...options.change
	};
	const ids = await assignHomework(t.db, by(byTherapist), forCouple, assignment, inDays(-3));
	if (!ids || ids.length !== 1) throw new Error('expected one assignment to be made');
	return ids[0]!;
}

async function submit(
	partner: PartnerRef,
	assignmentId: string,
	answers: Answers,
	sharing: SharingChoice = DEFAULT_SHARING,
	at = now
): Promise<void> {
	const state = await worksheetForPartner(t.db, partner, assignmentId, at);
	const result = await submitResponse(
		t.db,
		partner,
		assignmentId,
		answers,
		state!.revision,
		sharing,
		at
	);
	expect(result).toMatchObject({ outcome: 'submitted' });
}

async function responseRow(partner: PartnerRef, assignmentId: string) {
	return t.db
		.selectFrom('responses')
		.selectAll()
		.where('assignment_id', '=', assignmentId)
		.where('partner_id', '=', partner.partnerId)
		.executeTakeFirst();
}

async function setStatus(
	partner: PartnerRef,
	assignmentId: string,
	status: ResponseStatus
): Promise<void> {
	await t.db
		.updateTable('responses')
		.set({ status, reviewed_at: status === 'reviewed' ? now.toISOString() : null })
		.where('assignment_id', '=', assignmentId)
		.where('partner_id', '=', partner.partnerId)
		.execute();
}

/** Every row of every table, so that a change anywhere shows. */
const snapshot = () => everyRow(t.db);

describe('worksheetForPartner', () => {
	it('gives a partner their worksheet, at the newest template version, before anything is written', async () => {
		const id = await assign('accountability');
		expect(await worksheetForPartner(t.db, alex, id, now)).toEqual({
			assignmentId: id,
			title: template('accountability').title,
			step: 5,
			programStepId: null,
			note: 'Why this, and how.',
			dueAt: inDays(5).toISOString(),
			template: template('accountability'),
			version: 1,
			occurrence: 'once',
			recurring: false,
			responseId: null,
			answers: {},
			revision: 0,
			status: 'not-started',
			submittedAt: null,
			updatedAt: null,
			sharing: DEFAULT_SHARING,
			reopenNote: null,
			release: 'handed-in'
		});
	});

	it('gives nothing for an assignment of another couple, of the other partner alone, cancelled, or unknown', async () => {
		const otherCouples = await assign('accountability', { couple: 'other' });
		const samsAlone = await assign('taking-it-slow', { for: sam });
		const samsSafety = await assign('safety-check-in', { for: sam });
		const cancelled = await assign('core-issues');
		expect(await cancelAssignment(t.db, by(therapist), cancelled, now)).toBe(true);

		expect(await worksheetForPartner(t.db, alex, otherCouples, now)).toBeNull();
		expect(await worksheetForPartner(t.db, alex, samsAlone, now)).toBeNull();
		expect(await worksheetForPartner(t.db, alex, samsSafety, now)).toBeNull();
		expect(await worksheetForPartner(t.db, alex, cancelled, now)).toBeNull();
		expect(await worksheetForPartner(t.db, sam, cancelled, now)).toBeNull();
		expect(await worksheetForPartner(t.db, alex, 'no-such-assignment', now)).toBeNull();
		// The one each is meant for still gets it.
		expect((await worksheetForPartner(t.db, jordan, otherCouples, now))?.assignmentId).toBe(
			otherCouples
		);
		expect((await worksheetForPartner(t.db, sam, samsAlone, now))?.assignmentId).toBe(samsAlone);
		expect((await worksheetForPartner(t.db, sam, samsSafety, now))?.assignmentId).toBe(samsSafety);
	});

	it('keeps a response on the template version it was started with after the template changes', async () => {
		const id = await assign('core-issues');
		expect(await saveDraft(t.db, alex, id, { 'priority-1': 'Trust' }, 0, now)).toMatchObject({
			outcome: 'saved',
			revision: 1
		});

		const original = template('core-issues');
		const revised: WorksheetTemplate = {
			...original,
			title: `${original.title}, revised`,
			fields: [
				...original.fields,
				{ key: 'one-more-thing', kind: 'short-text', label: 'One more thing' }
			]
		};
		const added = await syncBuiltinTemplates(
			t.db,
			BUILTIN_TEMPLATES.map((entry) => (entry.id === revised.id ? revised : entry)),
			inDays(1)
		);
		expect(added).toEqual(['core-issues v2']);

		// Alex started on version 1 and stays on it; Sam has written nothing and gets version 2.
		expect(await worksheetForPartner(t.db, alex, id, inDays(1))).toMatchObject({
			version: 1,
			template: original,
			title: original.title,
			answers: { 'priority-1': 'Trust' },
			revision: 1
		});
		expect(await worksheetForPartner(t.db, sam, id, inDays(1))).toMatchObject({
			version: 2,
			template: revised,
			title: revised.title,
			revision: 0
		});

		// Each is saved and checked against its own version.
		expect(
			await saveDraft(t.db, sam, id, { 'one-more-thing': 'Only in version 2.' }, 0, inDays(1))
		).toMatchObject({ outcome: 'saved' });
		expect((await responseRow(sam, id))?.template_version).toBe(2);
		expect(
			await saveDraft(t.db, alex, id, { 'one-more-thing': 'Not in version 1.' }, 1, inDays(1))
		).toEqual({
			outcome: 'invalid',
			problems: { 'one-more-thing': 'This worksheet has no such question.' }
		});
		expect((await responseRow(alex, id))?.template_version).toBe(1);
	});

	it('gives a recurring check-in the next scheduled session as its occurrence, and its start as the due time', async () => {
		const schedule = async (days: number) =>
			(await scheduleSession(
				t.db,
				by(therapist),
				coupleId,
				{ startsAt: inDays(days), durationMinutes: 50, format: 'in-person', agenda: '' },
				now
			))!;
		const id = await assign('satisfaction-check-in', {
			change: { dueAt: null, recurrence: 'before-each-session' }
		});
		// With no session ahead, it is for no session in particular.
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			occurrence: 'unscheduled',
			dueAt: null
		});

		const past = await schedule(-7);
		await setSessionStatus(t.db, by(therapist), past, 'held', now);
		const later = await schedule(9);
		const next = await schedule(2);
		// Another couple's session, sooner, is not this couple's.
		await scheduleSession(
			t.db,
			by(otherTherapist),
			otherCoupleId,
			{ startsAt: inDays(1), durationMinutes: 50, format: 'video', agenda: '' },
			now
		);

		// Due 24 hours before the session (the couple's default), so it is in for the prep.
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			occurrence: next,
			dueAt: inDays(1).toISOString(),
			status: 'not-started'
		});
		await submit(alex, id, CHECK_IN);
		expect((await responseRow(alex, id))?.occurrence).toBe(next);
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			occurrence: next,
			status: 'submitted',
			revision: 1
		});

		// Once that session has begun, the check-in is for the next one, and starts afresh.
		expect(
			await worksheetForPartner(t.db, alex, id, new Date(inDays(2).getTime() + 60_000))
		).toMatchObject({
			occurrence: later,
			dueAt: inDays(8).toISOString(),
			status: 'not-started',
			responseId: null,
			answers: {},
			revision: 0
		});
		// A cancelled session is skipped.
		await setSessionStatus(t.db, by(therapist), next, 'cancelled', now);
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			occurrence: later,
			status: 'not-started'
		});
	});
	it('shows the therapist’s note on a response sent back for revision only while it is being revised', async () => {
		const id = await assign('accountability');
		await submit(alex, id, ACCOUNTABILITY, SHARE_ALL, inDays(-1));
		const response = await responseRow(alex, id);
		expect(
			await reopenResponse(
				t.db,
				by(therapist),
				coupleId,
				response!.id,
				'Say more about the evenings.',
				now
			)
		).toBe(true);
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			status: 'draft',
			revision: 1,
			reopenNote: 'Say more about the evenings.'
		});
		// Sam's worksheet says nothing of it.
		expect((await worksheetForPartner(t.db, sam, id, now))?.reopenNote).toBeNull();

		// Handed in again, the note has been answered: it is not shown again when Alex opens it once more.
		await submit(alex, id, ACCOUNTABILITY, SHARE_ALL, inDays(1));
		expect((await worksheetForPartner(t.db, alex, id, inDays(1)))?.reopenNote).toBeNull();
		expect(await editAgain(t.db, alex, id, inDays(1))).toBe('editing');
		expect(await worksheetForPartner(t.db, alex, id, inDays(1))).toMatchObject({
			status: 'draft',
			reopenNote: null
		});
	});
});

describe('a recurring check-in started before its session', () => {
	it('carries an unfinished draft forward to the next session instead of leaving it behind', async () => {
		const id = await assign('satisfaction-check-in', {
			change: { dueAt: null, recurrence: 'before-each-session' }
		});
		// Started while no session was booked.
		expect(await saveDraft(t.db, alex, id, { happiness: 'happy' }, 0, now)).toMatchObject({
			outcome: 'saved',
			revision: 1
		});
		const next = (await scheduleSession(
			t.db,
			by(therapist),
			coupleId,
			{ startsAt: inDays(3), durationMinutes: 50, format: 'in-person', agenda: '' },
			now
		))!;
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			occurrence: next,
			answers: { happiness: 'happy' },
			revision: 1,
			status: 'draft'
		});
		await submit(alex, id, CHECK_IN);
		expect(
			await t.db
				.selectFrom('responses')
				.select(['occurrence', 'status'])
				.where('assignment_id', '=', id)
				.execute()
		).toEqual([{ occurrence: next, status: 'submitted' }]);
	});
});

describe('saveDraft', () => {
	it('counts revisions from 0: each save adds one and stores the answers as a draft', async () => {
		const id = await assign('accountability');
		const first = { 'apology-draft': 'A first go.' };
		expect(await saveDraft(t.db, alex, id, first, 0, now)).toEqual({
			outcome: 'saved',
			revision: 1,
			savedAt: now.toISOString()
		});
		expect(await responseRow(alex, id)).toMatchObject({
			partner_id: alex.partnerId,
			occurrence: 'once',
			template_version: 1,
			answers: JSON.stringify(first),
			revision: 1,
			status: 'draft',
			started_at: now.toISOString(),
			updated_at: now.toISOString(),
			submitted_at: null,
			changed_after_submit_at: null
		});

		const second = { 'apology-draft': 'A second go.', 'readiness-to-share': 3 };
		const later = new Date(now.getTime() + 60_000);
		expect(await saveDraft(t.db, alex, id, second, 1, later)).toEqual({
			outcome: 'saved',
			revision: 2,
			savedAt: later.toISOString()
		});
		expect(await responseRow(alex, id)).toMatchObject({
			answers: JSON.stringify(second),
			revision: 2,
			status: 'draft',
			started_at: now.toISOString(),
			updated_at: later.toISOString()
		});
		expect(await worksheetForPartner(t.db, alex, id, later)).toMatchObject({
			answers: second,
			revision: 2,
			status: 'draft',
			updatedAt: later.toISOString()
		});
		// One response per partner; Sam's is untouched.
		expect(await t.db.selectFrom('responses').select('id').execute()).toHaveLength(1);
		expect(await worksheetForPartner(t.db, sam, id, later)).toMatchObject({
			status: 'not-started',
			revision: 0
		});
	});

	it('refuses a save based on a stale revision, returns what is stored, and changes nothing', async () => {
		const id = await assign('accountability');
		await saveDraft(t.db, alex, id, { 'apology-draft': 'From the laptop.' }, 0, now);
		await saveDraft(t.db, alex, id, { 'apology-draft': 'From the laptop, again.' }, 1, now);
		const before = await snapshot();
		expect(
			await saveDraft(t.db, alex, id, { 'apology-draft': 'From the phone.' }, 1, inDays(1))
		).toEqual({
			outcome: 'conflict',
			current: { answers: { 'apology-draft': 'From the laptop, again.' }, revision: 2 }
		});
		// A base revision from the future is no better.
		expect(
			await saveDraft(t.db, alex, id, { 'apology-draft': 'From the phone.' }, 3, inDays(1))
		).toMatchObject({ outcome: 'conflict' });
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a stale save before anything was stored, and stores nothing', async () => {
		const id = await assign('accountability');
		const before = await snapshot();
		expect(await saveDraft(t.db, alex, id, { 'apology-draft': 'x' }, 1, now)).toEqual({
			outcome: 'conflict',
			current: { answers: {}, revision: 0 }
		});
		expect(await snapshot()).toEqual(before);
	});

	it('refuses invalid answers with a problem for each, and changes nothing', async () => {
		const id = await assign('accountability');
		const before = await snapshot();
		expect(
			await saveDraft(
				t.db,
				alex,
				id,
				{ 'apology-draft': 42, 'readiness-to-share': 11, 'made-up': 'x' },
				0,
				now
			)
		).toEqual({
			outcome: 'invalid',
			problems: {
				'apology-draft': 'This answer must be text.',
				'readiness-to-share': 'Choose a point from 0 to 10.',
				'made-up': 'This worksheet has no such question.'
			}
		});
		expect(await saveDraft(t.db, alex, id, 'not an object', 0, now)).toMatchObject({
			outcome: 'invalid'
		});
		expect(await snapshot()).toEqual(before);

		await saveDraft(t.db, alex, id, { 'apology-draft': 'Kept.' }, 0, now);
		const saved = await snapshot();
		expect(
			await saveDraft(t.db, alex, id, { 'apology-draft': 'x'.repeat(20_001) }, 1, now)
		).toMatchObject({ outcome: 'invalid' });
		expect(await snapshot()).toEqual(saved);
	});

	it('saves an incomplete draft, which a submission would refuse', async () => {
		const id = await assign('accountability');
		expect(await saveDraft(t.db, alex, id, { 'readiness-to-share': 2 }, 0, now)).toMatchObject({
			outcome: 'saved',
			revision: 1
		});
	});

	it('refuses to change a submitted or reviewed response, and changes nothing', async () => {
		const id = await assign('accountability');
		await submit(alex, id, ACCOUNTABILITY);
		await submit(sam, id, ACCOUNTABILITY);
		await setStatus(sam, id, 'reviewed');
		const before = await snapshot();
		expect(await saveDraft(t.db, alex, id, { 'apology-draft': 'Changed.' }, 1, now)).toEqual({
			outcome: 'locked',
			status: 'submitted'
		});
		expect(await saveDraft(t.db, sam, id, { 'apology-draft': 'Changed.' }, 1, now)).toEqual({
			outcome: 'locked',
			status: 'reviewed'
		});
		expect(await snapshot()).toEqual(before);
	});

	it('finds neither the other partner’s private assignment nor another couple’s, and stores nothing', async () => {
		const samsSafety = await assign('safety-check-in', { for: sam });
		const samsAlone = await assign('taking-it-slow', { for: sam });
		const otherCouples = await assign('accountability', { couple: 'other' });
		await saveDraft(t.db, sam, samsSafety, { 'afraid-past-year': 'never' }, 0, now);
		const before = await snapshot();
		expect(
			await saveDraft(t.db, alex, samsSafety, { 'afraid-past-year': 'frequently' }, 0, now)
		).toEqual({
			outcome: 'not-found'
		});
		expect(
			await saveDraft(t.db, alex, samsSafety, { 'afraid-past-year': 'frequently' }, 1, now)
		).toEqual({
			outcome: 'not-found'
		});
		expect(await saveDraft(t.db, alex, samsAlone, {}, 0, now)).toEqual({ outcome: 'not-found' });
		expect(await saveDraft(t.db, alex, otherCouples, {}, 0, now)).toEqual({ outcome: 'not-found' });
		expect(await saveDraft(t.db, alex, 'no-such-assignment', {}, 0, now)).toEqual({
			outcome: 'not-found'
		});
		expect(await snapshot()).toEqual(before);
	});

	it('saves exactly one of two saves made at once on the same revision; the other gets a conflict', async () => {
		const id = await assign('accountability');
		for (const base of [0, 1]) {
			const fromLaptop = { 'apology-draft': `Laptop, on ${base}.` };
			const fromPhone = { 'apology-draft': `Phone, on ${base}.` };
			const results = await Promise.all([
				saveDraft(t.db, alex, id, fromLaptop, base, now),
				saveDraft(t.db, alex, id, fromPhone, base, now)
			]);
			const saved = results.filter((result) => result.outcome === 'saved');
			const conflicts = results.filter((result) => result.outcome === 'conflict');
			expect(saved).toEqual([{ outcome: 'saved', revision: base + 1, savedAt: now.toISOString() }]);
			const winner = results[0].outcome === 'saved' ? fromLaptop : fromPhone;
			expect(conflicts).toEqual([
				{ outcome: 'conflict', current: { answers: winner, revision: base + 1 } }
			]);
			expect(await responseRow(alex, id)).toMatchObject({
				answers: JSON.stringify(winner),
				revision: base + 1
			});
		}
		expect(await t.db.selectFrom('responses').select('id').execute()).toHaveLength(1);
	});

	it('lets exactly one of a save and a submission made at once on the same revision through', async () => {
		const id = await assign('accountability');
		const results = await Promise.all([
			submitResponse(t.db, alex, id, ACCOUNTABILITY, 0, DEFAULT_SHARING, now),
			saveDraft(t.db, alex, id, { 'apology-draft': 'Typed on the phone.' }, 0, now)
		]);
		expect(
			results.filter((result) => result.outcome === 'submitted' || result.outcome === 'saved')
		).toHaveLength(1);
		expect(
			results.filter((result) => result.outcome === 'conflict' || result.outcome === 'locked')
		).toHaveLength(1);
		expect((await responseRow(alex, id))?.revision).toBe(1);
	});
});

describe('submitResponse', () => {
	it('refuses a submission missing required answers, and changes nothing', async () => {
		const id = await assign('accountability');
		await saveDraft(t.db, alex, id, { 'readiness-to-share': 4 }, 0, now);
		const before = await snapshot();
		expect(
			await submitResponse(t.db, alex, id, { 'readiness-to-share': 4 }, 1, DEFAULT_SHARING, now)
		).toEqual({
			outcome: 'invalid',
			problems: {
				behaviours: 'Add at least one behaviour before submitting.',
				'apology-draft': 'Answer this question before submitting.',
				commitments: 'Add at least one commitment before submitting.'
			}
		});
		const { behaviours: _behaviours, ...withoutWhatIDid } = ACCOUNTABILITY;
		expect(
			await submitResponse(
				t.db,
				alex,
				id,
				{
					...withoutWhatIDid,
					behaviours: {
						rows: [{ name: 'Going quiet', answers: { 'when-and-how-often': 'Weekly' } }]
					}
				},
				1,
				DEFAULT_SHARING,
				now
			)
		).toEqual({
			outcome: 'invalid',
			problems: { 'behaviours.0.what-i-did': 'Answer this question before submitting.' }
		});
		expect(await snapshot()).toEqual(before);
	});

	it('stores the answers as submitted, with the time and the author’s sharing choice', async () => {
		const id = await assign('relationship-goals');
		await saveDraft(t.db, alex, id, { boundaries: 'Draft.' }, 0, inDays(-1));
		const choice = { therapistFields: true, sharedFields: false };
		expect(await submitResponse(t.db, alex, id, GOALS, 1, choice, now)).toEqual({
			outcome: 'submitted',
			responseId: expect.any(String),
			revision: 2,
			concerning: false
		});
		expect(await responseRow(alex, id)).toMatchObject({
			answers: JSON.stringify(GOALS),
			revision: 2,
			status: 'submitted',
			started_at: inDays(-1).toISOString(),
			updated_at: now.toISOString(),
			submitted_at: now.toISOString(),
			share_therapist_fields: 1,
			share_shared_fields: 0
		});
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			status: 'submitted',
			submittedAt: now.toISOString(),
			sharing: choice,
			revision: 2
		});

		// Straight from nothing to submitted, sharing nothing.
		expect(await submitResponse(t.db, sam, id, GOALS, 0, SHARE_NOTHING, now)).toEqual({
			outcome: 'submitted',
			responseId: expect.any(String),
			revision: 1,
			concerning: false
		});
		expect(await responseRow(sam, id)).toMatchObject({
			status: 'submitted',
			revision: 1,
			submitted_at: now.toISOString(),
			share_therapist_fields: 0,
			share_shared_fields: 0
		});
	});

	it('never stores a private worksheet as shared, whatever the choice', async () => {
		const id = await assign('safety-check-in', { for: sam });
		expect(await submitResponse(t.db, sam, id, SAFETY_FINE, 0, SHARE_ALL, now)).toMatchObject({
			outcome: 'submitted'
		});
		expect(await responseRow(sam, id)).toMatchObject({
			status: 'submitted',
			share_therapist_fields: 0,
			share_shared_fields: 0
		});
		expect((await worksheetForPartner(t.db, sam, id, now))?.sharing).toEqual(SHARE_NOTHING);
	});

	it('raises exactly one safety flag for a concerning safety check-in', async () => {
		const id = await assign('safety-check-in', { for: sam });
		expect(await submitResponse(t.db, sam, id, SAFETY_CONCERNING, 0, DEFAULT_SHARING, now)).toEqual(
			{ outcome: 'submitted', responseId: expect.any(String), revision: 1, concerning: true }
		);
		const response = await responseRow(sam, id);
		expect(await t.db.selectFrom('flags').selectAll().execute()).toEqual([
			{
				id: expect.any(String),
				couple_id: coupleId,
				partner_id: sam.partnerId,
				response_id: response!.id,
				kind: 'safety',
				raised_at: now.toISOString(),
				resolved_at: null,
				tier: 'watch',
				acknowledged_at: null,
				acknowledged_by: null,
				acknowledgement: null,
				resolved_by: null,
				resolution: null
			}
		]);
	});

	it('never flags a draft, however concerning, until it is handed in', async () => {
		const id = await assign('safety-check-in', { for: sam });
		expect((await saveDraft(t.db, sam, id, SAFETY_URGENT, 0, now)).outcome).toBe('saved');
		expect((await saveDraft(t.db, sam, id, {}, 1, now)).outcome).toBe('saved');
		expect(await t.db.selectFrom('flags').selectAll().execute()).toEqual([]);
	});

	it('raises no flag for a safety check-in that is not concerning, nor for other worksheets', async () => {
		const safety = await assign('safety-check-in', { for: sam });
		const accountability = await assign('accountability');
		expect(await submitResponse(t.db, sam, safety, SAFETY_FINE, 0, DEFAULT_SHARING, now)).toEqual({
			outcome: 'submitted',
			responseId: expect.any(String),
			revision: 1,
			concerning: false
		});
		await submit(alex, accountability, ACCOUNTABILITY);
		expect(await t.db.selectFrom('flags').selectAll().execute()).toEqual([]);
	});

	it('raises the flag in the same transaction as the submission: if the flag cannot be stored, neither is the submission', async () => {
		const id = await assign('safety-check-in', { for: sam });
		await saveDraft(t.db, sam, id, { 'afraid-past-year': 'never' }, 0, now);
		const before = await snapshot();
		const allowFlags = await failEvery(t, 'INSERT', 'flags', 'flags refused');
		await expect(
			submitResponse(t.db, sam, id, SAFETY_CONCERNING, 1, DEFAULT_SHARING, now)
		).rejects.toThrow(/flags refused/);
		await allowFlags();
		expect(await snapshot()).toEqual(before);
		expect(await worksheetForPartner(t.db, sam, id, now)).toMatchObject({
			status: 'draft',
			revision: 1,
			answers: { 'afraid-past-year': 'never' }
		});
	});

	it('refuses a stale revision, and a response already submitted or reviewed, changing nothing', async () => {
		const id = await assign('accountability');
		await saveDraft(t.db, alex, id, { 'apology-draft': 'One.' }, 0, now);
		await saveDraft(t.db, alex, id, { 'apology-draft': 'Two.' }, 1, now);
		let before = await snapshot();
		expect(await submitResponse(t.db, alex, id, ACCOUNTABILITY, 1, SHARE_ALL, now)).toEqual({
			outcome: 'conflict',
			current: { answers: { 'apology-draft': 'Two.' }, revision: 2 }
		});
		expect(await snapshot()).toEqual(before);

		await submit(alex, id, ACCOUNTABILITY);
		before = await snapshot();
		expect(await submitResponse(t.db, alex, id, ACCOUNTABILITY, 3, SHARE_ALL, now)).toEqual({
			outcome: 'locked',
			status: 'submitted'
		});
		expect(await snapshot()).toEqual(before);
		await setStatus(alex, id, 'reviewed');
		before = await snapshot();
		expect(await submitResponse(t.db, alex, id, ACCOUNTABILITY, 3, SHARE_ALL, now)).toEqual({
			outcome: 'locked',
			status: 'reviewed'
		});
		expect(await snapshot()).toEqual(before);
	});

	it('finds neither the other partner’s private assignment nor another couple’s', async () => {
		const samsSafety = await assign('safety-check-in', { for: sam });
		const otherCouples = await assign('accountability', { couple: 'other' });
		const before = await snapshot();
		expect(
			await submitResponse(t.db, alex, samsSafety, SAFETY_CONCERNING, 0, DEFAULT_SHARING, now)
		).toEqual({ outcome: 'not-found' });
		expect(
			await submitResponse(t.db, alex, otherCouples, ACCOUNTABILITY, 0, DEFAULT_SHARING, now)
		).toEqual({ outcome: 'not-found' });
		expect(await snapshot()).toEqual(before);
	});
});

describe('editAgain', () => {
	it('opens a submitted response as a draft again, marked as changed after submission', async () => {
		const id = await assign('accountability');
		await submit(alex, id, ACCOUNTABILITY, SHARE_ALL, inDays(-1));
		const submitted = await responseRow(alex, id);

		expect(await editAgain(t.db, alex, id, now)).toBe('editing');
		expect(await responseRow(alex, id)).toEqual({
			...submitted,
			status: 'draft',
			changed_after_submit_at: now.toISOString(),
			updated_at: now.toISOString()
		});

		// The same revision goes on: a save based on it is accepted, and the sharing choice is kept.
		expect(
			await saveDraft(t.db, alex, id, { ...ACCOUNTABILITY, 'readiness-to-share': 9 }, 1, now)
		).toMatchObject({ outcome: 'saved', revision: 2 });
		expect(await worksheetForPartner(t.db, alex, id, now)).toMatchObject({
			status: 'draft',
			sharing: SHARE_ALL
		});
	});

	it('leaves a reviewed response as it is', async () => {
		const id = await assign('accountability');
		await submit(alex, id, ACCOUNTABILITY);
		await setStatus(alex, id, 'reviewed');
		const before = await snapshot();
		expect(await editAgain(t.db, alex, id, now)).toBe('reviewed');
		expect(await snapshot()).toEqual(before);
	});

	it('leaves a draft as it is', async () => {
		const id = await assign('accountability');
		await saveDraft(t.db, alex, id, { 'apology-draft': 'Still writing.' }, 0, now);
		const before = await snapshot();
		expect(await editAgain(t.db, alex, id, inDays(1))).toBe('editing');
		expect(await snapshot()).toEqual(before);
	});

	it('finds nothing to edit when nothing was written, or the assignment is not the partner’s', async () => {
		const id = await assign('accountability');
		const samsSafety = await assign('safety-check-in', { for: sam });
		const otherCouples = await assign('accountability', { couple: 'other' });
		await submit(sam, id, ACCOUNTABILITY);
		await submit(sam, samsSafety, SAFETY_FINE);
		await submit(jordan, otherCouples, ACCOUNTABILITY);
		const before = await snapshot();
		expect(await editAgain(t.db, alex, id, now)).toBe('not-found');
		expect(await editAgain(t.db, alex, samsSafety, now)).toBe('not-found');
		expect(await editAgain(t.db, alex, otherCouples, now)).toBe('not-found');
		expect(await editAgain(t.db, alex, 'no-such-assignment', now)).toBe('not-found');
		expect(await snapshot()).toEqual(before);
	});
});

describe('a private check-in, each one sent kept', () => {
	const sentOf = (partner: PartnerRef, assignmentId: string) =>
		t.db
			.selectFrom('responses')
			.selectAll()
			.where('assignment_id', '=', assignmentId)
			.where('partner_id', '=', partner.partnerId)
			.orderBy('started_at')
			.orderBy('occurrence', 'desc')
			.execute();

	it('refuses to open a sent check-in again, by the partner or the therapist, changing nothing', async () => {
		const id = await assign('safety-check-in', { for: sam });
		await submit(sam, id, SAFETY_CONCERNING);
		const [sent] = await sentOf(sam, id);
		const before = await snapshot();
		expect(await editAgain(t.db, sam, id, now)).toBe('private');
		expect(await reopenResponse(t.db, by(therapist), coupleId, sent!.id, 'Again?', now)).toBe(
			false
		);
		expect(await snapshot()).toEqual(before);
	});

	it('sends another as a response of its own, the first unchanged', async () => {
		const id = await assign('safety-check-in', { for: sam });
		await submit(sam, id, SAFETY_CONCERNING, DEFAULT_SHARING, inDays(-1));
		const [first] = await sentOf(sam, id);

		expect(await startAnother(t.db, sam, id, now)).toBe('started');
		// A second tap finds the one already started.
		expect(await startAnother(t.db, sam, id, now)).toBe('open');
		expect(await worksheetForPartner(t.db, sam, id, now)).toMatchObject({
			occurrence: 'again-2',
			status: 'draft',
			answers: {},
			revision: 1
		});
		await saveDraft(t.db, sam, id, SAFETY_FINE, 1, now);
		expect(await submitResponse(t.db, sam, id, SAFETY_FINE, 2, DEFAULT_SHARING, now)).toMatchObject(
			{ outcome: 'submitted', concerning: false }
		);

		const sent = await sentOf(sam, id);
		expect(sent).toHaveLength(2);
		expect(sent[0]).toEqual(first);
		expect(sent[1]).toMatchObject({
			occurrence: 'again-2',
			status: 'submitted',
			answers: JSON.stringify(SAFETY_FINE)
		});
		// The concern the first one raised stays with it.
		expect(await t.db.selectFrom('flags').select('response_id').execute()).toEqual([
			{ response_id: first!.id }
		]);
		expect(await worksheetForPartner(t.db, sam, id, now)).toMatchObject({
			occurrence: 'again-2',
			status: 'submitted'
		});
	});

	it('starts another only after the last was sent, and only for a private check-in', async () => {
		const safety = await assign('safety-check-in', { for: sam });
		const accountability = await assign('accountability');
		await saveDraft(t.db, sam, safety, { afraid: 'never' }, 0, now);
		await submit(alex, accountability, ACCOUNTABILITY);
		const before = await snapshot();
		expect(await startAnother(t.db, sam, safety, now)).toBe('open');
		expect(await startAnother(t.db, alex, accountability, now)).toBe('not-found');
		expect(await startAnother(t.db, alex, safety, now)).toBe('not-found');
		expect(await snapshot()).toEqual(before);
	});
});

describe('sharedWithPartner', () => {
	it('gives the other partner’s submitted worksheet, with all they shared', async () => {
		const id = await assign('accountability');
		await submit(sam, id, ACCOUNTABILITY, SHARE_ALL, inDays(-1));
		const shared = await sharedWithPartner(t.db, alex);
		const response = await responseRow(sam, id);
		expect(shared).toEqual([
			{
				responseId: response!.id,
				title: template('accountability').title,
				authorName: 'Sam',
				submittedAt: inDays(-1).toISOString(),
				// Only the questions Sam answered: the reader is not shown a list of "Not answered".
				template: {
					...template('accountability'),
					fields: template('accountability').fields.filter((field) => field.key in ACCOUNTABILITY),
					concernRules: undefined,
					scoring: undefined
				},
				answers: ACCOUNTABILITY
			}
		]);
		// Sam reads nothing back of their own.
		expect(await sharedWithPartner(t.db, sam)).toEqual([]);
	});

	it('gives a reviewed worksheet as well as a submitted one, newest first', async () => {
		const accountability = await assign('accountability');
		const goals = await assign('relationship-goals');
		await submit(sam, accountability, ACCOUNTABILITY, SHARE_ALL, inDays(-2));
		await submit(sam, goals, GOALS, SHARE_ALL, inDays(-1));
		await setStatus(sam, accountability, 'reviewed');
		expect((await sharedWithPartner(t.db, alex)).map((worksheet) => worksheet.template.id)).toEqual(
			['relationship-goals', 'accountability']
		);
	});

	it('gives only the shared fields when the author shared those alone, and only the therapist fields when those alone', async () => {
		const id = await assign('relationship-goals');
		await submit(alex, id, GOALS, { therapistFields: false, sharedFields: true });
		await submit(sam, id, GOALS, { therapistFields: true, sharedFields: false });

		const [alexs] = await sharedWithPartner(t.db, sam);
		expect(Object.keys(alexs!.answers).sort()).toEqual([...GOALS_SHARED_KEYS].sort());
		expect(alexs!.template.fields.map((field) => field.key)).toEqual(GOALS_SHARED_KEYS);
		expect(JSON.stringify(alexs)).not.toContain(GOALS['worries-about-goals'] as string);

		const [sams] = await sharedWithPartner(t.db, alex);
		expect(sams!.answers).toEqual({
			'how-close-our-pictures-are': 4,
			'worries-about-goals': GOALS['worries-about-goals']
		});
		expect(sams!.template.fields.map((field) => field.key)).toEqual(GOALS_THERAPIST_KEYS);
		expect(JSON.stringify(sams)).not.toContain(GOALS.boundaries as string);
	});

	it('leaves out a worksheet whose shared part is empty', async () => {
		// The accountability worksheet has no fields meant for both: shared fields alone show nothing.
		const accountability = await assign('accountability');
		await submit(sam, accountability, ACCOUNTABILITY, DEFAULT_SHARING);
		// Shared with nothing chosen.
		const goals = await assign('relationship-goals');
		await submit(sam, goals, GOALS, SHARE_NOTHING);
		// The confidential answer is never shared, and the rest was not.
		const coreIssues = await assign('core-issues');
		await submit(sam, coreIssues, CORE_ISSUES, DEFAULT_SHARING);
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);
	});

	it('never gives a confidential answer, even from a worksheet shared in full', async () => {
		const id = await assign('core-issues');
		await submit(sam, id, CORE_ISSUES, SHARE_ALL);
		const shared = await sharedWithPartner(t.db, alex);
		expect(shared).toHaveLength(1);
		const { 'for-therapist-only': _confidential, ...visible } = CORE_ISSUES;
		expect(shared[0]!.answers).toEqual(visible);
		expect(shared[0]!.template.fields.map((field) => field.key)).toEqual(
			['areas', 'priority-1', 'priority-2', 'priority-3', 'hard-to-raise'].filter(
				(key) => key in visible
			)
		);
		const text = JSON.stringify(shared);
		expect(text).not.toContain(CONFIDENTIAL_TEXT);
		expect(text).not.toContain('for-therapist-only');
		expect(text).not.toContain('Anything only my therapist should ever read');
	});

	it('never gives a private check-in, nor any sign of it, even with its share flags forced on', async () => {
		const safety = await assign('safety-check-in', { for: sam });
		const accountability = await assign('accountability');
		await submit(sam, safety, SAFETY_CONCERNING, SHARE_ALL);
		await submit(sam, accountability, ACCOUNTABILITY, SHARE_ALL);
		await t.db
			.updateTable('responses')
			.set({ share_therapist_fields: 1, share_shared_fields: 1 })
			.where('assignment_id', '=', safety)
			.execute();
		const safetyResponse = await responseRow(sam, safety);

		const shared = await sharedWithPartner(t.db, alex);
		expect(shared.map((worksheet) => worksheet.template.id)).toEqual(['accountability']);
		const text = JSON.stringify(shared);
		for (const sign of [
			SAFETY_TEXT,
			'safety-check-in',
			template('safety-check-in').title,
			safety,
			safetyResponse!.id,
			'afraid-past-year'
		])
			expect(text).not.toContain(sign);
	});

	it('never gives a draft, including a shared worksheet opened again for changes', async () => {
		const goals = await assign('relationship-goals');
		const accountability = await assign('accountability');
		await saveDraft(t.db, sam, goals, GOALS, 0, now);
		await submit(sam, accountability, ACCOUNTABILITY, SHARE_ALL);
		expect((await sharedWithPartner(t.db, alex)).map((worksheet) => worksheet.template.id)).toEqual(
			['accountability']
		);
		expect(await editAgain(t.db, sam, accountability, now)).toBe('editing');
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);
	});

	it('never gives the reader’s own responses', async () => {
		const id = await assign('relationship-goals');
		await submit(alex, id, GOALS, SHARE_ALL);
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);
		expect((await sharedWithPartner(t.db, sam)).map((worksheet) => worksheet.authorName)).toEqual([
			'Alex'
		]);
	});

	it('never gives another couple’s responses', async () => {
		const theirs = await assign('relationship-goals', { couple: 'other' });
		const ours = await assign('relationship-goals');
		await submit(jordan, theirs, GOALS, SHARE_ALL);
		await submit(sam, ours, GOALS, SHARE_ALL);
		expect((await sharedWithPartner(t.db, alex)).map((worksheet) => worksheet.authorName)).toEqual([
			'Sam'
		]);
		expect((await sharedWithPartner(t.db, casey)).map((worksheet) => worksheet.authorName)).toEqual(
			['Jordan']
		);
		expect(await sharedWithPartner(t.db, jordan)).toEqual([]);
	});

	it('gives nothing of a cancelled assignment', async () => {
		const id = await assign('relationship-goals');
		await submit(sam, id, GOALS, SHARE_ALL);
		await cancelAssignment(t.db, by(therapist), id, now);
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);
	});

	it('shows a response as it was written, in its own template version', async () => {
		const id = await assign('relationship-goals');
		await submit(sam, id, GOALS, { therapistFields: false, sharedFields: true });
		const original = template('relationship-goals');
		const revised: WorksheetTemplate = {
			...original,
			title: `${original.title}, revised`,
			fields: original.fields.map((field) => ({ ...field, audience: 'shared' as const }))
		};
		await syncBuiltinTemplates(
			t.db,
			BUILTIN_TEMPLATES.map((entry) => (entry.id === revised.id ? revised : entry)),
			inDays(1)
		);
		const [sams] = await sharedWithPartner(t.db, alex);
		expect(sams).toMatchObject({ title: original.title });
		expect(sams!.template.fields.map((field) => field.key)).toEqual(GOALS_SHARED_KEYS);
	});
});
