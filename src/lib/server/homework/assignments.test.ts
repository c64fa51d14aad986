import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCouple } from '../casework/couples';
import type { ResponseStatus } from '../database/schema';
import {
	NOTE_MAX,
	assignHomework,
	assignableTemplates,
	assignmentForTherapist,
	assignmentsForCouple,
	cancelAssignment,
	homeworkForPartner,
	readAssignmentInput,
	updateAssignment,
	type AssignmentInput,
	type PartnerHomework,
	type ValidAssignment
} from './assignments';
import { editAgain, submitResponse } from '../testing/partner-pages';
import { scheduleSession, setSessionStatus } from '../casework/therapy-sessions';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import type { WorksheetTemplate } from '../../worksheets/template';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const templates = new Map(BUILTIN_TEMPLATES.map((template) => [template.id, template]));
const template = (id: string): WorksheetTemplate => templates.get(id)!;

describe('readAssignmentInput', () => {
	const alex = 'place-alex';
	const sam = 'place-sam';
	const nextSessionAt = '2026-11-29T17:00:00.000Z';
	const context = { partnerIds: [alex, sam], templates, zone: 'Europe/London', nextSessionAt };
	const form = (change: Partial<AssignmentInput> = {}): AssignmentInput => ({
		templateId: 'accountability',
		who: 'both',
		dueDate: '',
		dueTime: '',
		note: '  Your own part only.  ',
		recurrence: 'once',
		...change
	});

	it('reads a good form: for both partners, due at the next session when no date is given', () => {
		expect(readAssignmentInput(form(), context)).toEqual({
			problems: {},
			assignment: {
				template: template('accountability'),
				addressees: [null],
				dueAt: nextSessionAt,
				note: 'Your own part only.',
				recurrence: 'once',
				// The accountability worksheet's own default (release.ts).
				release: 'reviewed'
			}
		});
	});

	it('refuses to default the due date when no session is scheduled', () => {
		expect(readAssignmentInput(form(), { ...context, nextSessionAt: null })).toEqual({
			problems: { dueDate: 'Choose a due date, or schedule the next session first.' },
			assignment: null
		});
	});

	it('reads a due date and time in the therapist’s zone, at 09:00 when no time is given', () => {
		expect(
			readAssignmentInput(form({ dueDate: '2026-12-01', dueTime: '18:00' }), {
				...context,
				zone: 'America/New_York'
			}).assignment?.dueAt
		).toBe('2026-12-01T23:00:00.000Z');
		expect(
			readAssignmentInput(form({ dueDate: '2026-07-01', dueTime: '' }), context).assignment?.dueAt
		).toBe('2026-07-01T08:00:00.000Z');
		expect(
			readAssignmentInput(form({ dueDate: '2026-12-01', dueTime: '' }), context).assignment?.dueAt
		).toBe('2026-12-01T09:00:00.000Z');
	});

	it.each([
		['a date that does not exist', { dueDate: '2026-02-31' }],
		['a date that is not a date', { dueDate: 'Friday' }],
		['a time without a date', { dueTime: '18:00' }],
		['a time that does not exist', { dueDate: '2026-12-01', dueTime: '24:00' }]
	])('refuses %s', (_kind, change) => {
		expect(readAssignmentInput(form(change), context)).toEqual({
			problems: { dueDate: 'Enter a real date, for example 2026-12-01, and a time such as 18:00.' },
			assignment: null
		});
	});

	it('refuses an unknown worksheet and an unknown partner', () => {
		expect(readAssignmentInput(form({ templateId: 'made-up' }), context)).toEqual({
			problems: { templateId: 'Choose a worksheet.' },
			assignment: null
		});
		expect(readAssignmentInput(form({ who: 'someone-else' }), context)).toEqual({
			problems: { who: 'Choose who does this homework.' },
			assignment: null
		});
		expect(readAssignmentInput(form({ who: '' }), context).problems).toEqual({
			who: 'Choose who does this homework.'
		});
	});

	it('lets only a scored check-in repeat before every session, with no due date of its own', () => {
		expect(
			readAssignmentInput(
				form({
					templateId: 'satisfaction-check-in',
					recurrence: 'before-each-session',
					dueDate: '2026-12-01'
				}),
				context
			)
		).toMatchObject({
			problems: {},
			assignment: { addressees: [null], dueAt: null, recurrence: 'before-each-session' }
		});
		// A recurring check-in needs no session yet: it is due at whichever comes next.
		expect(
			readAssignmentInput(
				form({ templateId: 'satisfaction-check-in', recurrence: 'before-each-session' }),
				{ ...context, nextSessionAt: null }
			).problems
		).toEqual({});
		for (const templateId of ['accountability', 'safety-check-in']) {
			expect(
				readAssignmentInput(form({ templateId, recurrence: 'before-each-session' }), context)
					.problems,
				templateId
			).toEqual({
				recurrence: 'Only a check-in can repeat before every session.'
			});
		}
		expect(readAssignmentInput(form({ recurrence: 'weekly' }), context).problems).toEqual({
			recurrence: 'Choose once or before every session.'
		});
	});

	it('refuses a note over the limit', () => {
		expect(readAssignmentInput(form({ note: 'x'.repeat(NOTE_MAX + 1) }), context).problems).toEqual(
			{ note: 'Keep the note to 2,000 characters.' }
		);
		expect(readAssignmentInput(form({ note: '✍'.repeat(NOTE_MAX) }), context).problems).toEqual(
			{}
		);
	});

	it('makes a private worksheet for both partners one assignment each, so neither learns of the other’s', () => {
		expect(
			readAssignmentInput(form({ templateId: 'safety-check-in' }), context).assignment?.addressees
		).toEqual([alex, sam]);
		expect(
			readAssignmentInput(form({ templateId: 'safety-check-in', who: sam }), context).assignment
				?.addressees
		).toEqual([sam]);
		expect(
			readAssignmentInput(form({ templateId: 'accountability', who: alex }), context).assignment
				?.addressees
		).toEqual([alex]);
	});
});

