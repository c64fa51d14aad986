import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ANSWERS, SECOND_COUPLE_ANSWERS } from './demo-answers';
import {
	DEMO_EMAILS,
	DEMO_PASSWORD,
	DEMO_THERAPISTS,
	NotADemoDatabaseError,
	seedDemoPractice,
	type DemoSeedReport
} from './demo-practice';
import {
	assignmentsForCouple,
	homeworkForPartner
} from '../../src/lib/server/homework/assignments';
import { passwordProblem } from '../../src/lib/server/accounts/password';
import { FailureThrottle, TokenBucket } from '../../src/lib/server/accounts/rate-limit';
import { sharedWithPartner } from '../../src/lib/server/homework/shared';
import { signIn } from '../../src/lib/server/accounts/sign-in';
import { sessionsForCouple } from '../../src/lib/server/casework/therapy-sessions';
import { coupleProgress } from '../../src/lib/server/views/progress';
import { templateVersion } from '../../src/lib/server/library/worksheet-templates';
import {
	createTestDatabase,
	everyRow,
	insertTestUser,
	syncTestTemplates,
	type TestDatabase
} from '../../src/lib/server/testing/test-database';
import type { Answers } from '../../src/lib/worksheets/answers';
import { builtinTemplate } from '../../src/lib/worksheets/builtin';
import { isConcerning } from '../../src/lib/worksheets/concern';
import { validateAnswers } from '../../src/lib/worksheets/validate';

const now = new Date('2026-11-27T14:00:00.000Z');

/** Every row of every table, so that a change anywhere shows. */
const snapshot = (t: TestDatabase) => everyRow(t.db);

async function rowCounts(t: TestDatabase): Promise<Record<string, number>> {
	return Object.fromEntries(
		Object.entries(await snapshot(t)).map(([table, rows]) => [table, rows.length])
	);
}

async function userIdByEmail(t: TestDatabase, email: string): Promise<string> {
	return (
		await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
	).id;
}

async function partnerPlace(
	t: TestDatabase,
	email: string
): Promise<{ partnerId: string; coupleId: string }> {
	const place = await t.db
		.selectFrom('partners')
		.select(['id', 'couple_id'])
		.where('user_id', '=', await userIdByEmail(t, email))
		.executeTakeFirstOrThrow();
	return { partnerId: place.id, coupleId: place.couple_id };
}

