import type { Database } from './database/open';
import { assignmentsForTherapist, type AssignmentView } from './homework';
import { checkInFlags, type CheckInPoint } from './session-prep';
import { scoreAnswers } from '../worksheets/scoring';
import type { Answers } from '../worksheets/answers';
import type { WorksheetTemplate } from '../worksheets/template';

// The therapist's home: the week ahead. Which sessions are coming, whether
// the homework for each is in, what is overdue, and what was submitted since
// the therapist last marked it seen.

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface UpcomingSession {
	id: string;
	coupleId: string;
	coupleName: string;
	startsAt: string;
	format: 'in-person' | 'video';
	/** Partner-pieces of homework due by this session: submitted (or reviewed), and not. */
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
	seenAt: string | null;
}

export async function weekAhead(db: Database, therapistId: string, now: Date): Promise<WeekAhead> {
	const [sessions, assignments, therapist, couples, safetyFlags, scored] = await Promise.all([
		db
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select(['therapy_sessions.id', 'therapy_sessions.couple_id', 'therapy_sessions.starts_at', 'therapy_sessions.format', 'therapy_sessions.prepared_at', 'couples.name'])
			.where('couples.therapist_id', '=', therapistId)
			.where('couples.archived_at', 'is', null)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', now.toISOString())
			.where('therapy_sessions.starts_at', '<', new Date(now.getTime() + WEEK_MS).toISOString())
			.orderBy('therapy_sessions.starts_at')
			.execute(),
		assignmentsForTherapist(db, therapistId, now),
		db.selectFrom('users').select('home_seen_at').where('id', '=', therapistId).executeTakeFirstOrThrow(),
		db.selectFrom('couples').select(['id', 'name']).where('therapist_id', '=', therapistId).execute(),
		db
			.selectFrom('flags')
			.innerJoin('couples', 'couples.id', 'flags.couple_id')
			.innerJoin('partners', 'partners.id', 'flags.partner_id')
			.select(['flags.couple_id', 'flags.kind', 'partners.display_name'])
			.where('couples.therapist_id', '=', therapistId)
			.where('flags.resolved_at', 'is', null)
			.execute(),
		// Scored check-ins of every couple, for the distress flag: one query, with their template versions.
		db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.innerJoin('couples', 'couples.id', 'assignments.couple_id')
			.innerJoin('worksheet_template_versions as v', (join) => join.onRef('v.template_id', '=', 'assignments.template_id').onRef('v.version', '=', 'responses.template_version'))
			.select(['assignments.couple_id', 'responses.partner_id', 'responses.submitted_at', 'responses.answers', 'v.definition'])
			.where('couples.therapist_id', '=', therapistId)
			.where('assignments.recurrence', '=', 'before-each-session')
			.where('responses.status', '!=', 'draft')
			.execute()
	]);
	const names = new Map(couples.map((couple) => [couple.id, couple.name]));
	const points: Array<CheckInPoint & { coupleId: string }> = scored
		.flatMap((row) => {
			const score = row.submitted_at ? scoreAnswers(JSON.parse(row.definition) as WorksheetTemplate, JSON.parse(row.answers) as Answers) : null;
			return score ? [{ coupleId: row.couple_id, partnerId: row.partner_id, at: row.submitted_at!, total: score.total }] : [];
		})
		.sort((a, b) => a.at.localeCompare(b.at));
	const flagsFor = (coupleId: string): UpcomingSession['flags'] => [
		...safetyFlags.filter((flag) => flag.couple_id === coupleId && flag.kind === 'safety').map((flag) => ({ kind: 'safety' as const, label: `Safety: ${flag.display_name}’s private check-in` })),
		...safetyFlags.filter((flag) => flag.couple_id === coupleId && flag.kind === 'distress').map((flag) => ({ kind: 'distress' as const, label: `A concerning answer from ${flag.display_name}` })),
		...(checkInFlags(points.filter((point) => point.coupleId === coupleId), () => '').length > 0
			? [{ kind: 'distress' as const, label: 'Check-in: below the distress line, or down 3 or more' }]
			: []),
		...(assignments.some((assignment) => assignment.coupleId === coupleId && assignment.overdue) ? [{ kind: 'overdue' as const, label: 'Overdue homework' }] : [])
	];

	return {
		sessions: sessions.map((session) => {
			const due = assignments.filter((assignment) => assignment.coupleId === session.couple_id && dueBy(assignment, session.starts_at));
			const pieces = due.flatMap((assignment) => assignment.progress);
			const homeworkIn = pieces.filter((piece) => piece.status === 'submitted' || piece.status === 'reviewed').length;
			return {
				id: session.id,
				coupleId: session.couple_id,
				coupleName: session.name,
				startsAt: session.starts_at,
				format: session.format,
				homeworkIn,
				homeworkMissing: pieces.length - homeworkIn,
				prepared: session.prepared_at !== null,
				flags: flagsFor(session.couple_id)
			};
		}),
		overdue: assignments
			.filter((assignment) => assignment.overdue)
			.map((assignment) => ({
				assignmentId: assignment.id,
				coupleId: assignment.coupleId,
				coupleName: names.get(assignment.coupleId) ?? '',
				title: assignment.title,
				dueAt: assignment.dueAt ?? '',
				missing: assignment.progress.filter((piece) => piece.status === 'not-started' || piece.status === 'draft').map((piece) => piece.partnerName)
			})),
		newSubmissions: assignments
			.flatMap((assignment) =>
				assignment.progress
					.filter((piece) => piece.submittedAt !== null && (therapist.home_seen_at === null || piece.submittedAt > therapist.home_seen_at))
					.map((piece) => ({
						coupleId: assignment.coupleId,
						coupleName: names.get(assignment.coupleId) ?? '',
						assignmentId: assignment.id,
						title: assignment.title,
						partnerName: piece.partnerName,
						submittedAt: piece.submittedAt!
					}))
			)
			.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)),
		seenAt: therapist.home_seen_at
	};
}

function dueBy(assignment: AssignmentView, sessionStart: string): boolean {
	return assignment.dueAt !== null && assignment.dueAt <= sessionStart;
}

/** "Mark as seen": new submissions are counted from now on. */
export async function markHomeSeen(db: Database, therapistId: string, now: Date): Promise<void> {
	await db.updateTable('users').set({ home_seen_at: now.toISOString() }).where('id', '=', therapistId).execute();
}