describe('with a database', () => {
	let t: TestDatabase;
	let therapist: string;
	let otherTherapist: string;
	let coupleId: string;
	let alex: string;
	let sam: string;
	let sessions: { past: string; next: string; after: string };

	beforeEach(async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		coupleId = await createCouple(
			t.db,
			by(therapist),
			{
				name: 'Alex & Sam',
				partnerNames: ['Alex', 'Sam'],
				secretsPolicy: 'limited-secrets',
				policyText: 'Policy.'
			},
			now
		);
		const places = await t.db
			.selectFrom('partners')
			.select('id')
			.where('couple_id', '=', coupleId)
			.orderBy('position')
			.execute();
		[alex, sam] = places.map((place) => place.id) as [string, string];
		for (const place of places) {
			const { id } = await insertTestUser(t.db, { role: 'partner' });
			await t.db
				.updateTable('partners')
				.set({ user_id: id, joined_at: now.toISOString() })
				.where('id', '=', place.id)
				.execute();
		}
		const schedule = (days: number) =>
			scheduleSession(
				t.db,
				by(therapist),
				coupleId,
				{ startsAt: inDays(days), durationMinutes: 50, format: 'in-person', agenda: '' },
				now
			);
		sessions = {
			past: (await schedule(-7))!,
			next: (await schedule(2))!,
			after: (await schedule(9))!
		};
		await setSessionStatus(t.db, by(therapist), sessions.past, 'held', now);
	});

	afterEach(async () => {
		await t.cleanup();
	});

	const valid = (templateId: string, change: Partial<ValidAssignment> = {}): ValidAssignment => ({
		template: template(templateId),
		addressees: [null],
		dueAt: inDays(2).toISOString(),
		note: 'Why this, and how.',
		recurrence: 'once',
		...change
	});

	async function assign(
		templateId: string,
		change: Partial<ValidAssignment> = {}
	): Promise<string[]> {
		const ids = await assignHomework(
			t.db,
			by(therapist),
			coupleId,
			valid(templateId, change),
			inDays(-3)
		);
		if (!ids) throw new Error('expected the assignment to be made');
		return ids;
	}

	async function respond(
		assignmentId: string,
		partnerId: string,
		status: ResponseStatus,
		occurrence = 'once'
	) {
		const at = inDays(-1).toISOString();
		await t.db
			.insertInto('responses')
			.values({
				id: `${assignmentId}-${partnerId}-${occurrence}`,
				assignment_id: assignmentId,
				partner_id: partnerId,
				occurrence,
				template_version: 1,
				answers: '{}',
				status,
				started_at: at,
				updated_at: at,
				submitted_at: status === 'draft' ? null : at,
				reviewed_at: status === 'reviewed' ? at : null
			})
			.execute();
	}

	const allAssignments = () => t.db.selectFrom('assignments').selectAll().orderBy('id').execute();

	describe('assignHomework', () => {
		it('stores one assignment per addressee, with the step of its worksheet', async () => {
			const [safetyForAlex, safetyForSam] = await assign('safety-check-in', {
				addressees: [alex, sam]
			});
			const [accountability] = await assign('accountability');
			const rows = await allAssignments();
			expect(rows).toHaveLength(3);
			expect(rows.find((row) => row.id === safetyForAlex)).toMatchObject({
				couple_id: coupleId,
				template_id: 'safety-check-in',
				step: null,
				partner_id: alex
			});
			expect(rows.find((row) => row.id === safetyForSam)).toMatchObject({
				template_id: 'safety-check-in',
				partner_id: sam
			});
			expect(rows.find((row) => row.id === accountability)).toMatchObject({
				template_id: 'accountability',
				step: 5,
				partner_id: null,
				due_at: inDays(2).toISOString(),
				note: 'Why this, and how.',
				recurrence: 'once',
				cancelled_at: null,
				created_by: therapist
			});
		});

		it('refuses another therapist’s couple and stores nothing', async () => {
			expect(
				await assignHomework(t.db, by(otherTherapist), coupleId, valid('accountability'), now)
			).toBeNull();
			expect(
				await assignHomework(t.db, by(therapist), 'no-such-couple', valid('accountability'), now)
			).toBeNull();
			expect(await allAssignments()).toEqual([]);
		});
	});

	describe('updateAssignment and cancelAssignment', () => {
		it('change the therapist’s own assignment, and cancel it once', async () => {
			const [id] = await assign('accountability');
			expect(
				await updateAssignment(
					t.db,
					by(therapist),
					id!,
					{ dueAt: inDays(9).toISOString(), note: 'Take two sittings.', recurrence: 'once' },
					now
				)
			).toBe(true);
			expect((await allAssignments())[0]).toMatchObject({
				due_at: inDays(9).toISOString(),
				note: 'Take two sittings.',
				updated_at: now.toISOString()
			});
			expect(await cancelAssignment(t.db, by(therapist), id!, now)).toBe(true);
			expect((await allAssignments())[0]?.cancelled_at).toBe(now.toISOString());
			expect(await cancelAssignment(t.db, by(therapist), id!, inDays(1))).toBe(false);
			expect((await allAssignments())[0]?.cancelled_at).toBe(now.toISOString());
		});

		it('refuse another therapist’s assignment, and change nothing', async () => {
			const [id] = await assign('accountability');
			const before = await allAssignments();
			expect(
				await updateAssignment(
					t.db,
					by(otherTherapist),
					id!,
					{ dueAt: null, note: 'Hijacked', recurrence: 'once' },
					now
				)
			).toBe(false);
			expect(await cancelAssignment(t.db, by(otherTherapist), id!, now)).toBe(false);
			expect(await assignmentForTherapist(t.db, otherTherapist, coupleId, id!, now)).toBeNull();
			expect(await allAssignments()).toEqual(before);
		});
	});

	describe('the therapist’s view', () => {
		it('shows each addressed partner’s progress, and only theirs', async () => {
			const [both] = await assign('accountability');
			const [forSam] = await assign('core-issues', { addressees: [sam] });
			await respond(both!, alex, 'draft');
			await respond(both!, sam, 'reviewed');

			const view = await assignmentForTherapist(t.db, therapist, coupleId, both!, now);
			expect(view?.progress).toEqual([
				{
					partnerId: alex,
					partnerName: 'Alex',
					status: 'draft',
					submittedAt: null,
					changedAfterSubmit: false
				},
				{
					partnerId: sam,
					partnerName: 'Sam',
					status: 'reviewed',
					submittedAt: inDays(-1).toISOString(),
					changedAfterSubmit: false
				}
			]);
			expect(view).toMatchObject({
				title: template('accountability').title,
				step: 5,
				private: false,
				cancelled: false,
				overdue: false
			});
			const all = await assignmentsForCouple(t.db, coupleId, now);
			expect(
				all.find((entry) => entry.id === forSam)?.progress.map((entry) => entry.partnerName)
			).toEqual(['Sam']);
			expect(
				await assignmentForTherapist(t.db, therapist, 'another-couple', both!, now)
			).toBeNull();
		});

		it('shows that a partner opened a submitted response again to change it', async () => {
			const [both] = await assign('accountability');
			const answers = {
				behaviours: {
					rows: [{ name: 'Going quiet', answers: { 'what-i-did': 'I changed the subject.' } }]
				},
				'apology-draft': 'I am sorry.',
				commitments: {
					rows: [{ name: 'Money evening', answers: { 'what-i-will-do': 'One evening a month.' } }]
				}
			};
			const submittedAt = inDays(-1);
			for (const partnerId of [alex, sam]) {
				expect(
					await submitResponse(
						t.db,
						{ partnerId, coupleId },
						both!,
						answers,
						0,
						DEFAULT_SHARING,
						submittedAt
					)
				).toMatchObject({ outcome: 'submitted' });
			}
			const progressOf = async () =>
				(await assignmentForTherapist(t.db, therapist, coupleId, both!, now))?.progress;
			expect((await progressOf())?.map((entry) => entry.changedAfterSubmit)).toEqual([
				false,
				false
			]);

			expect(await editAgain(t.db, { partnerId: sam, coupleId }, both!, now)).toBe('editing');
			expect(await progressOf()).toEqual([
				{
					partnerId: alex,
					partnerName: 'Alex',
					status: 'submitted',
					submittedAt: submittedAt.toISOString(),
					changedAfterSubmit: false
				},
				// Back to a draft, still showing when it was first handed in.
				{
					partnerId: sam,
					partnerName: 'Sam',
					status: 'draft',
					submittedAt: submittedAt.toISOString(),
					changedAfterSubmit: true
				}
			]);
			// Handed in again, it still shows that it changed after the first submission.
			expect(
				await submitResponse(
					t.db,
					{ partnerId: sam, coupleId },
					both!,
					answers,
					1,
					DEFAULT_SHARING,
					now
				)
			).toMatchObject({ outcome: 'submitted' });
			expect((await progressOf())?.[1]).toEqual({
				partnerId: sam,
				partnerName: 'Sam',
				status: 'submitted',
				submittedAt: now.toISOString(),
				changedAfterSubmit: true
			});
		});
	});

	describe('homeworkForPartner: a partner sees only what is addressed to them, and only their own progress', () => {
		let ids: {
			accountability: string;
			safetyForAlex: string;
			safetyForSam: string;
			coreIssuesForSam: string;
			cancelled: string;
			checkIn: string;
			lastWeek: string;
		};

		beforeEach(async () => {
			const [accountability] = await assign('accountability');
			const [safetyForAlex, safetyForSam] = await assign('safety-check-in', {
				addressees: [alex, sam],
				note: 'Only I will see it.'
			});
			const [coreIssuesForSam] = await assign('core-issues', {
				addressees: [sam],
				note: 'Sam, this one is yours alone.'
			});
			const [cancelled] = await assign('breakup-reasons');
			await cancelAssignment(t.db, by(therapist), cancelled!, inDays(-2));
			const [checkIn] = await assign('satisfaction-check-in', {
				dueAt: null,
				recurrence: 'before-each-session'
			});
			const [lastWeek] = await assign('reconnecting', { dueAt: inDays(-1).toISOString() });
			ids = {
				accountability: accountability!,
				safetyForAlex: safetyForAlex!,
				safetyForSam: safetyForSam!,
				coreIssuesForSam: coreIssuesForSam!,
				cancelled: cancelled!,
				checkIn: checkIn!,
				lastWeek: lastWeek!
			};

			await respond(ids.accountability, alex, 'draft');
			await respond(ids.accountability, sam, 'submitted');
			await respond(ids.safetyForSam, sam, 'submitted');
			await respond(ids.coreIssuesForSam, sam, 'draft');
			await respond(ids.cancelled, alex, 'submitted');
			// Alex did this session's check-in; Sam did only last session's.
			await respond(ids.checkIn, alex, 'submitted', sessions.next);
			await respond(ids.checkIn, sam, 'submitted', sessions.past);
			await respond(ids.lastWeek, alex, 'reviewed');
		});

		const homeworkOf = (partnerId: string, at = now) =>
			homeworkForPartner(t.db, { partnerId, coupleId }, at);
		const byId = (list: PartnerHomework[]) => new Map(list.map((item) => [item.id, item]));

		it('gives Alex their own homework with their own statuses, soonest due first', async () => {
			const alexs = await homeworkOf(alex);
			const dueDates = alexs.map((item) => item.dueAt!);
			expect(dueDates).toEqual([...dueDates].sort());
			const byIdOrder = (list: PartnerHomework[]) =>
				[...list].sort((a, b) => a.id.localeCompare(b.id));
			expect(byIdOrder(alexs)).toEqual(
				byIdOrder([
					{
						id: ids.lastWeek,
						templateId: 'reconnecting',
						title: template('reconnecting').title,
						private: false,
						step: 4,
						programStepId: null,
						checkIn: false,
						dueAt: inDays(-1).toISOString(),
						note: 'Why this, and how.',
						status: 'reviewed',
						overdue: false
					},
					{
						id: ids.accountability,
						templateId: 'accountability',
						title: template('accountability').title,
						private: false,
						step: 5,
						programStepId: null,
						checkIn: false,
						dueAt: inDays(2).toISOString(),
						note: 'Why this, and how.',
						status: 'draft',
						overdue: false
					},
					{
						id: ids.safetyForAlex,
						templateId: 'safety-check-in',
						// Named neutrally wherever the partner sees it.
						title: 'Check-in',
						private: true,
						step: null,
						programStepId: null,
						checkIn: true,
						dueAt: inDays(2).toISOString(),
						note: 'Only I will see it.',
						status: 'not-started',
						overdue: false
					},
					{
						id: ids.checkIn,
						templateId: 'satisfaction-check-in',
						title: 'Relationship check-in',
						private: false,
						step: null,
						programStepId: null,
						checkIn: true,
						dueAt: inDays(1).toISOString(),
						note: 'Why this, and how.',
						status: 'submitted',
						overdue: false
					}
				])
			);
		});

		it('gives Sam their own homework with their own statuses', async () => {
			const sams = byId(await homeworkOf(sam));
			// Sam's private check-in is sent, so it is in none of Sam's lists.
			expect([...sams.keys()].sort()).toEqual(
				[ids.accountability, ids.coreIssuesForSam, ids.checkIn, ids.lastWeek].sort()
			);
			expect(sams.get(ids.accountability)?.status).toBe('submitted');
			expect(sams.get(ids.coreIssuesForSam)?.status).toBe('draft');
			// Last session's check-in does not count for this one.
			expect(sams.get(ids.checkIn)?.status).toBe('not-started');
			expect(sams.get(ids.lastWeek)).toMatchObject({ status: 'not-started', overdue: true });
		});

		it('never shows a partner the other’s private check-in, nor any sign of it', async () => {
			const alexs = await homeworkOf(alex);
			expect(alexs.map((item) => item.id)).not.toContain(ids.safetyForSam);
			// Alex's own check-in is there, once, and says nothing of Sam's (which Sam has submitted).
			expect(alexs.filter((item) => item.templateId === 'safety-check-in')).toEqual([
				expect.objectContaining({ id: ids.safetyForAlex, status: 'not-started' })
			]);
			const text = JSON.stringify(alexs);
			for (const secret of [ids.safetyForSam, ids.coreIssuesForSam, sam, 'Sam'])
				expect(text).not.toContain(secret);

			const sams = await homeworkOf(sam);
			expect(sams.map((item) => item.id)).not.toContain(ids.safetyForAlex);
			expect(JSON.stringify(sams)).not.toContain(alex);
		});

		it('lists an open private check-in as "Check-in", and leaves it out once sent', async () => {
			const open = byId(await homeworkOf(alex)).get(ids.safetyForAlex);
			expect(open).toMatchObject({ title: 'Check-in', status: 'not-started' });
			await respond(ids.safetyForAlex, alex, 'submitted');
			expect(byId(await homeworkOf(alex)).has(ids.safetyForAlex)).toBe(false);
			// Another one started after sending is open again, so it can be found.
			await respond(ids.safetyForAlex, alex, 'draft', 'again-2');
			expect(byId(await homeworkOf(alex)).get(ids.safetyForAlex)).toMatchObject({
				title: 'Check-in',
				status: 'draft'
			});
		});

		it('shows the therapist the check-in sent, not a further one being written', async () => {
			await respond(ids.safetyForSam, sam, 'draft', 'again-2');
			const [view] = (await assignmentsForCouple(t.db, coupleId, now)).filter(
				(item) => item.id === ids.safetyForSam
			);
			expect(view?.progress).toEqual([expect.objectContaining({ status: 'submitted' })]);
			expect(view?.overdue).toBe(false);
		});

		it('leaves out what is addressed to the other partner alone, and what was cancelled', async () => {
			const alexs = byId(await homeworkOf(alex));
			expect(alexs.has(ids.coreIssuesForSam)).toBe(false);
			expect(alexs.has(ids.cancelled)).toBe(false);
			expect(byId(await homeworkOf(sam)).has(ids.cancelled)).toBe(false);
		});

		it('never shows the other partner’s status, even in whether something is overdue', async () => {
			// Sam submitted the accountability worksheet and Alex did not; Alex left last week's reconnecting worksheet reviewed and Sam did not start it.
			const afterTheSession = new Date(inDays(2).getTime() + 1);
			const alexs = byId(await homeworkOf(alex, afterTheSession));
			const sams = byId(await homeworkOf(sam, afterTheSession));
			expect(alexs.get(ids.accountability)).toMatchObject({ status: 'draft', overdue: true });
			expect(sams.get(ids.accountability)).toMatchObject({ status: 'submitted', overdue: false });
			expect(alexs.get(ids.lastWeek)).toMatchObject({ status: 'reviewed', overdue: false });
			expect(sams.get(ids.lastWeek)).toMatchObject({ status: 'not-started', overdue: true });
		});

		it('computes overdue from the given time', async () => {
			const justBefore = new Date(inDays(2).getTime() - 1);
			const justAfter = new Date(inDays(2).getTime() + 1);
			expect(byId(await homeworkOf(alex, justBefore)).get(ids.safetyForAlex)?.overdue).toBe(false);
			expect(byId(await homeworkOf(alex, justAfter)).get(ids.safetyForAlex)?.overdue).toBe(true);
		});

		it('makes a recurring check-in due 24 hours before, and tracked for, the next session', async () => {
			expect(byId(await homeworkOf(alex)).get(ids.checkIn)).toMatchObject({
				dueAt: inDays(1).toISOString(),
				status: 'submitted',
				overdue: false
			});
			// Once that session has begun, the check-in is for the one after, and starts afresh.
			const duringTheSession = new Date(inDays(2).getTime() + 60_000);
			expect(byId(await homeworkOf(alex, duringTheSession)).get(ids.checkIn)).toMatchObject({
				dueAt: inDays(8).toISOString(),
				status: 'not-started',
				overdue: false
			});
			// A cancelled session is skipped.
			await setSessionStatus(t.db, by(therapist), sessions.next, 'cancelled', now);
			expect(byId(await homeworkOf(alex)).get(ids.checkIn)).toMatchObject({
				dueAt: inDays(8).toISOString(),
				status: 'not-started'
			});
			// With no session ahead, it is due at no particular time.
			expect(byId(await homeworkOf(alex, inDays(10))).get(ids.checkIn)).toMatchObject({
				dueAt: null,
				status: 'not-started',
				overdue: false
			});
		});

		it('gives a partner of another couple nothing of this one', async () => {
			const otherCouple = await createCouple(
				t.db,
				by(otherTherapist),
				{
					name: 'Jordan & Casey',
					partnerNames: ['Jordan', 'Casey'],
					secretsPolicy: 'no-secrets',
					policyText: 'Policy.'
				},
				now
			);
			const [jordan] = await t.db
				.selectFrom('partners')
				.select('id')
				.where('couple_id', '=', otherCouple)
				.orderBy('position')
				.execute();
			expect(
				await homeworkForPartner(t.db, { partnerId: jordan!.id, coupleId: otherCouple }, now)
			).toEqual([]);
		});
	});

	describe('assignableTemplates', () => {
		it('offers every built-in worksheet, newest version', async () => {
			const offered = await assignableTemplates(t.db);
			expect([...offered.keys()].sort()).toEqual(BUILTIN_TEMPLATES.map((entry) => entry.id).sort());
			expect(offered.get('accountability')).toEqual(template('accountability'));
		});
	});
});