describe('seedDemoPractice into an empty database', () => {
	// Seeding hashes six passwords: done once for the checks that only read.
	let t: TestDatabase;
	let report: DemoSeedReport;

	beforeAll(async () => {
		// Demo homework refers to the built-in worksheets, as the server stores them at startup.
		t = await createTestDatabase({ builtinTemplates: true });
		report = await seedDemoPractice(t.db, now);
	});

	afterAll(async () => {
		await t.cleanup();
	});

	it('reports every demo account as created', () => {
		expect(report.created.sort()).toEqual([...DEMO_EMAILS].sort());
		expect(report.alreadyThere).toEqual([]);
	});

	it('creates two therapists, each with one couple of two partners', async () => {
		const users = await t.db.selectFrom('users').selectAll().orderBy('email').execute();
		const couples = await t.db.selectFrom('couples').selectAll().orderBy('name').execute();
		const therapists = users.filter((user) => user.role === 'therapist');
		expect(therapists.map((user) => user.email).sort()).toEqual([
			'therapist2@example.com',
			'therapist@example.com'
		]);
		expect(users.filter((user) => user.role === 'partner')).toHaveLength(4);
		expect(couples).toHaveLength(2);

		const byEmail = new Map(users.map((user) => [user.email, user]));
		// A partner's couple is the one of their place.
		const places = await t.db.selectFrom('partners').select(['user_id', 'couple_id']).execute();
		const coupleOf = (email: string) =>
			couples.find(
				(couple) =>
					couple.id === places.find((place) => place.user_id === byEmail.get(email)?.id)?.couple_id
			);
		expect(coupleOf('alex@example.com')).toMatchObject({
			name: 'Alex & Sam',
			therapist_id: byEmail.get('therapist@example.com')?.id
		});
		expect(coupleOf('sam@example.com')?.name).toBe('Alex & Sam');
		expect(coupleOf('jordan@example.com')).toMatchObject({
			name: 'Jordan & Casey',
			therapist_id: byEmail.get('therapist2@example.com')?.id
		});
		expect(coupleOf('casey@example.com')?.name).toBe('Jordan & Casey');
		for (const therapist of therapists)
			expect(places.filter((place) => place.user_id === therapist.id)).toEqual([]);
	});

	it('uses a password the app would accept, and it signs in', async () => {
		expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
		const result = await signIn(
			t.db,
			{ email: 'therapist@example.com', password: DEMO_PASSWORD, clientAddress: '127.0.0.1' },
			now,
			{
				perAccount: new FailureThrottle('sign-in.account'),
				perKnownDevice: new FailureThrottle('sign-in.known-device'),
				perAddress: new TokenBucket('sign-in.client', 30, 2_000)
			}
		);
		expect(result).toMatchObject({ outcome: 'signed-in', user: { role: 'therapist' } });
	});

	it('gives every partner account its place in its couple, with the policy acknowledged', async () => {
		const places = await t.db.selectFrom('partners').selectAll().execute();
		expect(places).toHaveLength(4);
		for (const place of places) {
			expect(place.user_id).not.toBeNull();
			expect(place.policy_acknowledged_at).toBe(now.toISOString());
			// The place is the one record of the partner's couple and name: the account repeats neither.
			const user = await t.db
				.selectFrom('users')
				.select(['email', 'role', 'display_name'])
				.where('id', '=', place.user_id!)
				.executeTakeFirstOrThrow();
			expect(user).toMatchObject({ role: 'partner', display_name: null });
			const demoPartner = DEMO_THERAPISTS.flatMap((therapist) => therapist.couple.partners).find(
				(candidate) => candidate.email === user.email
			);
			expect(place.display_name).toBe(demoPartner?.displayName);
		}
	});

	it('gives each couple three sessions: one held last week and two to come', async () => {
		const couples = await t.db.selectFrom('couples').select('id').execute();
		for (const couple of couples) {
			const sessions = await sessionsForCouple(t.db, couple.id);
			expect(sessions).toHaveLength(3);
			const [held, ...upcoming] = sessions;
			expect(held).toMatchObject({ status: 'held' });
			expect(held!.startsAt < now.toISOString()).toBe(true);
			for (const session of upcoming) {
				expect(session.status).toBe('scheduled');
				expect(session.startsAt > now.toISOString()).toBe(true);
			}
		}
	});

	it('gives the couples homework in every state between them, and some of it overdue', async () => {
		const { coupleId } = await partnerPlace(t, 'alex@example.com');
		const assignments = await assignmentsForCouple(t.db, coupleId, now);
		expect(assignments).toHaveLength(DEMO_THERAPISTS[0]!.couple.homework.length);
		const statesOf = (list: typeof assignments) =>
			[
				...new Set(list.flatMap((assignment) => assignment.progress.map((entry) => entry.status)))
			].sort();
		expect(statesOf(assignments)).toEqual(['draft', 'reviewed', 'submitted']);

		const second = await partnerPlace(t, 'jordan@example.com');
		const secondAssignments = await assignmentsForCouple(t.db, second.coupleId, now);
		expect(statesOf(secondAssignments)).toEqual(['draft', 'not-started', 'submitted']);
		expect(
			secondAssignments
				.filter((assignment) => assignment.overdue)
				.map((assignment) => assignment.templateId)
		).toEqual(['reconnecting']);
	});

	it('gives the progress page every label: improvement, deterioration, not on track, gap, split alliance', async () => {
		const alex = await partnerPlace(t, 'alex@example.com');
		const jordan = await partnerPlace(t, 'jordan@example.com');
		const first = await coupleProgress(t.db, alex.coupleId);
		expect(first.summaries.map((summary) => summary.line)).toEqual([
			'Alex 9 → 14: reliable improvement, crossed the line, clinically significant',
			'Sam 17 → 9: reliable deterioration, fell below the line, clinically significant; not on track'
		]);
		expect(first.measures.gapWideningFlag).toBe(true);
		expect(first.measures.split).toMatchObject({ gap: 6 });
		expect(first.checkIns.at(-1)?.relationshipStatus).toBe('back-together');
		const second = await coupleProgress(t.db, jordan.coupleId);
		expect(second.summaries.map((summary) => summary.line)).toEqual([
			'Jordan 10 → 11: no reliable change; not on track',
			'Casey 15 → 15: no reliable change'
		]);
	});

	it('gives both of the first couple a check-in for the next session and a history of earlier ones', async () => {
		const alex = await partnerPlace(t, 'alex@example.com');
		const sam = await partnerPlace(t, 'sam@example.com');
		const [next] = (await sessionsForCouple(t.db, alex.coupleId)).filter(
			(session) => session.status === 'scheduled'
		);
		for (const partner of [alex, sam]) {
			const checkIns = await t.db
				.selectFrom('responses')
				.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
				.select(['responses.occurrence', 'responses.status', 'responses.submitted_at'])
				.where('assignments.template_id', '=', 'satisfaction-check-in')
				.where('responses.partner_id', '=', partner.partnerId)
				.orderBy('responses.submitted_at')
				.execute();
			expect(checkIns.map((row) => row.status)).toEqual([
				'reviewed',
				'reviewed',
				'reviewed',
				'reviewed',
				'submitted'
			]);
			expect(checkIns.at(-1)?.occurrence).toBe(next!.id);
			expect(new Set(checkIns.map((row) => row.occurrence)).size).toBe(checkIns.length);
		}
	});

	it("stores Sam's safety check-in as submitted and concerning, addressed to Sam alone, and invisible to Alex", async () => {
		const sam = await partnerPlace(t, 'sam@example.com');
		const alex = await partnerPlace(t, 'alex@example.com');
		const assignment = await t.db
			.selectFrom('assignments')
			.selectAll()
			.where('couple_id', '=', sam.coupleId)
			.where('template_id', '=', 'safety-check-in')
			.executeTakeFirstOrThrow();
		expect(assignment.partner_id).toBe(sam.partnerId);
		const response = await t.db
			.selectFrom('responses')
			.selectAll()
			.where('assignment_id', '=', assignment.id)
			.executeTakeFirstOrThrow();
		expect(response).toMatchObject({ partner_id: sam.partnerId, status: 'submitted' });
		const template = await templateVersion(t.db, 'safety-check-in', response.template_version);
		expect(isConcerning(template!, JSON.parse(response.answers) as Answers)).toBe(true);

		// Sent, so not even Sam's own lists show it: a shared phone keeps no trace of it.
		expect((await homeworkForPartner(t.db, sam, now)).map((item) => item.id)).not.toContain(
			assignment.id
		);
		const alexs = await homeworkForPartner(t.db, alex, now);
		expect(alexs.map((item) => item.id)).not.toContain(assignment.id);
		expect(alexs.map((item) => item.templateId)).not.toContain('safety-check-in');
	});

	it('raises one unresolved safety flag, for Sam’s concerning check-in, and no other', async () => {
		const sam = await partnerPlace(t, 'sam@example.com');
		const response = await t.db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select('responses.id')
			.where('assignments.template_id', '=', 'safety-check-in')
			.where('responses.partner_id', '=', sam.partnerId)
			.executeTakeFirstOrThrow();
		const flags = await t.db
			.selectFrom('flags')
			.select([
				'id',
				'couple_id',
				'partner_id',
				'response_id',
				'kind',
				'tier',
				'raised_at',
				'resolved_at'
			])
			.execute();
		expect(flags).toEqual([
			{
				id: expect.any(String),
				couple_id: sam.coupleId,
				partner_id: sam.partnerId,
				response_id: response.id,
				kind: 'safety',
				// Sam's partner checks the phone and the bank app: a watch concern, nothing urgent.
				tier: 'watch',
				raised_at: expect.any(String),
				resolved_at: null
			}
		]);
		expect(flags[0]!.raised_at < now.toISOString()).toBe(true);
	});

	it('has Sam hand in the core-issues worksheet and keep a taking-it-slow draft of their own', async () => {
		const sam = await partnerPlace(t, 'sam@example.com');
		const alex = await partnerPlace(t, 'alex@example.com');
		const assignments = await assignmentsForCouple(t.db, sam.coupleId, now);
		const progressOf = (templateId: string) =>
			assignments
				.find((assignment) => assignment.templateId === templateId)
				?.progress.map((entry) => [entry.partnerName, entry.status]);
		expect(progressOf('core-issues')).toEqual([
			['Alex', 'submitted'],
			['Sam', 'submitted']
		]);
		expect(progressOf('taking-it-slow')).toEqual([['Sam', 'draft']]);

		const slow = assignments.find((assignment) => assignment.templateId === 'taking-it-slow')!;
		expect(slow).toMatchObject({ partnerId: sam.partnerId, step: 7, overdue: false });
		expect(
			(await homeworkForPartner(t.db, sam, now)).find((item) => item.id === slow.id)
		).toMatchObject({ status: 'draft' });
		expect((await homeworkForPartner(t.db, alex, now)).map((item) => item.id)).not.toContain(
			slow.id
		);
	});

	it('records the share choices: Alex shared the accountability worksheet’s answers for the therapist, Sam did not', async () => {
		const alex = await partnerPlace(t, 'alex@example.com');
		const sam = await partnerPlace(t, 'sam@example.com');
		const rows = await t.db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'responses.partner_id',
				'responses.share_therapist_fields',
				'responses.share_shared_fields',
				'responses.status'
			])
			.where('assignments.couple_id', '=', alex.coupleId)
			.where('assignments.template_id', '=', 'accountability')
			.execute();
		const byPartner = new Map(rows.map((row) => [row.partner_id, row]));
		expect(byPartner.get(alex.partnerId)).toEqual({
			partner_id: alex.partnerId,
			share_therapist_fields: 1,
			share_shared_fields: 1,
			status: 'submitted'
		});
		expect(byPartner.get(sam.partnerId)).toEqual({
			partner_id: sam.partnerId,
			share_therapist_fields: 0,
			share_shared_fields: 1,
			status: 'submitted'
		});

		// So Sam can read Alex's worksheet, and Alex reads nothing of Sam's: not this one, nor the safety check-in.
		const samReads = await sharedWithPartner(t.db, sam);
		expect(samReads.map((worksheet) => [worksheet.authorName, worksheet.template.id])).toEqual([
			['Alex', 'accountability']
		]);
		expect(samReads[0]!.answers).toEqual(DEMO_ANSWERS.accountability![1]);
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);
	});

	it('stores answers that the validator accepts: every response as a draft, and the handed-in ones as a submission', async () => {
		const responses = await t.db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'assignments.template_id',
				'responses.template_version',
				'responses.answers',
				'responses.status'
			])
			.execute();
		expect(responses.length).toBeGreaterThan(0);
		for (const response of responses) {
			const template = (await templateVersion(
				t.db,
				response.template_id,
				response.template_version
			))!;
			const answers: unknown = JSON.parse(response.answers);
			expect(
				validateAnswers(template, answers, 'draft'),
				`${response.template_id} ${response.status}`
			).toEqual({ ok: true, answers });
			if (response.status !== 'draft') {
				expect(
					validateAnswers(template, answers, 'submit'),
					`${response.template_id} ${response.status}`
				).toEqual({ ok: true, answers });
			}
		}
		expect(responses.filter((response) => response.status !== 'draft').length).toBeGreaterThan(0);
	});

	it('creates nothing new the second time', async () => {
		const before = await snapshot(t);
		const counts = await rowCounts(t);
		const again = await seedDemoPractice(t.db, new Date('2026-11-28T14:00:00.000Z'));
		expect(again.created).toEqual([]);
		expect(again.alreadyThere.sort()).toEqual([...DEMO_EMAILS].sort());
		expect(await rowCounts(t)).toEqual(counts);
		expect(await snapshot(t)).toEqual(before);
	});
});

