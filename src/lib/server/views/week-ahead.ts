import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database/open';
import type { DB } from '../database/schema';
import {
	checkInPoints,
	CSI4_NORMS,
	feedbackPoints,
	type CheckInResponse
} from '../homework/check-ins';
import { coupleMeasures, type CoupleMeasures } from '../homework/measures';
import {
	disagreementFlag,
	measureFlags,
	overdueFlag,
	raisedFlag,
	weekAheadLabel,
	type Flag,
	type FlagKind
} from '../homework/flags';
import { handedIn, overdueFor, overdueForSomeone } from '../homework/rules';
import { groupBy } from '../../group-by';
import { previousSessionStart } from '../casework/therapy-sessions';
import { templateVersions } from '../library/worksheet-templates';

// The therapist's home: the week ahead. Which sessions are coming, whether
// the homework for each is in, what is overdue, and what was submitted since
// the therapist last marked it seen. Each list is asked of the database
// directly, in a fixed number of queries, so a large practice stays fast.

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The most new submissions listed at once. */
export const NEW_SUBMISSIONS_SHOWN = 50;
/** Sessions listed on one page of the week ahead; a busier week pages on. */
export const SESSIONS_SHOWN = 30;
/** Couples listed with overdue homework, those waited on longest first. */
export const OVERDUE_COUPLES_SHOWN = 20;
/** Pieces of overdue homework named under each couple; the rest are counted. */
export const OVERDUE_ITEMS_NAMED = 3;

export interface UpcomingSession {
	id: string;
	coupleId: string;
	coupleName: string;
	startsAt: string;
	format: 'in-person' | 'video';
	/** Partner-pieces of homework due since the couple's previous session and by this one: in, and not. */
	homeworkIn: number;
	/** Of those in, how many the therapist has marked reviewed. */
	homeworkReviewed: number;
	homeworkMissing: number;
	prepared: boolean;
	/** What needs attention for this couple; only the therapist ever sees these. */
	flags: Array<{ kind: FlagKind; label: string }>;
}

interface CoupleCheckIns {
	measures: CoupleMeasures;
	names: Map<string, string>;
}

interface SessionHomework {
	in: number;
	reviewed: number;
	missing: number;
	/** Worksheets both partners handed in with differences worth raising. */
	farApart: Array<{ title: string; differences: number }>;
}

export interface OverdueItem {
	assignmentId: string;
	coupleId: string;
	coupleName: string;
	title: string;
	dueAt: string;
	missing: string[];
}

/** A couple with homework past its due date, and the oldest pieces of it. */
export interface OverdueCouple {
	coupleId: string;
	coupleName: string;
	/** Assignments past due that someone has not handed in. */
	assignments: number;
	/** The oldest of them, each with who has not handed it in. */
	items: OverdueItem[];
}

export interface NewSubmission {
	coupleId: string;
	coupleName: string;
	assignmentId: string;
	/** The session whose prep page shows it (the couple's first after it was handed in), if any. */
	sessionId: string | null;
	title: string;
	partnerName: string;
	submittedAt: string;
}

export interface WeekAhead {
	/** This page of the sessions in the coming week, and how many there are in all. */
	sessions: UpcomingSession[];
	sessionsTotal: number;
	overdue: OverdueCouple[];
	/** How many couples have overdue homework, listed or not. */
	overdueCouples: number;
	newSubmissions: NewSubmission[];
	/** True when there are more new submissions than are listed. */
	moreNewSubmissions: boolean;
	seenAt: string | null;
}

/**
 * `page` numbers the pages of sessions from 1. Every list is cut to what one
 * page shows in the query itself, so the cost follows the page, not the size
 * of the practice.
 */
