import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recurrence } from '../database/schema';
import { assignHomework, cancelAssignment } from '../homework/assignments';
import { addFeedback, markPrepared, saveSessionNotes } from '../homework/review';
import { sessionPrep, type PrepWorksheet, type SessionPrep } from './session-prep';
import { scheduleSession, setSessionStatus } from '../casework/therapy-sessions';
import { builtinTemplate } from '../../worksheets/builtin';
import { checkInAnswers, insertTestFlag, insertTestResponse } from '../testing/casework';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
const titleOf = (id: string) => builtinTemplate(id)!.title;
/** How many days from now the session after the current one is. */
const LATER_DAYS = 9;

describe('sessionPrep', () => {
	let t: TestDatabase;
	let therapist: string;
	let coupleId: string;
	let alex: string;
	let sam: string;
	let sessions: {
		older: string;
		previous: string;
		cancelled: string;
		current: string;
		later: string;
	};
	let work: Record<
		| 'accountability'
		| 'breakupReasons'
		| 'coreIssues'
		| 'reconnecting'
		| 'takingItSlow'
		| 'goals'
		| 'commitment'
		| 'allOutcomes'
		| 'checkIn'
		| 'safety',
		string
	>;
	let responses: Record<
		| 'alexAccountability'
		| 'samAccountability'
		| 'alexBreakup'
		| 'alexCoreIssues'
		| 'samCoreIssues'
		| 'alexReconnecting'
		| 'samReconnecting'
		| 'alexCommitment'
		| 'alexAllOutcomes'
		| 'samSafety',
		string
	>;
	let checkIns: {
		alexOlder: string;
		alexCancelled: string;
		alexCurrent: string;
		samPrevious: string;
		samCurrent: string;
	};
	let others: {
		coupleIds: string[];
		partnerIds: string[];
		responseIds: string[];
		sessionId: string;
	};

	async function assign(
		owner: string,
		couple: string,
		templateId: string,
		options: { due: number | null; to?: Array<string | null>; recurrence?: Recurrence }
	): Promise<string> {
		const ids = await assignHomework(
			t.db,
			by(owner),
			couple,
			{
				template: builtinTemplate(templateId)!,
				addressees: options.to ?? [null],
				dueAt: options.due === null ? null : at(options.due),
				note: '',
				recurrence: options.recurrence ?? 'once'
			},
			new Date(at(-20))
		);
		return ids![0]!;
	}

	async function schedule(owner: string, couple: string, days: number): Promise<string> {
		return (await scheduleSession(
			t.db,
			by(owner),
			couple,
			{ startsAt: new Date(at(days)), durationMinutes: 50, format: 'in-person', agenda: '' },
			new Date(at(-30))
		))!;
	}

	const prepFor = (session: string, days: number, when = now): Promise<SessionPrep> =>
		sessionPrep(t.db, coupleId, { id: session, startsAt: at(days) }, when);
	const prep = () => prepFor(sessions.current, 2);
	const worksheet = (result: SessionPrep, assignmentId: string): PrepWorksheet | undefined =>
		result.worksheets.find((entry) => entry.assignmentId === assignmentId);

	/** A busy couple: the other one of this therapist, or another therapist's. */
	async function otherCouple(owner: string, name: string, partnerNames: [string, string]) {
		const id = await insertTestCouple(t.db, owner, name);
		const first = (await insertTestPartner(t.db, id, { position: 1, displayName: partnerNames[0] }))
			.partnerId;
		const second = (
			await insertTestPartner(t.db, id, { position: 2, displayName: partnerNames[1] })
		).partnerId;
		const session = await schedule(owner, id, 2);
		await setSessionStatus(t.db, by(owner), await schedule(owner, id, -7), 'held', now);
		const accountability = await assign(owner, id, 'accountability', { due: -1 });
		const checkIn = await assign(owner, id, 'satisfaction-check-in', {
			due: null,
			recurrence: 'before-each-session'
		});
		const ids = [
			await insertTestResponse(t.db, {
				assignmentId: accountability,
				partnerId: first,
				status: 'submitted',
				submittedAt: at(-1),
				answers: { 'apology-draft': `${name} apology` }
			}),
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: second,
				status: 'submitted',
				submittedAt: at(-1),
				occurrence: session,
				answers: checkInAnswers(3)
			})
		];
		await insertTestFlag(t.db, {
			coupleId: id,
			partnerId: second,
			kind: 'safety',
			raisedAt: at(-1)
		});
		await saveSessionNotes(t.db, by(owner), session, `${name} notes`, now);
		await addFeedback(t.db, by(owner), id, ids[0]!, null, `${name} feedback`, now);
		return { id, partnerIds: [first, second], responseIds: ids, session };
	}

	beforeEach(async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		coupleId = await insertTestCouple(t.db, therapist, 'Alex & Sam');
		// Sam's place is stored first: the order must come from the positions.
		sam = (await insertTestPartner(t.db, coupleId, { position: 2, displayName: 'Sam' })).partnerId;
		alex = (await insertTestPartner(t.db, coupleId, { position: 1, displayName: 'Alex' }))
			.partnerId;

		sessions = {
			older: await schedule(therapist, coupleId, -14),
			previous: await schedule(therapist, coupleId, -7),
			cancelled: await schedule(therapist, coupleId, -3),
			current: await schedule(therapist, coupleId, 2),
			later: await schedule(therapist, coupleId, LATER_DAYS)
		};
		await setSessionStatus(t.db, by(therapist), sessions.older, 'held', now);
		await setSessionStatus(t.db, by(therapist), sessions.previous, 'held', now);
		await setSessionStatus(t.db, by(therapist), sessions.cancelled, 'cancelled', now);

		work = {
			accountability: await assign(therapist, coupleId, 'accountability', { due: 2 }),
			breakupReasons: await assign(therapist, coupleId, 'breakup-reasons', { due: -8 }),
			coreIssues: await assign(therapist, coupleId, 'core-issues', { due: 2 }),
			reconnecting: await assign(therapist, coupleId, 'reconnecting', { due: -1 }),
			takingItSlow: await assign(therapist, coupleId, 'taking-it-slow', { due: 2, to: [sam] }),
			goals: await assign(therapist, coupleId, 'relationship-goals', { due: 5 }),
			commitment: await assign(therapist, coupleId, 'therapy-commitment', { due: -1 }),
			allOutcomes: await assign(therapist, coupleId, 'all-outcomes', { due: 1 }),
			checkIn: await assign(therapist, coupleId, 'satisfaction-check-in', {
				due: null,
				recurrence: 'before-each-session'
			}),
			safety: await assign(therapist, coupleId, 'safety-check-in', { due: 2, to: [sam] })
		};

		responses = {
			// Sam's is stored first: the order must come from the positions.
			samAccountability: await insertTestResponse(t.db, {
				assignmentId: work.accountability,
				partnerId: sam,
				status: 'submitted',
				submittedAt: at(-2),
				answers: { 'readiness-to-share': 3 }
			}),
			alexAccountability: await insertTestResponse(t.db, {
				assignmentId: work.accountability,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-1),
				answers: { 'apology-draft': 'I am sorry I went quiet.', 'readiness-to-share': 8 }
			}),
			// Before the previous session: already discussed.
			alexBreakup: await insertTestResponse(t.db, {
				assignmentId: work.breakupReasons,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-10)
			}),
			// After the previous session, before the cancelled one.
			samCoreIssues: await insertTestResponse(t.db, {
				assignmentId: work.coreIssues,
				partnerId: sam,
				status: 'submitted',
				submittedAt: at(-5)
			}),
			alexCoreIssues: await insertTestResponse(t.db, {
				assignmentId: work.coreIssues,
				partnerId: alex,
				status: 'reviewed',
				submittedAt: at(-1.5),
				reviewedAt: at(-1)
			}),
			// Sent back for revision: a draft again, once submitted.
			alexReconnecting: await insertTestResponse(t.db, {
				assignmentId: work.reconnecting,
				partnerId: alex,
				status: 'draft',
				submittedAt: at(-3),
				changedAfterSubmitAt: at(-0.5)
			}),
			samReconnecting: await insertTestResponse(t.db, {
				assignmentId: work.reconnecting,
				partnerId: sam,
				status: 'reviewed',
				submittedAt: at(-2),
				reviewedAt: at(-1)
			}),
			alexCommitment: await insertTestResponse(t.db, {
				assignmentId: work.commitment,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-1)
			}),
			// Never submitted.
			alexAllOutcomes: await insertTestResponse(t.db, {
				assignmentId: work.allOutcomes,
				partnerId: alex,
				status: 'draft',
				submittedAt: null
			}),
			samSafety: await insertTestResponse(t.db, {
				assignmentId: work.safety,
				partnerId: sam,
				status: 'submitted',
				submittedAt: at(-2),
				answers: { 'afraid-past-year': 'sometimes' }
			})
		};
		await cancelAssignment(t.db, by(therapist), work.commitment, now);

		checkIns = {
			alexOlder: await insertTestResponse(t.db, {
				assignmentId: work.checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-15),
				occurrence: sessions.older,
				answers: checkInAnswers(20)
			}),
			samPrevious: await insertTestResponse(t.db, {
				assignmentId: work.checkIn,
				partnerId: sam,
				status: 'reviewed',
				submittedAt: at(-8),
				reviewedAt: at(-7.5),
				occurrence: sessions.previous,
				answers: checkInAnswers(16)
			}),
			alexCancelled: await insertTestResponse(t.db, {
				assignmentId: work.checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-6),
				occurrence: sessions.cancelled,
				answers: checkInAnswers(16)
			}),
			alexCurrent: await insertTestResponse(t.db, {
				assignmentId: work.checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-1),
				occurrence: sessions.current,
				answers: checkInAnswers(18)
			}),
			samCurrent: await insertTestResponse(t.db, {
				assignmentId: work.checkIn,
				partnerId: sam,
				status: 'submitted',
				submittedAt: at(-0.5),
				occurrence: sessions.current,
				answers: checkInAnswers(13)
			})
		};

		await insertTestFlag(t.db, {
			coupleId,
			partnerId: sam,
			kind: 'safety',
			raisedAt: at(-2),
			responseId: responses.samSafety
		});
		await insertTestFlag(t.db, {
			coupleId,
			partnerId: alex,
			kind: 'safety',
			raisedAt: at(-20),
			resolvedAt: at(-10)
		});

		const blake = await otherCouple(therapist, 'Blake & Drew', ['Blake', 'Drew']);
		const jordan = await otherCouple(otherTherapist, 'Jordan & Casey', ['Jordan', 'Casey']);
		others = {
			coupleIds: [blake.id, jordan.id],
			partnerIds: [...blake.partnerIds, ...jordan.partnerIds],
			responseIds: [...blake.responseIds, ...jordan.responseIds],
			sessionId: blake.session
		};
	});

	afterEach(async () => {
		await t.cleanup();
	});

	it('names the partners by position and the previous session, skipping a cancelled one', async () => {
		const result = await prep();
		expect(result.partners).toEqual([
			{ id: alex, position: 1, displayName: 'Alex' },
			{ id: sam, position: 2, displayName: 'Sam' }
		]);
		expect(result.previousSessionAt).toBe(at(-7));
	});

	it('shows only what was submitted since the previous session that was not cancelled', async () => {
		const result = await prep();
		expect(result.worksheets.map((entry) => entry.assignmentId).sort()).toEqual(
			[work.accountability, work.coreIssues, work.reconnecting, work.checkIn, work.safety].sort()
		);
		// Submitted before the previous session: discussed then, not again.
		expect(worksheet(result, work.breakupReasons)).toBeUndefined();
		// Submitted after the previous session but before the cancelled one: still new.
		expect(
			worksheet(result, work.coreIssues)?.responses.map((response) => response?.responseId)
		).toEqual([responses.alexCoreIssues, responses.samCoreIssues]);
		// Never submitted, or cancelled: not here.
		expect(worksheet(result, work.allOutcomes)).toBeUndefined();
		expect(worksheet(result, work.commitment)).toBeUndefined();
		expect(JSON.stringify(result.worksheets)).not.toContain(responses.alexAllOutcomes);
		expect(JSON.stringify(result.worksheets)).not.toContain(responses.alexCommitment);
	});

	it('counts everything submitted so far when there is no session before', async () => {
		const first = await prepFor(sessions.older, -14);
		expect(first.previousSessionAt).toBeNull();
		expect(
			worksheet(first, work.breakupReasons)?.responses.map(
				(response) => response?.responseId ?? null
			)
		).toEqual([responses.alexBreakup, null]);
	});

	it('puts each worksheet’s responses in partner order, both side by side', async () => {
		const accountability = worksheet(await prep(), work.accountability)!;
		expect(accountability).toMatchObject({
			title: titleOf('accountability'),
			placement: 'Step 5',
			private: false,
			score: [null, null],
			band: [null, null]
		});
		expect(accountability.template.id).toBe('accountability');
		expect(accountability.responses).toEqual([
			{
				responseId: responses.alexAccountability,
				partnerId: alex,
				status: 'submitted',
				submittedAt: at(-1),
				changedAfterSubmit: false,
				feedback: []
			},
			{
				responseId: responses.samAccountability,
				partnerId: sam,
				status: 'submitted',
				submittedAt: at(-2),
				changedAfterSubmit: false,
				feedback: []
			}
		]);
		const readiness = accountability.sections
			.flatMap((section) => section.rows)
			.find((row) => row.field.key === 'readiness-to-share');
		expect(readiness).toMatchObject({ first: 8, second: 3, difference: '5 points apart' });
		const apology = accountability.sections
			.flatMap((section) => section.rows)
			.find((row) => row.field.key === 'apology-draft');
		expect(apology).toMatchObject({ first: 'I am sorry I went quiet.', second: undefined });
	});

	it('includes a response sent back for revision, showing it changed after it was submitted', async () => {
		expect(worksheet(await prep(), work.reconnecting)?.responses).toEqual([
			{
				responseId: responses.alexReconnecting,
				partnerId: alex,
				status: 'draft',
				submittedAt: at(-3),
				changedAfterSubmit: true,
				feedback: []
			},
			{
				responseId: responses.samReconnecting,
				partnerId: sam,
				status: 'reviewed',
				submittedAt: at(-2),
				changedAfterSubmit: false,
				feedback: []
			}
		]);
	});

	it('shows each partner’s latest recurring check-in, with its score', async () => {
		const checkIn = worksheet(await prep(), work.checkIn)!;
		expect(checkIn.responses.map((response) => response?.responseId)).toEqual([
			checkIns.alexCurrent,
			checkIns.samCurrent
		]);
		expect(checkIn.band).toEqual(['Above the distress line', 'Below the distress line']);
		expect(checkIn.score).toEqual([18, 13]);
	});

	it('names where each worksheet sits: its step, a check-in, or outside the program', async () => {
		// Set from the library while the couple followed a program without it: under no step.
		const [outside] = (await assignHomework(
			t.db,
			by(therapist),
			coupleId,
			{
				template: builtinTemplate('personal-growth')!,
				addressees: [null],
				dueAt: at(2),
				note: '',
				recurrence: 'once',
				step: null
			},
			new Date(at(-20))
		))!;
		await insertTestResponse(t.db, {
			assignmentId: outside!,
			partnerId: alex,
			status: 'submitted',
			submittedAt: at(-1)
		});
		const result = await prep();
		expect(worksheet(result, work.accountability)?.placement).toBe('Step 5');
		expect(worksheet(result, work.checkIn)?.placement).toBe('Check-in');
		expect(worksheet(result, work.safety)?.placement).toBe('Check-in');
		expect(worksheet(result, outside!)?.placement).toBe('Outside the program');
	});

	it('shows a private check-in with only its author’s response', async () => {
		const safety = worksheet(await prep(), work.safety)!;
		expect(safety.private).toBe(true);
		expect(safety.responses.map((response) => response?.partnerId ?? null)).toEqual([null, sam]);
	});

	it('lists the check-in trend of both partners, oldest first, with any session', async () => {
		const points = (await prep()).checkIns.map(({ partnerId, at, total }) => ({
			partnerId,
			at,
			total
		}));
		expect(points).toEqual([
			{ partnerId: alex, at: at(-15), total: 20 },
			{ partnerId: sam, at: at(-8), total: 16 },
			{ partnerId: alex, at: at(-6), total: 16 },
			{ partnerId: alex, at: at(-1), total: 18 },
			{ partnerId: sam, at: at(-0.5), total: 13 }
		]);
	});

	it('counts a check-in set before every session as missing for a session until it is handed in for that one', async () => {
		const checkInFor = (result: SessionPrep) =>
			result.missing.filter((item) => item.assignmentId === work.checkIn);
		// Both partners handed in the check-in for the current session.
		expect(checkInFor(await prep())).toEqual([]);
		// The one for the session after it is still to come from both.
		const later = await prepFor(sessions.later, LATER_DAYS);
		expect(checkInFor(later)).toEqual(
			['Alex', 'Sam'].map((partnerName) => ({
				assignmentId: work.checkIn,
				title: titleOf('satisfaction-check-in'),
				partnerName,
				// Due the day before (the couple's 24 hours), so it is in for the prep.
				dueAt: at(LATER_DAYS - 1),
				overdue: false,
				private: false
			}))
		);
	});

	it('lists homework due by this session that is not in, per partner it is for, overdue by the clock', async () => {
		const byName = (list: SessionPrep['missing']) =>
			[...list].sort((a, b) =>
				`${a.title}/${a.partnerName}`.localeCompare(`${b.title}/${b.partnerName}`)
			);
		const expected: SessionPrep['missing'] = [
			// Alex's was submitted, but before the previous session: it is in all the same.
			{
				assignmentId: work.breakupReasons,
				title: titleOf('breakup-reasons'),
				partnerName: 'Sam',
				dueAt: at(-8),
				overdue: true,
				private: false
			},
			// Sent back for revision, so not in.
			{
				assignmentId: work.reconnecting,
				title: titleOf('reconnecting'),
				partnerName: 'Alex',
				dueAt: at(-1),
				overdue: true,
				private: false
			},
			// For Sam only, and not yet due.
			{
				assignmentId: work.takingItSlow,
				title: titleOf('taking-it-slow'),
				partnerName: 'Sam',
				dueAt: at(2),
				overdue: false,
				private: false
			},
			// A draft is not in.
			{
				assignmentId: work.allOutcomes,
				title: titleOf('all-outcomes'),
				partnerName: 'Alex',
				dueAt: at(1),
				overdue: false,
				private: false
			},
			{
				assignmentId: work.allOutcomes,
				title: titleOf('all-outcomes'),
				partnerName: 'Sam',
				dueAt: at(1),
				overdue: false,
				private: false
			}
		];
		expect(byName((await prep()).missing)).toEqual(byName(expected));

		// Later on, what was not yet due is overdue.
		const later = await prepFor(sessions.current, 2, new Date(at(3)));
		expect(later.missing.filter((item) => !item.overdue)).toEqual([]);
		expect(later.missing).toHaveLength(5);
		// Homework nobody has started is named by its title, here and in its flag.
		expect(later.flags).toContainEqual({
			kind: 'overdue',
			partnerName: 'Sam',
			detail: `${titleOf('taking-it-slow')} is overdue`
		});
	});

	it('raises unresolved safety flags, distress on the check-in, answers far apart and overdue homework', async () => {
		const result = await prep();
		const byKind = (list: SessionPrep['flags']) =>
			[...list].sort((a, b) =>
				`${a.kind}/${a.partnerName}/${a.detail}`.localeCompare(
					`${b.kind}/${b.partnerName}/${b.detail}`
				)
			);
		expect(byKind(result.flags)).toEqual(
			byKind([
				// Alex's resolved safety flag is not here.
				{
					kind: 'safety',
					partnerName: 'Sam',
					detail: 'A concerning answer on a private check-in',
					// Pointing at the answers that raised it, to follow it up.
					followUp: {
						id: expect.any(String),
						tier: 'watch',
						state: 'open',
						assignmentId: work.safety,
						escalations: []
					}
				},
				// Alex went 20 to 18, Sam 16 to 13: within measurement error, and one session is
				// too soon to call anyone not on track. A low total alone is no flag.
				// Alex is ready to share at 8, Sam at 3.
				{
					kind: 'disagreement',
					partnerName: null,
					detail: `Far apart on ${titleOf('accountability')}: 1 difference to raise`
				},
				{ kind: 'overdue', partnerName: 'Sam', detail: `${titleOf('breakup-reasons')} is overdue` },
				{ kind: 'overdue', partnerName: 'Alex', detail: `${titleOf('reconnecting')} is overdue` }
			])
		);
	});

	it('flags a reliable fall from the first check-in (4 points), never a fall of 3', async () => {
		const distress = async () =>
			(await prep()).flags.filter(
				(flag) => flag.kind === 'distress' && flag.partnerName === 'Alex'
			);
		// 20 to 18.
		expect(await distress()).toEqual([]);
		const latest = async (total: number) =>
			t.db
				.updateTable('responses')
				.set({ answers: JSON.stringify(checkInAnswers(total)), total })
				.where('id', '=', checkIns.alexCurrent)
				.execute();
		await latest(17);
		// 20 to 17: down 3, within the CSI-4's measurement error.
		expect(await distress()).toEqual([]);
		await latest(16);
		expect(await distress()).toEqual([
			{
				kind: 'distress',
				partnerName: 'Alex',
				detail: 'Reliable deterioration on the relationship check-in, 20 → 16'
			}
		]);
	});

	it('leaves a check-in sent back for revision out of the trend', async () => {
		await t.db
			.updateTable('responses')
			.set({ status: 'draft', changed_after_submit_at: at(-0.2) })
			.where('id', '=', checkIns.samCurrent)
			.execute();
		const result = await prep();
		expect(
			result.checkIns
				.filter((point) => point.partnerId === sam)
				.map(({ partnerId, at, total }) => ({ partnerId, at, total }))
		).toEqual([{ partnerId: sam, at: at(-8), total: 16 }]);
		expect(result.flags.filter((flag) => flag.kind === 'distress')).toEqual([]);
	});

	it('drops a safety flag once it is resolved', async () => {
		await t.db
			.updateTable('flags')
			.set({ resolved_at: now.toISOString() })
			.where('couple_id', '=', coupleId)
			.execute();
		expect((await prep()).flags.filter((flag) => flag.kind === 'safety')).toEqual([]);
	});

	it('gives each response its feedback, oldest first', async () => {
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alexAccountability,
				null,
				'For you both: a good start.',
				new Date(at(-0.2))
			)
		).toBe('added');
		expect(
			await addFeedback(
				t.db,
				by(therapist),
				coupleId,
				responses.alexAccountability,
				alex,
				'Alex, thank you.',
				new Date(at(-0.4))
			)
		).toBe('added');
		const [first, second] = worksheet(await prep(), work.accountability)!.responses;
		expect(
			first?.feedback.map(({ toPartnerId, text, createdAt }) => ({ toPartnerId, text, createdAt }))
		).toEqual([
			{ toPartnerId: alex, text: 'Alex, thank you.', createdAt: at(-0.4) },
			{ toPartnerId: null, text: 'For you both: a good start.', createdAt: at(-0.2) }
		]);
		expect(second?.feedback).toEqual([]);
	});

	it('brings back the therapist’s notes and when the session was marked prepared', async () => {
		expect(await prep()).toMatchObject({ notes: '', preparedAt: null });
		await saveSessionNotes(
			t.db,
			by(therapist),
			sessions.current,
			'Ask Sam, alone, about the check-in.',
			now
		);
		await markPrepared(t.db, by(therapist), sessions.current, true, now);
		expect(await prep()).toMatchObject({
			notes: 'Ask Sam, alone, about the check-in.',
			preparedAt: now.toISOString()
		});
		// Notes belong to their session.
		expect((await prepFor(sessions.later, 9)).notes).toBe('');
		expect((await prepFor(sessions.later, 9)).preparedAt).toBeNull();
	});

	it('shows nothing of another couple, the therapist’s own or another therapist’s', async () => {
		const text = JSON.stringify(await prep());
		for (const id of [
			...others.coupleIds,
			...others.partnerIds,
			...others.responseIds,
			others.sessionId
		])
			expect(text).not.toContain(id);
		for (const name of ['Blake', 'Drew', 'Jordan', 'Casey']) expect(text).not.toContain(name);
		// Their flags, check-ins and notes are not counted either.
		const result = await prep();
		expect(result.flags.filter((flag) => flag.kind === 'safety')).toHaveLength(1);
		expect(result.checkIns).toHaveLength(5);
	});
});
