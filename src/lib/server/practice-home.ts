import type { Database } from './database/open';
import { checkInFlags } from './session-prep';
import { checkInPoints, type CheckInPoint } from './check-ins';
import type { WorksheetTemplate } from '../worksheets/template';

// The therapist's home: the week ahead. Which sessions are coming, whether
// the homework for each is in, what is overdue, and what was submitted since
// the therapist last marked it seen. Each list is asked of the database
// directly, in a fixed number of queries, so a large practice stays fast.

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The most new submissions listed at once. */
export const NEW_SUBMISSIONS_SHOWN = 50;
/** Check-ins older than this do not decide today's distress flag. */
const CHECK_IN_WINDOW_MS = 13 * WEEK_MS;

export interface UpcomingSession {
	id: string;
	coupleId: string;
	coupleName: string;
	startsAt: string;
	format: 'in-person' | 'video';
	/** Partner-pieces of homework due since the couple's previous session and by this one: in, and not. */
	homeworkIn: number;
	homeworkMissing: number;
	prepared: boolean;
	/** What needs attention for this couple; only the therapist ever sees these. */
	flags: Array<{ kind: 'safety' | 'distress' | 'overdue'; label: string }>;
}

export interface OverdueItem {
	assignmentId: string;
	coupleId: string;
	coupleName: string;
	title: string;
	dueAt: string;
	missing: string[];
}

export interface NewSubmission {
	coupleId: string;
	coupleName: string;
	assignmentId: string;
	title: string;
	partnerName: string;
	submittedAt: string;
}

export interface WeekAhead {
	sessions: UpcomingSession[];
	overdue: OverdueItem[];
	newSubmissions: NewSubmission[];
	/** True when there are more new submissions than are listed. */
	moreNewSubmissions: boolean;
	seenAt: string | null;
}

export async function weekAhead(db: Database, therapistId: string, now: Date): Promise<WeekAhead> {
	const nowIso = now.toISOString();
	const therapist = await db.selectFrom('users').select('home_seen_at').where('id', '=', therapistId).executeTakeFirstOrThrow();
	const seen = therapist.home_seen_at ?? '';

	const [sessions, overdueRows, submissions, safetyFlags, titles] = await Promise.all([
		db
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select(['therapy_sessions.id', 'therapy_sessions.couple_id', 'therapy_sessions.starts_at', 'therapy_sessions.format', 'therapy_sessions.prepared_at', 'couples.name'])
			.where('couples.therapist_id', '=', therapistId)
			.where('couples.archived_at', 'is', null)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', nowIso)
			.where('therapy_sessions.starts_at', '<', new Date(now.getTime() + WEEK_MS).toISOString())
			.orderBy('therapy_sessions.starts_at')
			.execute(),
		// Each overdue piece of homework: an assignment past due, and a partner it is for who has not handed it in.
		db
			.selectFrom('assignments as a')
			.innerJoin('couples as c', 'c.id', 'a.couple_id')
			.innerJoin('partners as p', 'p.couple_id', 'a.couple_id')
			.select(['a.id', 'a.couple_id', 'a.template_id', 'a.due_at', 'c.name', 'p.display_name'])
			.where('c.therapist_id', '=', therapistId)
			.where('c.archived_at', 'is', null)
			.where('a.cancelled_at', 'is', null)
			.where('a.recurrence', '=', 'once')
			.where('a.due_at', '<', nowIso)
			.where((eb) => eb.or([eb('a.partner_id', 'is', null), eb('a.partner_id', '=', eb.ref('p.id'))]))
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('responses as r')
							.select('r.id')
							.whereRef('r.assignment_id', '=', 'a.id')
							.whereRef('r.partner_id', '=', 'p.id')
							.where('r.status', '!=', 'draft')
					)
				)
			)
			.orderBy('a.due_at')
			.orderBy('p.position')
			.execute(),
		// One more than is shown, to know whether there are more.
		newSubmissions(db, therapistId, seen),
		db
			.selectFrom('flags')
			.innerJoin('couples', 'couples.id', 'flags.couple_id')
			.innerJoin('partners', 'partners.id', 'flags.partner_id')
			.select(['flags.couple_id', 'flags.kind', 'partners.display_name'])
			.where('couples.therapist_id', '=', therapistId)
			.where('flags.resolved_at', 'is', null)
			.execute(),
		db.selectFrom('worksheet_template_versions').select(['template_id', 'version', 'definition']).execute()
	]);

	const titleOf = latestTitles(titles);
	const coupleIds = [...new Set(sessions.map((session) => session.couple_id))];
	const [windows, checkIns] = await Promise.all([homeworkBySession(db, sessions, coupleIds), recentCheckIns(db, coupleIds, new Date(now.getTime() - CHECK_IN_WINDOW_MS))]);

	const overdue = new Map<string, OverdueItem>();
	for (const row of overdueRows) {
		const item = overdue.get(row.id) ?? { assignmentId: row.id, coupleId: row.couple_id, coupleName: row.name, title: titleOf(row.template_id), dueAt: row.due_at!, missing: [] };
		item.missing.push(row.display_name);
		overdue.set(row.id, item);
	}

	const flagsFor = (coupleId: string): UpcomingSession['flags'] => [
		...safetyFlags.filter((flag) => flag.couple_id === coupleId && flag.kind === 'safety').map((flag) => ({ kind: 'safety' as const, label: `Safety: ${flag.display_name}’s private check-in` })),
		...safetyFlags.filter((flag) => flag.couple_id === coupleId && flag.kind === 'distress').map((flag) => ({ kind: 'distress' as const, label: `A concerning answer from ${flag.display_name}` })),
		...(checkInFlags(checkIns.get(coupleId) ?? [], () => '').length > 0 ? [{ kind: 'distress' as const, label: 'Check-in: below the distress line, or down 3 or more' }] : []),
		...(overdueRows.some((row) => row.couple_id === coupleId) ? [{ kind: 'overdue' as const, label: 'Overdue homework' }] : [])
	];

	return {
		sessions: sessions.map((session) => {
			const pieces = windows.get(session.id) ?? { in: 0, missing: 0 };
			return {
				id: session.id,
				coupleId: session.couple_id,
				coupleName: session.name,
				startsAt: session.starts_at,
				format: session.format,
				homeworkIn: pieces.in,
				homeworkMissing: pieces.missing,
				prepared: session.prepared_at !== null,
				flags: flagsFor(session.couple_id)
			};
		}),
		overdue: [...overdue.values()],
		newSubmissions: submissions.slice(0, NEW_SUBMISSIONS_SHOWN).map((row) => ({
			coupleId: row.couple_id,
			coupleName: row.name,
			assignmentId: row.assignment_id,
			title: titleOf(row.template_id),
			partnerName: row.display_name,
			submittedAt: row.submitted_at!
		})),
		moreNewSubmissions: submissions.length > NEW_SUBMISSIONS_SHOWN,
		seenAt: therapist.home_seen_at
	};
}