export async function weekAhead(
	db: Database,
	therapistId: string,
	now: Date,
	page = 1
): Promise<WeekAhead> {
	const nowIso = now.toISOString();
	const therapist = await db
		.selectFrom('users')
		.select('home_seen_at')
		.where('id', '=', therapistId)
		.executeTakeFirstOrThrow();
	const seen = therapist.home_seen_at ?? '';

	const upcoming = () =>
		db
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.where('couples.therapist_id', '=', therapistId)
			.where('couples.archived_at', 'is', null)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', nowIso)
			.where('therapy_sessions.starts_at', '<', new Date(now.getTime() + WEEK_MS).toISOString());
	const [sessions, overdueCouples, submissions, versions] = await Promise.all([
		upcoming()
			.select((eb) => [
				'therapy_sessions.id',
				'therapy_sessions.couple_id',
				'therapy_sessions.starts_at',
				'therapy_sessions.format',
				'therapy_sessions.prepared_at',
				'couples.name',
				eb.fn.countAll<number>().over().as('total')
			])
			.orderBy('therapy_sessions.starts_at')
			.orderBy('therapy_sessions.id')
			.limit(SESSIONS_SHOWN)
			.offset((Math.max(1, page) - 1) * SESSIONS_SHOWN)
			.execute(),
		// The couples waited on longest, with how many assignments are overdue for each.
		overdueAssignments(db, therapistId, now)
			.select((eb) => [
				'a.couple_id',
				eb.fn.countAll<number>().as('assignments'),
				eb.fn.min('a.due_at').as('oldest'),
				eb.fn.countAll<number>().over().as('total')
			])
			.groupBy('a.couple_id')
			.orderBy('oldest')
			.orderBy('a.couple_id')
			.limit(OVERDUE_COUPLES_SHOWN)
			.execute(),
		// One more than is shown, to know whether there are more.
		newSubmissions(db, therapistId, seen),
		templateVersions(db)
	]);
	// What is shown of each couple on this page: its sessions' flags and its overdue homework.
	const shownCouples = [
		...new Set([
			...sessions.map((session) => session.couple_id),
			...overdueCouples.map((couple) => couple.couple_id)
		])
	];
	const [overdueRows, raisedFlags] =
		shownCouples.length === 0
			? [[], []]
			: await Promise.all([
					overdueHomework(db, therapistId, now)
						.where('a.couple_id', 'in', shownCouples)
						.orderBy('a.due_at')
						.orderBy('a.id')
						.orderBy('p.position')
						.execute(),
					db
						.selectFrom('flags')
						.innerJoin('partners', 'partners.id', 'flags.partner_id')
						.select(['flags.couple_id', 'flags.kind', 'partners.display_name'])
						.where('flags.couple_id', 'in', shownCouples)
						.where('flags.resolved_at', 'is', null)
						.execute()
				]);

	// Each worksheet by the title of its newest version.
	const { newest } = versions;
	const titleOf = (templateId: string) => newest.get(templateId)?.template.title ?? templateId;
	const coupleIds = [...new Set(sessions.map((session) => session.couple_id))];
	const [homeworkOf, checkIns] = await Promise.all([
		homeworkBySession(
			db,
			sessions.map((session) => session.id),
			titleOf
		),
		checkInMeasures(db, coupleIds)
	]);

	// Each overdue assignment once, with everyone it waits for, in the order of their due dates.
	const overdueItems = new Map<string, OverdueItem>();
	for (const row of overdueRows) {
		const item = overdueItems.get(row.id) ?? {
			assignmentId: row.id,
			coupleId: row.couple_id,
			coupleName: row.name,
			title: titleOf(row.template_id),
			dueAt: row.due_at!,
			missing: []
		};
		item.missing.push(row.display_name);
		overdueItems.set(row.id, item);
	}
	const itemsByCouple = groupBy(overdueItems.values(), (item) => item.coupleId);

	// Worked out once per couple, not once per session by searching every list.
	const raisedByCouple = groupBy(raisedFlags, (flag) => flag.couple_id);
	const firstOverdue = new Map<string, (typeof overdueRows)[number]>();
	for (const row of overdueRows)
		if (!firstOverdue.has(row.couple_id)) firstOverdue.set(row.couple_id, row);
	const shown = (source: 'raised' | 'worked-out') => (flag: Flag) => ({
		kind: flag.kind,
		label: weekAheadLabel(flag, source)
	});
	const flagsFor = (coupleId: string, homework: SessionHomework): UpcomingSession['flags'] => {
		const raised = (raisedByCouple.get(coupleId) ?? []).map((flag) =>
			raisedFlag(flag.kind, flag.display_name)
		);
		const own = checkIns.get(coupleId);
		const overdue = firstOverdue.get(coupleId);
		return [
			...raised.filter((flag) => flag.kind === 'safety').map(shown('raised')),
			...raised.filter((flag) => flag.kind === 'distress').map(shown('raised')),
			...(own
				? measureFlags(own.measures, (partnerId) => own.names.get(partnerId) ?? '').map(
						shown('worked-out')
					)
				: []),
			...homework.farApart
				.map((worksheet) => disagreementFlag(worksheet.title, worksheet.differences))
				.map(shown('worked-out')),
			// Once per couple: the list of overdue homework below names each piece.
			...(overdue
				? [shown('worked-out')(overdueFlag(titleOf(overdue.template_id), overdue.display_name))]
				: [])
		];
	};

	return {
		sessions: sessions.map((session) => {
			const homework = homeworkOf.get(session.id) ?? {
				in: 0,
				reviewed: 0,
				missing: 0,
				farApart: []
			};
			return {
				id: session.id,
				coupleId: session.couple_id,
				coupleName: session.name,
				startsAt: session.starts_at,
				format: session.format,
				homeworkIn: homework.in,
				homeworkReviewed: homework.reviewed,
				homeworkMissing: homework.missing,
				prepared: session.prepared_at !== null,
				flags: flagsFor(session.couple_id, homework)
			};
		}),
		// A page past the end has no row to carry the count: it is asked for on its own.
		sessionsTotal:
			sessions.length > 0 || page === 1
				? Number(sessions[0]?.total ?? 0)
				: Number(
						(
							await upcoming()
								.select((eb) => eb.fn.countAll<number>().as('total'))
								.executeTakeFirstOrThrow()
						).total
					),
		overdue: overdueCouples.map((couple) => {
			const items = itemsByCouple.get(couple.couple_id) ?? [];
			return {
				coupleId: couple.couple_id,
				coupleName: items[0]?.coupleName ?? '',
				assignments: Number(couple.assignments),
				items: items.slice(0, OVERDUE_ITEMS_NAMED)
			};
		}),
		overdueCouples: Number(overdueCouples[0]?.total ?? 0),
		newSubmissions: submissions.slice(0, NEW_SUBMISSIONS_SHOWN).map((row) => ({
			coupleId: row.couple_id,
			coupleName: row.name,
			assignmentId: row.assignment_id,
			sessionId: row.session_id,
			title: titleOf(row.template_id),
			partnerName: row.display_name,
			submittedAt: row.submitted_at!
		})),
		moreNewSubmissions: submissions.length > NEW_SUBMISSIONS_SHOWN,
		seenAt: therapist.home_seen_at
	};
}

