import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCoupleArchived } from '../casework/couples';
import type { ResponseStatus } from '../database/schema';
import { assignHomework, cancelAssignment } from '../homework/assignments';
import { SESSIONS_SHOWN, markHomeSeen, weekAhead } from './week-ahead';
import { markPrepared } from '../homework/review';
import { recordMissingDifferences } from '../homework/differences';
import { scheduleSession, setSessionStatus } from '../casework/therapy-sessions';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import {
	checkInAnswers,
	insertTestCouple,
	insertTestFlag,
	insertTestResponse
} from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const titleOf = (id: string) => BUILTIN_TEMPLATES.find((template) => template.id === id)!.title;

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;

interface TestCouple {
	id: string;
	partners: [string, string];
}

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

async function couple(
	owner: string,
	name: string,
	partnerNames: [string, string]
): Promise<TestCouple> {
	const { coupleId, partnerIds } = await insertTestCouple(t.db, owner, {
		name,
		partnerNames,
		at: inDays(-30)
	});
	return { id: coupleId, partners: partnerIds };
}

async function session(owner: string, coupleId: string, days: number): Promise<string> {
	return (await scheduleSession(
		t.db,
		by(owner),
		coupleId,
		{ startsAt: inDays(days), durationMinutes: 50, format: 'video', agenda: '' },
		inDays(-30)
	))!;
}

async function assign(
	owner: string,
	coupleId: string,
	templateId: string,
	dueInDays: number,
	addressees: Array<string | null> = [null]
): Promise<string> {
	const template = BUILTIN_TEMPLATES.find((candidate) => candidate.id === templateId)!;
	const ids = await assignHomework(
		t.db,
		by(owner),
		coupleId,
		{ template, addressees, dueAt: inDays(dueInDays).toISOString(), note: '', recurrence: 'once' },
		inDays(-14)
	);
	return ids![0]!;
}

async function assignCheckIn(owner: string, coupleId: string): Promise<string> {
	const template = BUILTIN_TEMPLATES.find((candidate) => candidate.id === 'satisfaction-check-in')!;
	const ids = await assignHomework(
		t.db,
		by(owner),
		coupleId,
		{ template, addressees: [null], dueAt: null, note: '', recurrence: 'before-each-session' },
		inDays(-30)
	);
	return ids![0]!;
}

async function respond(
	assignmentId: string,
	partnerId: string,
	status: ResponseStatus,
	submittedDaysAgo = 1
) {
	const submittedAt = inDays(-submittedDaysAgo).toISOString();
	await t.db
		.insertInto('responses')
		.values({
			id: `${assignmentId}-${partnerId}`,
			assignment_id: assignmentId,
			partner_id: partnerId,
			template_version: 1,
			status,
			started_at: inDays(-5).toISOString(),
			updated_at: submittedAt,
			submitted_at: status === 'draft' ? null : submittedAt,
			reviewed_at: status === 'reviewed' ? submittedAt : null
		})
		.execute();
}