/**
 * The newest responses handed in since the therapist last marked the home
 * seen (all of them, before the first time). Read from the responses alone,
 * newest first by their index, stopping after one more than is shown; the
 * names are looked up for those few afterwards.
 */
async function newSubmissions(db: Database, therapistId: string, seen: string) {
	const latest = await db
		.selectFrom('responses as r')
		.select(['r.assignment_id', 'r.partner_id', 'r.submitted_at'])
		.where('r.submitted_at', '>', seen)
		.where('r.status', '!=', 'draft')
		// coalesce() keeps SQLite from reading by assignment (thousands of rows, then sorting):
		// it walks the submission-time index from the newest instead and stops at the limit.
		.where((eb) => eb(eb.fn<string>('coalesce', ['r.assignment_id', eb.val('')]), 'in', eb
				.selectFrom('assignments as a')
				.innerJoin('couples as c', 'c.id', 'a.couple_id')
				.select('a.id')
				.where('c.therapist_id', '=', therapistId)
				.where('c.archived_at', 'is', null)
				.where('a.cancelled_at', 'is', null)
		))
		.orderBy('r.submitted_at', 'desc')
		.limit(NEW_SUBMISSIONS_SHOWN + 1)
		.execute();
	if (latest.length === 0) return [];
	const [assignments, partners] = await Promise.all([
		db
			.selectFrom('assignments as a')
			.innerJoin('couples as c', 'c.id', 'a.couple_id')
			.select(['a.id', 'a.template_id', 'c.id as couple_id', 'c.name'])
			.where('a.id', 'in', [...new Set(latest.map((row) => row.assignment_id))])
			.execute(),
		db.selectFrom('partners').select(['id', 'display_name']).where('id', 'in', [...new Set(latest.map((row) => row.partner_id))]).execute()
	]);
	return latest.map((row) => {
		const assignment = assignments.find((candidate) => candidate.id === row.assignment_id)!;
		return {
			couple_id: assignment.couple_id,
			name: assignment.name,
			assignment_id: row.assignment_id,
			template_id: assignment.template_id,
			display_name: partners.find((partner) => partner.id === row.partner_id)?.display_name ?? '',
			submitted_at: row.submitted_at
		};
	});
}

/**
 * For each upcoming session, the homework due since the couple's previous
 * session and by this one, counted per partner it is for: handed in, or not.
 */
