import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect, type Insertable } from 'kysely';
import type { Database } from '../database/open';
import type { DB, ResponseStatus } from '../database/schema';
import { assignmentsForCouple, homeworkForPartner } from '../homework/assignments';
import { coupleForPartner, listCouplesForTherapist } from '../casework/couples';
import { nextSession, sessionsForCouple } from '../casework/therapy-sessions';
import { openInvitations } from '../casework/invitations';
import { coupleFlagHistory } from '../casework/flag-follow-up';
import { invitationMails } from '../mail/invitation-mail';
import { sharedWithPartner } from '../homework/shared';
import { feedbackForPartner } from '../homework/review';
import { coupleProgress } from './progress';
import { weekAhead } from './week-ahead';
import { sessionPrep } from './session-prep';
import { programOfCouple } from '../programs/couple-program';
import { placementOf } from '../programs/homework-placement';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';

// The therapist's home and the session prep page must run a fixed number of
// SQL statements however many couples and responses a practice has. Each
// function below runs against a small practice (one couple, a few responses)
// and a larger one (25 couples, hundreds of responses); the statements it
// executes are counted through Kysely's query log and must be the same.
// When this was written: weekAhead 13, sessionPrep 8, listCouplesForTherapist 6,
// assignmentsForCouple 5 (a failure message gives both counts). The larger
// practice's first couple also has more homework, so the pages of one couple
// (couple page, progress, the partner home) are counted too.

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

/** A second Kysely over the test database's connection that records every statement it executes. */
function countingDatabase(t: TestDatabase): {
	db: Database;
	count: <T>(work: (db: Database) => Promise<T>) => Promise<{ result: T; statements: string[] }>;
} {
	let log: string[] | null = null;
	const db = new Kysely<DB>({
		dialect: new SqliteDialect({ database: t.sqlite }),
		log: (event) => {
			if (event.level === 'query') log?.push(event.query.sql);
		}
	});
	return {
		db,
		async count(work) {
			log = [];
			try {
				const result = await work(db);
				return { result, statements: log };
			} finally {
				log = null;
			}
		}
	};
}

const CHECK_IN = {
	happiness: 'happy',
	'warm-and-comfortable': 'mostly-true',
	rewarding: 'somewhat',
	satisfied: 'mostly'
};
const ONCE_TEMPLATES = [
	'breakup-reasons',
	'reconnecting',
	'accountability',
	'core-issues',
	'taking-it-slow',
	'relationship-goals'
];

interface Practice {
	therapistId: string;
	/** The first couple, and its next session. */
	coupleId: string;
	session: { id: string; startsAt: string };
	responses: number;
}

/**
 * A practice inserted directly, in bulk: per couple two partners, sessions a
 * week apart (the last `upcoming` of them still to come), one-off homework
 * across several built-in templates, a check-in before each session, some
 * feedback, a flag and the therapist's notes.
 */