describe('the demo answers', () => {
	const sets = [
		['DEMO_ANSWERS', DEMO_ANSWERS],
		['SECOND_COUPLE_ANSWERS', SECOND_COUPLE_ANSWERS]
	] as const;

	it.each(sets)(
		'%s name only built-in worksheets, and each validates as a draft',
		(_name, answerSets) => {
			for (const [templateId, byPosition] of Object.entries(answerSets)) {
				const template = builtinTemplate(templateId);
				expect(template, templateId).toBeDefined();
				for (const [position, answers] of Object.entries(byPosition)) {
					expect(validateAnswers(template!, answers, 'draft'), `${templateId} ${position}`).toEqual(
						{ ok: true, answers }
					);
				}
			}
		}
	);

	it('validate as a submission wherever the demo hands them in', () => {
		let checked = 0;
		for (const [index, therapist] of DEMO_THERAPISTS.entries()) {
			const answerSets = index === 0 ? DEMO_ANSWERS : SECOND_COUPLE_ANSWERS;
			for (const homework of therapist.couple.homework) {
				for (const [position, status] of Object.entries(homework.progress)) {
					if (status === 'draft') continue;
					const answers = answerSets[homework.templateId]?.[Number(position) as 1 | 2];
					expect(
						answers,
						`${therapist.couple.name} ${homework.templateId} ${position}`
					).toBeDefined();
					expect(
						validateAnswers(builtinTemplate(homework.templateId)!, answers, 'submit'),
						`${homework.templateId} ${position}`
					).toEqual({ ok: true, answers });
					checked += 1;
				}
			}
		}
		expect(checked).toBeGreaterThan(0);
	});
});