/**
 * Each overdue assignment of the therapist's current couples, once, whoever
 * it waits for. Cross joins fix the order: the therapist's couples first,
 * then each couple's homework still waited on by due date (a partial index),
 * so the cost follows this therapist's practice, never everyone's, and no
 * response is read.
 */
function overdueAssignments(db: Database, therapistId: string, now: Date) {
	return db
		.selectFrom('couples as c')
		.crossJoin('assignments as a')
		.whereRef('c.id', '=', 'a.couple_id')
		.where('c.therapist_id', '=', therapistId)
		.where('c.archived_at', 'is', null)
		.where((eb) => overdueForSomeone(eb, now));
}

/**
 * Each overdue piece of homework of those: an assignment past due, and a
 * partner it is for who has not handed it in, which asks the responses of
 * each pair through their index.
 */
function overdueHomework(db: Database, therapistId: string, now: Date) {
	return overdueAssignments(db, therapistId, now)
		.crossJoin('partners as p')
		.select(['a.id', 'a.couple_id', 'a.template_id', 'a.due_at', 'c.name', 'p.display_name'])
		.whereRef('p.couple_id', '=', 'a.couple_id')
		.where((eb) => overdueFor(eb, now));
}

/**
 * The newest responses handed in since the therapist last marked the home
 * seen (all of them, before the first time), newest first, one more than is
 * shown. Cross joins make SQLite walk the submission-time index from the
 * newest and look up each response's homework and couple by key, stopping at
 * the limit, instead of first gathering every assignment of every couple the
 * therapist has. In a practice of several therapists it passes over the
 * others' submissions on the way, which costs a lookup each.
 */