async function insertPractice(
	db: Database,
	size: { couples: number; sessions: number; upcoming: number; onceAssignments: number }
): Promise<Practice> {
	const therapistId = (await insertTestUser(db, { role: 'therapist' })).id;
	// Every couple follows a program of the therapist's own, a step for each piece of homework.
	const programId = `${therapistId}-program`;
	await db
		.insertInto('programs')
		.values({
			id: programId,
			therapist_id: therapistId,
			title: 'Our steps',
			created_at: at(-120),
			updated_at: at(-120),
			archived_at: null
		})
		.execute();
	await db
		.insertInto('program_steps')
		.values(
			Array.from({ length: size.onceAssignments }, (_, index) => ({
				id: `${programId}-step${index}`,
				program_id: programId,
				position: index + 1,
				title: `Step ${index + 1}`,
				worksheet_ids: JSON.stringify([ONCE_TEMPLATES[index % ONCE_TEMPLATES.length]])
			}))
		)
		.execute();
	const rows = {
		couples: [] as Array<Insertable<DB['couples']>>,
		partners: [] as Array<Insertable<DB['partners']>>,
		sessions: [] as Array<Insertable<DB['therapy_sessions']>>,
		assignments: [] as Array<Insertable<DB['assignments']>>,
		responses: [] as Array<Insertable<DB['responses']>>,
		feedback: [] as Array<Insertable<DB['feedback']>>,
		flags: [] as Array<Insertable<DB['flags']>>,
		notes: [] as Array<Insertable<DB['session_notes']>>
	};
	const statuses: ResponseStatus[] = ['submitted', 'reviewed', 'submitted', 'draft'];

	for (let c = 0; c < size.couples; c++) {
		const coupleId = `c${c}`;
		rows.couples.push({
			id: coupleId,
			therapist_id: therapistId,
			name: `Couple ${String(c).padStart(3, '0')}`,
			created_at: at(-120),
			archived_at: null,
			program_id: programId
		});
		const partners = [`${coupleId}-p1`, `${coupleId}-p2`];
		partners.forEach((id, index) =>
			rows.partners.push({
				id,
				couple_id: coupleId,
				position: index === 0 ? 1 : 2,
				display_name: `Partner ${index + 1} of ${c}`,
				user_id: null,
				joined_at: null,
				policy_acknowledged_at: null
			})
		);

		const sessionIds: string[] = [];
		for (let s = 0; s < size.sessions; s++) {
			const id = `${coupleId}-s${s}`;
			const days = (s - (size.sessions - size.upcoming)) * 7 + 2;
			sessionIds.push(id);
			rows.sessions.push({
				id,
				couple_id: coupleId,
				starts_at: at(days),
				duration_minutes: 50,
				format: 'video',
				status: days < 0 ? 'held' : 'scheduled',
				created_at: at(-120),
				updated_at: at(-120)
			});
		}
		rows.notes.push({
			session_id: sessionIds[size.sessions - size.upcoming]!,
			text: 'Start with the money conversation.',
			updated_at: at(-1)
		});

		const respond = (
			assignmentId: string,
			occurrence: string,
			index: number,
			answers: object,
			submittedDaysAgo: number
		) => {
			for (const partnerId of partners) {
				const status = statuses[(index + partners.indexOf(partnerId)) % statuses.length]!;
				const id = `${assignmentId}-${partnerId}-${occurrence}`;
				rows.responses.push({
					id,
					assignment_id: assignmentId,
					partner_id: partnerId,
					occurrence,
					template_version: 1,
					answers: JSON.stringify(status === 'draft' ? {} : answers),
					status,
					started_at: at(-submittedDaysAgo - 2),
					updated_at: at(-submittedDaysAgo),
					submitted_at: status === 'draft' ? null : at(-submittedDaysAgo),
					reviewed_at: status === 'reviewed' ? at(-submittedDaysAgo + 1) : null
				});
				if (status !== 'draft' && index % 3 === 0)
					rows.feedback.push({
						id: `${id}-f`,
						response_id: id,
						to_partner_id: null,
						text: 'Thank you for this.',
						created_at: at(-submittedDaysAgo + 1)
					});
			}
		};

		for (let a = 0; a < size.onceAssignments; a++) {
			const id = `${coupleId}-a${a}`;
			const templateId = ONCE_TEMPLATES[a % ONCE_TEMPLATES.length]!;
			const dueInDays = -7 * (size.onceAssignments - a) + 9;
			rows.assignments.push({
				id,
				couple_id: coupleId,
				step: null,
				program_step_id: `${programId}-step${a}`,
				template_id: templateId,
				partner_id: null,
				due_at: at(dueInDays),
				recurrence: 'once',
				cancelled_at: null,
				created_by: therapistId,
				created_at: at(dueInDays - 7),
				updated_at: at(dueInDays - 7)
			});
			respond(id, 'once', a, {}, Math.max(0, -dueInDays + 1));
		}
		const checkInId = `${coupleId}-check-in`;
		rows.assignments.push({
			id: checkInId,
			couple_id: coupleId,
			step: null,
			template_id: 'satisfaction-check-in',
			partner_id: null,
			due_at: null,
			recurrence: 'before-each-session',
			cancelled_at: null,
			created_by: therapistId,
			created_at: at(-120),
			updated_at: at(-120)
		});
		sessionIds.forEach((sessionId, index) => {
			const startsAt = rows.sessions.find((session) => session.id === sessionId)!.starts_at;
			if (startsAt < now.toISOString())
				respond(
					checkInId,
					sessionId,
					index,
					CHECK_IN,
					Math.round((now.getTime() - new Date(startsAt).getTime()) / DAY) + 1
				);
		});
		rows.flags.push({
			id: `${coupleId}-flag`,
			couple_id: coupleId,
			partner_id: partners[1]!,
			response_id: null,
			kind: 'distress',
			raised_at: at(-2),
			resolved_at: null
		});
	}

	// SQLite allows 32,766 bound values per statement: insert in chunks.
	const insert = async <T extends keyof DB>(table: T, values: ReadonlyArray<Insertable<DB[T]>>) => {
		for (let start = 0; start < values.length; start += 500) {
			await db
				.insertInto(table)
				.values(values.slice(start, start + 500))
				.execute();
		}
	};
	await insert('couples', rows.couples);
	await insert('partners', rows.partners);
	await insert('therapy_sessions', rows.sessions);
	await insert('session_notes', rows.notes);
	await insert('assignments', rows.assignments);
	await insert('responses', rows.responses);
	await insert('feedback', rows.feedback);
	await insert('flags', rows.flags);

	const next = rows.sessions.find(
		(session) => session.couple_id === 'c0' && session.status === 'scheduled'
	)!;
	return {
		therapistId,
		coupleId: 'c0',
		session: { id: next.id, startsAt: next.starts_at },
		responses: rows.responses.length
	};
}