describe('weekAhead', () => {
	let alexAndSam: TestCouple;
	let nextSession: string;
	let ids: { accountability: string; reconnecting: string; safetyForSam: string };
	let jordanAndCasey: TestCouple;
	let jordanAndCaseySession: string;

	beforeEach(async () => {
		alexAndSam = await couple(therapist, 'Alex & Sam', ['Alex', 'Sam']);
		const [alex, sam] = alexAndSam.partners;
		await setSessionStatus(
			t.db,
			by(therapist),
			await session(therapist, alexAndSam.id, -7),
			'held',
			now
		);
		await setSessionStatus(
			t.db,
			by(therapist),
			await session(therapist, alexAndSam.id, 1),
			'cancelled',
			now
		);
		nextSession = await session(therapist, alexAndSam.id, 2);
		await session(therapist, alexAndSam.id, 10);

		ids = {
			accountability: await assign(therapist, alexAndSam.id, 'accountability', 2),
			reconnecting: await assign(therapist, alexAndSam.id, 'reconnecting', -1),
			safetyForSam: await assign(therapist, alexAndSam.id, 'safety-check-in', 2, [sam])
		};
		await respond(ids.accountability, alex, 'submitted', 1);
		await respond(ids.accountability, sam, 'draft');
		await respond(ids.reconnecting, sam, 'reviewed', 2);
		await respond(ids.safetyForSam, sam, 'submitted', 0.5);
		const cancelled = await assign(therapist, alexAndSam.id, 'breakup-reasons', -1);
		await respond(cancelled, alex, 'submitted', 0.25);
		await cancelAssignment(t.db, by(therapist), cancelled, now);

		// An archived couple of the same therapist, and another therapist's couple, both busy this week.
		const archived = await couple(therapist, 'Blake & Drew', ['Blake', 'Drew']);
		await session(therapist, archived.id, 3);
		const archivedWork = await assign(therapist, archived.id, 'accountability', -1);
		await respond(archivedWork, archived.partners[0], 'submitted', 0.1);
		await setCoupleArchived(t.db, by(therapist), archived.id, true, now);

		jordanAndCasey = await couple(otherTherapist, 'Jordan & Casey', ['Jordan', 'Casey']);
		jordanAndCaseySession = await session(otherTherapist, jordanAndCasey.id, 1);
		const othersWork = await assign(otherTherapist, jordanAndCasey.id, 'accountability', -1);
		await respond(othersWork, jordanAndCasey.partners[1], 'submitted', 0.1);
	});

	it('lists the sessions of the next seven days, with how much homework is in for each', async () => {
		const home = await weekAhead(t.db, therapist, now);
		// Due by the session: the accountability worksheet (Alex in, Sam drafting), last week's
		// reconnecting worksheet (Sam in and reviewed, Alex not started) and Sam's check-in (in).
		expect(home.sessions).toEqual([
			{
				id: nextSession,
				coupleId: alexAndSam.id,
				coupleName: 'Alex & Sam',
				startsAt: inDays(2).toISOString(),
				format: 'video',
				homeworkIn: 3,
				homeworkReviewed: 1,
				homeworkMissing: 2,
				prepared: false,
				flags: [{ kind: 'overdue', label: 'Overdue homework' }]
			}
		]);
	});

	it('counts a check-in set before every session as in or missing for the session it is due at', async () => {
		const [alex] = alexAndSam.partners;
		const checkIn = await assignCheckIn(therapist, alexAndSam.id);
		// Alex handed in the one for the next session, and had it reviewed; Sam has not done it.
		await t.db
			.insertInto('responses')
			.values({
				id: 'alex-check-in',
				assignment_id: checkIn,
				partner_id: alex,
				occurrence: nextSession,
				template_version: 1,
				status: 'reviewed',
				started_at: inDays(-1).toISOString(),
				updated_at: inDays(-1).toISOString(),
				submitted_at: inDays(-1).toISOString(),
				reviewed_at: inDays(-0.5).toISOString()
			})
			.execute();
		const [session] = (await weekAhead(t.db, therapist, now)).sessions;
		// As before (3 in, 1 reviewed, 2 missing), with Alex's check-in in and Sam's missing.
		expect(session).toMatchObject({
			id: nextSession,
			homeworkIn: 4,
			homeworkReviewed: 2,
			homeworkMissing: 3
		});
	});

	it('leaves out sessions a week or more away', async () => {
		// The next session is exactly seven days after this moment: not in the week ahead.
		expect((await weekAhead(t.db, therapist, inDays(-5))).sessions).toEqual([]);
		expect(
			(await weekAhead(t.db, therapist, inDays(-4.9))).sessions.map((entry) => entry.id)
		).toEqual([nextSession]);
		// Past sessions are no longer ahead.
		expect(
			(await weekAhead(t.db, therapist, inDays(3.5))).sessions.map((entry) => entry.startsAt)
		).toEqual([inDays(10).toISOString()]);
	});

	it('lists overdue homework by couple with who has not handed it in', async () => {
		const week = await weekAhead(t.db, therapist, now);
		expect(week.overdue).toEqual([
			{
				coupleId: alexAndSam.id,
				coupleName: 'Alex & Sam',
				assignments: 1,
				items: [
					{
						assignmentId: ids.reconnecting,
						coupleId: alexAndSam.id,
						coupleName: 'Alex & Sam',
						title: titleOf('reconnecting'),
						dueAt: inDays(-1).toISOString(),
						missing: ['Alex']
					}
				]
			}
		]);
		expect(week.overdueCouples).toBe(1);
		// Once the session has passed, the accountability worksheet Sam is still drafting is overdue too.
		const afterwards = await weekAhead(t.db, therapist, inDays(3));
		expect(afterwards.overdue[0]!.assignments).toBe(2);
		expect(afterwards.overdue[0]!.items.map((item) => [item.assignmentId, item.missing])).toEqual([
			[ids.reconnecting, ['Alex']],
			[ids.accountability, ['Sam']]
		]);
	});

	it('lists every submission, newest first, until the home is first marked seen', async () => {
		const home = await weekAhead(t.db, therapist, now);
		expect(home.seenAt).toBeNull();
		expect(home.newSubmissions).toEqual([
			{
				coupleId: alexAndSam.id,
				coupleName: 'Alex & Sam',
				assignmentId: ids.safetyForSam,
				// Read on the prep page of the next session (the one tomorrow is cancelled).
				sessionId: nextSession,
				title: titleOf('safety-check-in'),
				partnerName: 'Sam',
				submittedAt: inDays(-0.5).toISOString()
			},
			{
				coupleId: alexAndSam.id,
				coupleName: 'Alex & Sam',
				assignmentId: ids.accountability,
				// Read on the prep page of the next session (the one tomorrow is cancelled).
				sessionId: nextSession,
				title: titleOf('accountability'),
				partnerName: 'Alex',
				submittedAt: inDays(-1).toISOString()
			},
			{
				coupleId: alexAndSam.id,
				coupleName: 'Alex & Sam',
				assignmentId: ids.reconnecting,
				// Read on the prep page of the next session (the one tomorrow is cancelled).
				sessionId: nextSession,
				title: titleOf('reconnecting'),
				partnerName: 'Sam',
				submittedAt: inDays(-2).toISOString()
			}
		]);
	});

	it('lists at most 50 new submissions, and counts them all', async () => {
		const [alex] = alexAndSam.partners;
		for (let index = 0; index < 60; index++) {
			const id = await assign(therapist, alexAndSam.id, 'reconnecting', 5);
			await respond(id, alex, 'submitted', 0.01 * (index + 1));
		}
		const home = await weekAhead(t.db, therapist, now);
		expect(home.newSubmissions).toHaveLength(50);
		expect(home.moreNewSubmissions).toBe(true);
		expect(home.newSubmissions[0]!.submittedAt).toBe(inDays(-0.01).toISOString());
	});

	it('lists only what was submitted since the home was marked seen', async () => {
		await markHomeSeen(t.db, therapist, inDays(-0.75));
		const home = await weekAhead(t.db, therapist, now);
		expect(home.seenAt).toBe(inDays(-0.75).toISOString());
		expect(home.newSubmissions.map((entry) => entry.assignmentId)).toEqual([ids.safetyForSam]);

		await markHomeSeen(t.db, therapist, now);
		expect((await weekAhead(t.db, therapist, now)).newSubmissions).toEqual([]);
	});

	it('marks only the therapist’s own home seen', async () => {
		await markHomeSeen(t.db, otherTherapist, now);
		expect((await weekAhead(t.db, therapist, now)).newSubmissions).toHaveLength(3);
		expect((await weekAhead(t.db, otherTherapist, now)).newSubmissions).toEqual([]);
	});

	it('shows nothing of archived couples or of another therapist’s couples', async () => {
		const home = await weekAhead(t.db, therapist, now);
		const coupleIds = new Set(
			[...home.sessions, ...home.overdue, ...home.newSubmissions].map((entry) => entry.coupleId)
		);
		expect([...coupleIds]).toEqual([alexAndSam.id]);

		const others = await weekAhead(t.db, otherTherapist, now);
		expect(others.sessions.map((entry) => entry.coupleName)).toEqual(['Jordan & Casey']);
		expect(others.newSubmissions.map((entry) => entry.partnerName)).toEqual(['Casey']);
		expect(
			others.overdue.flatMap((entry) => entry.items.map((item) => [entry.coupleName, item.missing]))
		).toEqual([['Jordan & Casey', ['Jordan']]]);
		expect(JSON.stringify(others)).not.toContain('Alex & Sam');
	});

	describe('per session', () => {
		const flagsOf = async (owner = therapist, sessionId = nextSession) =>
			(await weekAhead(t.db, owner, now)).sessions.find((entry) => entry.id === sessionId)!.flags;

		it('shows whether the session is marked prepared', async () => {
			await markPrepared(t.db, by(therapist), nextSession, true, now);
			expect(
				(await weekAhead(t.db, therapist, now)).sessions.map((entry) => entry.prepared)
			).toEqual([true]);
			await markPrepared(t.db, by(therapist), nextSession, false, now);
			expect(
				(await weekAhead(t.db, therapist, now)).sessions.map((entry) => entry.prepared)
			).toEqual([false]);
			// Another therapist marking it changes nothing.
			await markPrepared(t.db, by(otherTherapist), nextSession, true, now);
			expect(
				(await weekAhead(t.db, therapist, now)).sessions.map((entry) => entry.prepared)
			).toEqual([false]);
		});

		it('flags an unresolved safety concern, by whose check-in it is, first', async () => {
			const [, sam] = alexAndSam.partners;
			const flag = await insertTestFlag(t.db, {
				coupleId: alexAndSam.id,
				partnerId: sam,
				kind: 'safety',
				raisedAt: inDays(-0.5).toISOString()
			});
			expect(await flagsOf()).toEqual([
				{ kind: 'safety', label: 'Safety: Sam’s private check-in' },
				{ kind: 'overdue', label: 'Overdue homework' }
			]);
			await t.db
				.updateTable('flags')
				.set({ resolved_at: now.toISOString() })
				.where('id', '=', flag)
				.execute();
			expect(await flagsOf()).toEqual([{ kind: 'overdue', label: 'Overdue homework' }]);
		});

		it('flags a reliable deterioration in the words of reliable change, never a low total alone', async () => {
			const [alex, sam] = alexAndSam.partners;
			const checkIn = await assignCheckIn(therapist, alexAndSam.id);
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: sam,
				status: 'submitted',
				submittedAt: inDays(-6).toISOString(),
				occurrence: 'earlier',
				answers: checkInAnswers(18)
			});
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: inDays(-0.2).toISOString(),
				occurrence: nextSession,
				answers: checkInAnswers(14)
			});
			expect((await flagsOf()).map((entry) => entry.kind)).toEqual(['overdue']);

			const low = await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: sam,
				status: 'submitted',
				submittedAt: inDays(-0.1).toISOString(),
				occurrence: nextSession,
				answers: checkInAnswers(13)
			});
			expect(await flagsOf()).toEqual([
				{
					kind: 'distress',
					label:
						'Sam: Reliable deterioration on the relationship check-in, 18 → 13, fell below the line'
				},
				{ kind: 'overdue', label: 'Overdue homework' }
			]);
			// Sent back for revision, it no longer counts.
			await t.db.updateTable('responses').set({ status: 'draft' }).where('id', '=', low).execute();
			expect((await flagsOf()).map((entry) => entry.kind)).toEqual(['overdue']);
		});

		it('raises no flag for a fall within measurement error (3 points), and one for 4', async () => {
			const [alex] = alexAndSam.partners;
			const checkIn = await assignCheckIn(therapist, alexAndSam.id);
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: alex,
				status: 'reviewed',
				submittedAt: inDays(-7.5).toISOString(),
				reviewedAt: inDays(-7).toISOString(),
				occurrence: 'earlier',
				answers: checkInAnswers(18)
			});
			const latest = await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: inDays(-0.2).toISOString(),
				occurrence: nextSession,
				answers: checkInAnswers(15)
			});
			expect((await flagsOf()).map((entry) => entry.kind)).toEqual(['overdue']);
			await t.db
				.updateTable('responses')
				.set({ answers: JSON.stringify(checkInAnswers(14)), total: 14 })
				.where('id', '=', latest)
				.execute();
			expect(await flagsOf()).toEqual([
				{
					kind: 'distress',
					label: 'Alex: Reliable deterioration on the relationship check-in, 18 → 14'
				},
				{ kind: 'overdue', label: 'Overdue homework' }
			]);
		});

		it('flags a partner not on track after the number of sessions set for the couple', async () => {
			const [alex] = alexAndSam.partners;
			const checkIn = await assignCheckIn(therapist, alexAndSam.id);
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: inDays(-7).toISOString(),
				occurrence: 'earlier',
				answers: checkInAnswers(10)
			});
			await insertTestResponse(t.db, {
				assignmentId: checkIn,
				partnerId: alex,
				status: 'submitted',
				submittedAt: inDays(-0.2).toISOString(),
				occurrence: nextSession,
				answers: checkInAnswers(11)
			});
			// One session since the first check-in: too soon at the default of 4.
			expect((await flagsOf()).map((entry) => entry.kind)).toEqual(['overdue']);
			await t.db
				.updateTable('couples')
				.set({ not_on_track_after: 1 })
				.where('id', '=', alexAndSam.id)
				.execute();
			expect(await flagsOf()).toEqual([
				{
					kind: 'distress',
					label:
						'Alex: Not on track: relationship check-in 10 → 11 after 1 session, below the line and no reliable improvement'
				},
				{ kind: 'overdue', label: 'Overdue homework' }
			]);
		});

		it('flags a worksheet both partners handed in far apart, naming it', async () => {
			const [alex, sam] = alexAndSam.partners;
			const areas = (trust: number) => ({
				areas: { rows: [{ name: 'Trust', answers: { 'how-serious': trust } }] }
			});
			const farApart = await assign(therapist, alexAndSam.id, 'core-issues', 1);
			const close = await assign(therapist, alexAndSam.id, 'core-issues', 1);
			for (const [assignmentId, alexs, sams] of [
				[farApart, 8, 2],
				[close, 5, 6]
			] as const) {
				await insertTestResponse(t.db, {
					assignmentId,
					partnerId: alex,
					status: 'submitted',
					submittedAt: inDays(-0.5).toISOString(),
					answers: areas(alexs)
				});
				await insertTestResponse(t.db, {
					assignmentId,
					partnerId: sam,
					status: 'submitted',
					submittedAt: inDays(-0.5).toISOString(),
					answers: areas(sams)
				});
			}
			await recordMissingDifferences(t.db);
			expect(await flagsOf()).toEqual([
				{
					kind: 'disagreement',
					label: `Far apart on ${titleOf('core-issues')}: 1 difference to raise`
				},
				{ kind: 'overdue', label: 'Overdue homework' }
			]);
		});

		it('flags nothing for a couple with nothing overdue and nothing of concern', async () => {
			const quiet = await couple(therapist, 'Robin & Lee', ['Robin', 'Lee']);
			const quietSession = await session(therapist, quiet.id, 3);
			await assign(therapist, quiet.id, 'reconnecting', 3);
			const entry = (await weekAhead(t.db, therapist, now)).sessions.find(
				(candidate) => candidate.id === quietSession
			);
			expect(entry).toMatchObject({ prepared: false, flags: [] });
		});

		it('never shows another therapist’s flags, nor its own to them', async () => {
			const [alex, sam] = alexAndSam.partners;
			const [jordan, casey] = jordanAndCasey.partners;
			await insertTestFlag(t.db, {
				coupleId: alexAndSam.id,
				partnerId: sam,
				kind: 'safety',
				raisedAt: inDays(-1).toISOString()
			});
			await insertTestFlag(t.db, {
				coupleId: jordanAndCasey.id,
				partnerId: casey,
				kind: 'safety',
				raisedAt: inDays(-1).toISOString()
			});
			// Jordan's check-in fell reliably; Alex's is fine.
			const theirs = await assignCheckIn(otherTherapist, jordanAndCasey.id);
			await insertTestResponse(t.db, {
				assignmentId: theirs,
				partnerId: jordan,
				status: 'submitted',
				submittedAt: inDays(-7).toISOString(),
				occurrence: 'earlier',
				answers: checkInAnswers(16)
			});
			await insertTestResponse(t.db, {
				assignmentId: theirs,
				partnerId: jordan,
				status: 'submitted',
				submittedAt: inDays(-0.5).toISOString(),
				occurrence: jordanAndCaseySession,
				answers: checkInAnswers(4)
			});
			const ours = await assignCheckIn(therapist, alexAndSam.id);
			await insertTestResponse(t.db, {
				assignmentId: ours,
				partnerId: alex,
				status: 'submitted',
				submittedAt: inDays(-0.4).toISOString(),
				occurrence: nextSession,
				answers: checkInAnswers(20)
			});

			const mine = await weekAhead(t.db, therapist, now);
			expect(mine.sessions.map((entry) => [entry.coupleName, entry.flags])).toEqual([
				[
					'Alex & Sam',
					[
						{ kind: 'safety', label: 'Safety: Sam’s private check-in' },
						{ kind: 'overdue', label: 'Overdue homework' }
					]
				]
			]);
			expect(JSON.stringify(mine)).not.toContain('Casey');

			const theirHome = await weekAhead(t.db, otherTherapist, now);
			expect(theirHome.sessions.map((entry) => [entry.coupleName, entry.flags])).toEqual([
				[
					'Jordan & Casey',
					[
						{ kind: 'safety', label: 'Safety: Casey’s private check-in' },
						{
							kind: 'distress',
							label:
								'Jordan: Reliable deterioration on the relationship check-in, 16 → 4, fell below the line'
						},
						{ kind: 'overdue', label: 'Overdue homework' }
					]
				]
			]);
			expect(JSON.stringify(theirHome)).not.toContain('Sam');
		});
	});
});