async function newSubmissions(db: Database, therapistId: string, seen: string) {
	return db
		.selectFrom('responses as r')
		.crossJoin('assignments as a')
		.crossJoin('couples as c')
		.innerJoin('partners as p', 'p.id', 'r.partner_id')
		.select((eb) => [
			'c.id as couple_id',
			'c.name',
			'r.assignment_id',
			'a.template_id',
			'p.display_name',
			'r.submitted_at',
			// Its answers are read on the prep page of the first session after it came in.
			eb
				.selectFrom('therapy_sessions as s')
				.select('s.id')
				.whereRef('s.couple_id', '=', 'c.id')
				.where('s.status', '!=', 'cancelled')
				.whereRef('s.starts_at', '>', 'r.submitted_at')
				.orderBy('s.starts_at')
				.limit(1)
				.as('session_id')
		])
		.whereRef('a.id', '=', 'r.assignment_id')
		.whereRef('c.id', '=', 'a.couple_id')
		.where('c.therapist_id', '=', therapistId)
		.where('c.archived_at', 'is', null)
		.where('a.cancelled_at', 'is', null)
		.where('r.submitted_at', '>', seen)
		.where((eb) => handedIn(eb.ref('r.status')))
		.orderBy('r.submitted_at', 'desc')
		.limit(NEW_SUBMISSIONS_SHOWN + 1)
		.execute();
}

/**
 * For each upcoming session, the homework due since the couple's previous
 * session and by this one: how many pieces (one per partner it is for) are in,
 * reviewed and missing, and which of it both partners handed in far apart.
 * One query for one-off homework (each session's window is found beside it,
 * so only the homework inside the windows is read) and one for check-ins set
 * before every session.
 */
async function homeworkBySession(
	db: Database,
	sessionIds: string[],
	titleOf: (templateId: string) => string
): Promise<Map<string, SessionHomework>> {
	const bySession = new Map<string, SessionHomework>();
	if (sessionIds.length === 0) return bySession;
	const homeworkOf = (sessionId: string) => {
		const homework = bySession.get(sessionId) ?? { in: 0, reviewed: 0, missing: 0, farApart: [] };
		bySession.set(sessionId, homework);
		return homework;
	};
	const onceHomework = db
		.selectFrom('therapy_sessions as session')
		.innerJoin('assignments as a', 'a.couple_id', 'session.couple_id')
		.select((eb) => [
			'session.id as session_id',
			'a.template_id',
			'a.waiting_on',
			'a.differences',
			piecesOf(eb),
			eb
				.selectFrom('responses as r')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('r.assignment_id', '=', 'a.id')
				.where('r.status', '=', 'reviewed')
				.as('reviewed')
		])
		.where('session.id', 'in', sessionIds)
		.where('a.cancelled_at', 'is', null)
		.where('a.recurrence', '=', 'once')
		.whereRef('a.due_at', '<=', 'session.starts_at')
		.where((eb) => eb('a.due_at', '>', previousSessionStart(eb)))
		.execute();
	const [rows, checkIns] = await Promise.all([onceHomework, checkInsBySession(db, sessionIds)]);
	for (const row of rows) {
		const homework = homeworkOf(row.session_id);
		const pieces = Number(row.pieces ?? 0);
		homework.in += pieces - row.waiting_on;
		homework.reviewed += Number(row.reviewed ?? 0);
		homework.missing += row.waiting_on;
		if (row.differences !== null && row.differences > 0)
			homework.farApart.push({ title: titleOf(row.template_id), differences: row.differences });
	}
	for (const row of checkIns) {
		const homework = homeworkOf(row.session_id);
		const pieces = Number(row.pieces ?? 0);
		const handedInForIt = Number(row.handed_in ?? 0);
		homework.in += handedInForIt;
		homework.reviewed += Number(row.reviewed ?? 0);
		homework.missing += Math.max(0, pieces - handedInForIt);
	}
	return bySession;
}

