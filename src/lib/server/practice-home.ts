import type { Database } from './database/open';
import { assignmentsForTherapist, type AssignmentView } from './homework';

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
	const [sessions, assignments, therapist, couples] = await Promise.all([
		db
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select(['therapy_sessions.id', 'therapy_sessions.couple_id', 'therapy_sessions.starts_at', 'therapy_sessions.format', 'couples.name'])
			.where('couples.therapist_id', '=', therapistId)
			.where('couples.archived_at', 'is', null)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', now.toISOString())
			.where('therapy_sessions.starts_at', '<', new Date(now.getTime() + WEEK_MS).toISOString())
			.orderBy('therapy_sessions.starts_at')
			.execute(),
		assignmentsForTherapist(db, therapistId, now),
		db.selectFrom('users').select('home_seen_at').where('id', '=', therapistId).executeTakeFirstOrThrow(),
		db.selectFrom('couples').select(['id', 'name']).where('therapist_id', '=', therapistId).execute()
	]);
	const names = new Map(couples.map((couple) => [couple.id, couple.name]));

	return {
		sessions: sessions.map((session) => {
			const due = assignments.filter((assignment) => assignment.coupleId === session.couple_id && dueBy(assignment, session.starts_at));
			const pieces = due.flatMap((assignment) => assignment.progress);
			const homeworkIn = pieces.filter((piece) => piece.status === 'submitted' || piece.status === 'reviewed').length;
			return { id: session.id, coupleId: session.couple_id, coupleName: session.name, startsAt: session.starts_at, format: session.format, homeworkIn, homeworkMissing: pieces.length - homeworkIn };
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