async function homeworkBySession(
	db: Database,
	sessions: Array<{ id: string; couple_id: string; starts_at: string }>,
	coupleIds: string[]
): Promise<Map<string, { in: number; missing: number }>> {
	const counts = new Map<string, { in: number; missing: number }>();
	if (coupleIds.length === 0) return counts;
	const [earlier, partners] = await Promise.all([
		db.selectFrom('therapy_sessions').select(['couple_id', 'starts_at']).where('couple_id', 'in', coupleIds).where('status', '!=', 'cancelled').execute(),
		db.selectFrom('partners').select(['id', 'couple_id']).where('couple_id', 'in', coupleIds).execute()
	]);
	const previousOf = new Map(
		sessions.map((session) => [
			session.id,
			earlier.filter((other) => other.couple_id === session.couple_id && other.starts_at < session.starts_at).map((other) => other.starts_at).sort().at(-1) ?? ''
		])
	);
	const from = [...previousOf.values()].sort()[0] ?? '';
	const assignments = await db
		.selectFrom('assignments')
		.select([
			'id',
			'couple_id',
			'partner_id',
			'due_at',
			(eb) => eb.selectFrom('responses').select((inner) => inner.fn.countAll<number>().as('n')).whereRef('responses.assignment_id', '=', 'assignments.id').where('responses.status', '!=', 'draft').as('handedIn')
		])
		.where('couple_id', 'in', coupleIds)
		.where('cancelled_at', 'is', null)
		.where('recurrence', '=', 'once')
		.where('due_at', '>', from)
		.where('due_at', '<=', sessions.at(-1)?.starts_at ?? '')
		.execute();
	const byCouple = new Map<string, typeof assignments>();
	for (const assignment of assignments) {
		const own = byCouple.get(assignment.couple_id);
		if (own) own.push(assignment);
		else byCouple.set(assignment.couple_id, [assignment]);
	}
	const partnerCount = new Map<string, number>();
	for (const partner of partners) partnerCount.set(partner.couple_id, (partnerCount.get(partner.couple_id) ?? 0) + 1);
	for (const session of sessions) {
		const previous = previousOf.get(session.id) ?? '';
		let handedIn = 0;
		let expected = 0;
		for (const assignment of byCouple.get(session.couple_id) ?? []) {
			if (assignment.due_at === null || assignment.due_at > session.starts_at || assignment.due_at <= previous) continue;
			expected += assignment.partner_id === null ? (partnerCount.get(session.couple_id) ?? 0) : 1;
			handedIn += Number(assignment.handedIn ?? 0);
		}
		counts.set(session.id, { in: handedIn, missing: expected - handedIn });
	}
	return counts;
}

/** Each couple's scored check-ins over time, for the distress flag. */
async function recentCheckIns(db: Database, coupleIds: string[], since: Date): Promise<Map<string, CheckInPoint[]>> {
	const points = new Map<string, CheckInPoint[]>();
	if (coupleIds.length === 0) return points;
	const [rows, versions] = await Promise.all([
		db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'assignments.couple_id',
				'assignments.template_id',
				'assignments.recurrence',
				'responses.template_version',
				'responses.partner_id',
				'responses.status',
				'responses.submitted_at',
				'responses.answers'
			])
			.where('assignments.couple_id', 'in', coupleIds)
			.where('assignments.recurrence', '=', 'before-each-session')
			.where('assignments.cancelled_at', 'is', null)
			.where('responses.status', '!=', 'draft')
			.where('responses.submitted_at', '>', since.toISOString())
			.orderBy('responses.submitted_at')
			.execute(),
		db
			.selectFrom('worksheet_template_versions')
			.select(['template_id', 'version', 'definition'])
			.where('template_id', 'in', (eb) => eb.selectFrom('assignments').select('template_id').where('couple_id', 'in', coupleIds).where('recurrence', '=', 'before-each-session'))
			.execute()
	]);
	// Each template version is parsed once, not once per response.
	const templates = new Map(versions.map((row) => [`${row.template_id}@${row.version}`, JSON.parse(row.definition) as WorksheetTemplate]));
	const byCouple = new Map<string, typeof rows>();
	for (const row of rows) {
		const own = byCouple.get(row.couple_id);
		if (own) own.push(row);
		else byCouple.set(row.couple_id, [row]);
	}
	for (const [coupleId, own] of byCouple) {
		points.set(
			coupleId,
			checkInPoints(
				own.map((row) => ({
					partnerId: row.partner_id,
					status: row.status,
					submittedAt: row.submitted_at,
					answers: row.answers,
					recurrence: row.recurrence,
					template: templates.get(`${row.template_id}@${row.template_version}`)
				}))
			)
		);
	}
	return points;
}

function latestTitles(rows: Array<{ template_id: string; version: number; definition: string }>): (templateId: string) => string {
	const newest = new Map<string, { version: number; title: string }>();
	for (const row of rows) {
		const current = newest.get(row.template_id);
		if (!current || row.version > current.version) newest.set(row.template_id, { version: row.version, title: (JSON.parse(row.definition) as WorksheetTemplate).title });
	}
	return (templateId) => newest.get(templateId)?.title ?? templateId;
}

/** "Mark as seen": new submissions are counted from now on. */
export async function markHomeSeen(db: Database, therapistId: string, now: Date): Promise<void> {
	await db.updateTable('users').set({ home_seen_at: now.toISOString() }).where('id', '=', therapistId).execute();
}