/** Homework for both partners is a piece of work for each of them; for one, a single piece. */
function piecesOf(eb: ExpressionBuilder<DB & { a: DB['assignments'] }, 'a'>) {
	return eb
		.case()
		.when('a.partner_id', 'is', null)
		.then(
			eb
				.selectFrom('partners as p')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('p.couple_id', '=', 'a.couple_id')
		)
		.else(1)
		.end()
		.as('pieces');
}

/**
 * A check-in set "before every session" is due at each session: for each
 * upcoming session, how many partners it is for, how many handed in the one
 * for that session (rules.ts handedIn) and how many of those are reviewed.
 * Set after a session began, it is not counted for that session.
 */
async function checkInsBySession(db: Database, sessionIds: string[]) {
	return db
		.selectFrom('therapy_sessions as session')
		.innerJoin('assignments as a', 'a.couple_id', 'session.couple_id')
		.select((eb) => [
			'session.id as session_id',
			piecesOf(eb),
			eb
				.selectFrom('responses as r')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('r.assignment_id', '=', 'a.id')
				.whereRef('r.occurrence', '=', 'session.id')
				.where((inner) => handedIn(inner.ref('r.status')))
				.as('handed_in'),
			eb
				.selectFrom('responses as r')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('r.assignment_id', '=', 'a.id')
				.whereRef('r.occurrence', '=', 'session.id')
				.where('r.status', '=', 'reviewed')
				.as('reviewed')
		])
		.where('session.id', 'in', sessionIds)
		.where('a.cancelled_at', 'is', null)
		.where('a.recurrence', '=', 'before-each-session')
		.whereRef('a.created_at', '<', 'session.starts_at')
		.execute();
}

/**
 * Each couple's measures (measures.ts): every handed-in check-in and session
 * feedback, since the baseline is the first check-in ever. One query for all
 * the couples with a session this week.
 */
async function checkInMeasures(
	db: Database,
	coupleIds: string[]
): Promise<Map<string, CoupleCheckIns>> {
	const measures = new Map<string, CoupleCheckIns>();
	if (coupleIds.length === 0) return measures;
	const rows = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.innerJoin('partners', 'partners.id', 'responses.partner_id')
		.innerJoin('couples', 'couples.id', 'assignments.couple_id')
		.select([
			'assignments.couple_id',
			'responses.partner_id',
			'responses.occurrence',
			'partners.display_name',
			'partners.position',
			'responses.status',
			'responses.submitted_at',
			'responses.total',
			'assignments.template_id',
			'couples.not_on_track_after'
		])
		.where('assignments.couple_id', 'in', coupleIds)
		.where('assignments.recurrence', '=', 'before-each-session')
		.where('assignments.cancelled_at', 'is', null)
		.where('responses.total', 'is not', null)
		.where((eb) => handedIn(eb.ref('responses.status')))
		.orderBy('responses.submitted_at')
		.execute();
	for (const [coupleId, own] of groupBy(rows, (row) => row.couple_id)) {
		const scored: CheckInResponse[] = own.map((row) => ({
			templateId: row.template_id,
			partnerId: row.partner_id,
			status: row.status,
			submittedAt: row.submitted_at,
			total: row.total,
			recurrence: 'before-each-session',
			occurrence: row.occurrence
		}));
		// Partners in their order on the couple, so "the first partner" is the same everywhere.
		const partnerIds = [
			...new Map(
				[...own].sort((a, b) => a.position - b.position).map((row) => [row.partner_id, row])
			).keys()
		];
		measures.set(coupleId, {
			measures: coupleMeasures({
				checkIns: checkInPoints(scored),
				feedback: feedbackPoints(scored),
				partnerIds,
				notOnTrackAfter: own[0]!.not_on_track_after,
				norms: CSI4_NORMS
			}),
			names: new Map(own.map((row) => [row.partner_id, row.display_name]))
		});
	}
	return measures;
}

/** "Mark as seen": new submissions are counted from now on. */
export async function markHomeSeen(db: Database, therapistId: string, now: Date): Promise<void> {
	await db
		.updateTable('users')
		.set({ home_seen_at: now.toISOString() })
		.where('id', '=', therapistId)
		.execute();
}