describe('seedDemoPractice before the built-in worksheets are stored', () => {
	it('fails and leaves the database empty, rather than loading half a practice', async () => {
		const t = await createTestDatabase();
		try {
			const before = await snapshot(t);
			await expect(seedDemoPractice(t.db, now)).rejects.toThrow(/foreign key/i);
			expect(await snapshot(t)).toEqual(before);
			expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);
			await syncTestTemplates(t.db);
			expect((await seedDemoPractice(t.db, now)).created).toHaveLength(DEMO_EMAILS.length);
		} finally {
			await t.cleanup();
		}
	});
});

describe('seedDemoPractice into a database that is not empty', () => {
	let t: TestDatabase;

	beforeEach(async () => {
		t = await createTestDatabase();
	});

	afterEach(async () => {
		await t.cleanup();
	});

	it('refuses a database with a real account, and leaves it untouched', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'dr.real@clinic.example' });
		const before = await snapshot(t);
		await expect(seedDemoPractice(t.db, now)).rejects.toBeInstanceOf(NotADemoDatabaseError);
		expect(await snapshot(t)).toEqual(before);
	});

	it('refuses even when the real account sits beside demo ones', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'therapist@example.com' });
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'dr.real@clinic.example' });
		const before = await snapshot(t);
		await expect(seedDemoPractice(t.db, now)).rejects.toThrow(
			/1 account\(s\) that are not part of the demo/
		);
		expect(await snapshot(t)).toEqual(before);
	});
});