describe('weekAhead in a busy week', () => {
	it('shows the sessions a page at a time, the soonest first, counting them all', async () => {
		const { id: busy } = await insertTestUser(t.db, { role: 'therapist' });
		const starts: string[] = [];
		for (let n = 0; n < SESSIONS_SHOWN + 5; n++) {
			const { id } = await couple(busy, `Couple ${n}`, ['A', 'B']);
			const days = 0.1 + n * 0.15;
			await session(busy, id, days);
			starts.push(inDays(days).toISOString());
		}
		const first = await weekAhead(t.db, busy, now);
		const second = await weekAhead(t.db, busy, now, 2);
		expect([first.sessionsTotal, second.sessionsTotal]).toEqual([
			SESSIONS_SHOWN + 5,
			SESSIONS_SHOWN + 5
		]);
		expect(first.sessions.map((entry) => entry.startsAt)).toEqual(starts.slice(0, SESSIONS_SHOWN));
		expect(second.sessions.map((entry) => entry.startsAt)).toEqual(starts.slice(SESSIONS_SHOWN));
		const beyond = await weekAhead(t.db, busy, now, 3);
		expect([beyond.sessions, beyond.sessionsTotal]).toEqual([[], SESSIONS_SHOWN + 5]);
	});
});

describe('weekAhead for a therapist with nothing yet', () => {
	it('is empty', async () => {
		expect(await weekAhead(t.db, therapist, now)).toEqual({
			sessions: [],
			sessionsTotal: 0,
			overdue: [],
			overdueCouples: 0,
			newSubmissions: [],
			moreNewSubmissions: false,
			seenAt: null
		});
	});
});