const SMALL = { couples: 1, sessions: 2, upcoming: 1, onceAssignments: 1 };
const LARGE = { couples: 25, sessions: 6, upcoming: 2, onceAssignments: 12 };

let small: TestDatabase;
let large: TestDatabase;
let smallPractice: Practice;
let largePractice: Practice;

beforeEach(async () => {
	[small, large] = await Promise.all([
		createTestDatabase({ builtinTemplates: true }),
		createTestDatabase({ builtinTemplates: true })
	]);
	smallPractice = await insertPractice(small.db, SMALL);
	largePractice = await insertPractice(large.db, LARGE);
});

afterEach(async () => {
	await Promise.all([small.cleanup(), large.cleanup()]);
});

// Counts statements through a second Kysely over SQLite's own handle.
describe.skipIf(onPostgres())(
	'the number of SQL statements does not grow with the practice',
	() => {
		it('builds a small and a much larger practice', () => {
			expect(smallPractice.responses).toBeLessThan(10);
			expect(largePractice.responses).toBeGreaterThan(500);
		});

		// Each runs the function and says how much it found, to show the larger practice gives it more.
		const cases: Array<{
			name: string;
			run: (db: Database, practice: Practice) => Promise<number>;
		}> = [
			{
				name: 'weekAhead (the therapist’s home)',
				run: async (db, practice) => {
					const week = await weekAhead(db, practice.therapistId, now);
					return week.sessions.length + week.overdue.length + week.newSubmissions.length;
				}
			},
			{
				name: 'sessionPrep (the prep page)',
				run: async (db, practice) => {
					const prep = await sessionPrep(db, practice.coupleId, practice.session, now);
					return prep.worksheets.length + prep.checkIns.length + prep.missing.length;
				}
			},
			{
				name: 'listCouplesForTherapist',
				run: async (db, practice) =>
					(await listCouplesForTherapist(db, practice.therapistId, now, { view: 'current' }))
						.couples.length
			},
			{
				name: 'assignmentsForCouple',
				run: async (db, practice) => (await assignmentsForCouple(db, practice.coupleId, now)).length
			},
			{
				name: 'the couple page',
				run: async (db, practice) => {
					const lists = await Promise.all([
						openInvitations(db, practice.coupleId, now),
						invitationMails(db, practice.coupleId),
						sessionsForCouple(db, practice.coupleId),
						assignmentsForCouple(db, practice.coupleId, now),
						coupleFlagHistory(db, practice.coupleId),
						programOfCouple(db, practice.coupleId).then((program) => program.program.steps)
					]);
					return lists.reduce((sum, list) => sum + list.length, 0);
				}
			},
			{
				name: 'coupleProgress (the progress page)',
				run: async (db, practice) =>
					JSON.stringify(await coupleProgress(db, practice.coupleId)).length
			},
			{
				name: 'the partner home',
				run: async (db, practice) => {
					const partner = { partnerId: `${practice.coupleId}-p1`, coupleId: practice.coupleId };
					const [couple, homework, next, shared, feedback, program] = await Promise.all([
						coupleForPartner(db, { id: partner.partnerId, coupleId: partner.coupleId }),
						homeworkForPartner(db, partner, now),
						nextSession(db, partner.coupleId, now),
						sharedWithPartner(db, partner),
						feedbackForPartner(db, partner),
						programOfCouple(db, partner.coupleId)
					]);
					return (
						(couple ? 1 : 0) +
						homework.length +
						(next ? 1 : 0) +
						shared.length +
						feedback.length +
						homework.filter((item) => placementOf(program, item).kind === 'step').length
					);
				}
			}
		];

		for (const { name, run } of cases) {
			it(`${name}: as many statements for 25 couples as for one`, async () => {
				// Template versions are read once per process and kept (parsed-templates.ts): count from then on.
				await run(small.db, smallPractice);
				await run(large.db, largePractice);
				const fewer = await countingDatabase(small).count((db) => run(db, smallPractice));
				const more = await countingDatabase(large).count((db) => run(db, largePractice));
				// The larger practice really gives the function more to show.
				expect(more.result).toBeGreaterThan(fewer.result);
				expect(fewer.statements.length).toBeGreaterThan(0);
				expect(
					more.statements,
					`${name} ran ${fewer.statements.length} statements for one couple, ${more.statements.length} for 25`
				).toHaveLength(fewer.statements.length);
			});
		}
	}
);
