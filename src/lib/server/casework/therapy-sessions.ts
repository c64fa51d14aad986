import type { Database } from '../database/open';
import type { ExpressionBuilder } from 'kysely';
import type { DB, SessionFormat, SessionStatus } from '../database/schema';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { wallTimeToUtc } from '../../time';
import { couplesOf } from './couples';

// The couple's calendar: sessions with their therapist. Stored in UTC, read in
// each person's own time zone. Every change names the therapist, so one
// therapist cannot move another's sessions.

export interface TherapySession {
	id: string;
	coupleId: string;
	startsAt: string;
	durationMinutes: number;
	format: SessionFormat;
	agenda: string;
	status: SessionStatus;
	/** Only for a video session, and only an https address. */
	videoLink: string | null;
	updatedAt: string;
}

export interface SessionInput {
	date: string;
	time: string;
	durationMinutes: string;
	format: string;
	agenda: string;
	/** Absent from forms that predate the link (and from seeders): no link. */
	videoLink?: string;
}

export type SessionProblems = Partial<
	Record<'date' | 'time' | 'durationMinutes' | 'format' | 'agenda' | 'videoLink', string>
>;

export const AGENDA_MAX = 2000;
export const VIDEO_LINK_MAX = 500;

/**
 * The call link as typed, when it is a plain https address a partner can
 * open safely: no other scheme (a `javascript:` link would run in the page),
 * no password in it, and within the length the database allows.
 */
export function videoLinkProblem(typed: string): string | null {
	if (typed.length > VIDEO_LINK_MAX)
		return `Keep the link to ${VIDEO_LINK_MAX.toLocaleString('en')} characters.`;
	// The URL parser quietly drops line breaks and tabs; a link with any would not be what was typed.
	const hidden = (character: string) => character.charCodeAt(0) < 0x20 || character === '\u007f';
	if (/\s/.test(typed) || [...typed].some(hidden)) return 'Enter the link without spaces.';
	let link: URL;
	try {
		link = new URL(typed);
	} catch {
		return 'Enter the whole link, starting with https://.';
	}
	if (link.protocol !== 'https:' || !typed.toLowerCase().startsWith('https://'))
		return 'Use a secure link, starting with https://.';
	if (link.username || link.password)
		return 'Leave the password out of the link: partners see it as it is.';
	if (!link.hostname.includes('.')) return 'Enter the whole link, starting with https://.';
	return null;
}

/** Checks a session form in the therapist's zone; returns the UTC start when it is good. */
export function readSessionInput(
	input: SessionInput,
	zone: string
): {
	problems: SessionProblems;
	startsAt: Date | null;
	duration: number;
	format: SessionFormat;
	videoLink: string | null;
} {
	const problems: SessionProblems = {};
	const startsAt = wallTimeToUtc(input.date, input.time, zone);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date))
		problems.date = 'Enter the date, for example 2026-12-01.';
	// 00:00 to 23:59 only: a time like 24:00 must not be blamed on the date below.
	else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time))
		problems.time = 'Enter the time, for example 18:00.';
	else if (!startsAt) problems.date = 'That date does not exist. Check the day and month.';
	const duration = Number(input.durationMinutes);
	if (!Number.isInteger(duration) || duration < 10 || duration > 480)
		problems.durationMinutes = 'Enter a length from 10 to 480 minutes.';
	if (input.format !== 'in-person' && input.format !== 'video')
		problems.format = 'Choose in person or video.';
	if ([...input.agenda].length > AGENDA_MAX)
		problems.agenda = `Keep the agenda to ${AGENDA_MAX.toLocaleString('en')} characters.`;
	const format = input.format === 'video' ? 'video' : 'in-person';
	// A link kept for a session moved to the room would mislead: it goes with the format.
	const typedLink = format === 'video' ? (input.videoLink ?? '').trim() : '';
	const linkProblem = typedLink === '' ? null : videoLinkProblem(typedLink);
	if (linkProblem) problems.videoLink = linkProblem;
	return { problems, startsAt, duration, format, videoLink: typedLink === '' ? null : typedLink };
}

/** What the schedule and reschedule forms store. */
export interface SessionPlan {
	startsAt: Date;
	durationMinutes: number;
	format: SessionFormat;
	agenda: string;
	videoLink?: string | null;
}

async function ownsCouple(db: Database, therapistId: string, coupleId: string): Promise<boolean> {
	const row = await db
		.selectFrom('couples')
		.select('id')
		.where('id', '=', coupleId)
		.where('therapist_id', '=', therapistId)
		.executeTakeFirst();
	return row !== undefined;
}

export async function scheduleSession(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	session: SessionPlan,
	now: Date
): Promise<string | null> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		if (!(await ownsCouple(trx, therapistId, coupleId))) return null;
		const id = newId();
		await trx
			.insertInto('therapy_sessions')
			.values({
				id,
				couple_id: coupleId,
				starts_at: session.startsAt.toISOString(),
				duration_minutes: session.durationMinutes,
				format: session.format,
				agenda: session.agenda.trim(),
				video_link: session.format === 'video' ? (session.videoLink ?? null) : null,
				status: 'scheduled',
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.execute();
		await recordAudit(trx, actor, 'therapy-session.schedule', { type: 'therapy-session', id }, now);
		return id;
	});
}

/** A session of one of this therapist's couples, or null. */
export async function sessionForTherapist(
	db: Database,
	therapistId: string,
	coupleId: string,
	sessionId: string
): Promise<TherapySession | null> {
	const row = await db
		.selectFrom('therapy_sessions')
		.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
		.selectAll('therapy_sessions')
		.where('therapy_sessions.id', '=', sessionId)
		.where('therapy_sessions.couple_id', '=', coupleId)
		.where('couples.therapist_id', '=', therapistId)
		.executeTakeFirst();
	return row ? toSession(row) : null;
}

/** A session of the partner's own couple that still happens (scheduled or held), or null. */
export async function sessionForPartner(
	db: Database,
	coupleId: string,
	sessionId: string
): Promise<TherapySession | null> {
	const row = await db
		.selectFrom('therapy_sessions')
		.selectAll()
		.where('id', '=', sessionId)
		.where('couple_id', '=', coupleId)
		.where('status', '!=', 'cancelled')
		.executeTakeFirst();
	return row ? toSession(row) : null;
}

export async function rescheduleSession(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	session: SessionPlan,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('therapy_sessions')
			.set({
				starts_at: session.startsAt.toISOString(),
				duration_minutes: session.durationMinutes,
				format: session.format,
				agenda: session.agenda.trim(),
				video_link: session.format === 'video' ? (session.videoLink ?? null) : null,
				status: 'scheduled',
				updated_at: now.toISOString()
			})
			.where('id', '=', sessionId)
			.where('couple_id', 'in', couplesOf(therapistId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(
			trx,
			actor,
			'therapy-session.change',
			{ type: 'therapy-session', id: sessionId },
			now
		);
		return true;
	});
}

export async function setSessionStatus(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	status: 'held' | 'cancelled',
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('therapy_sessions')
			.set({ status, updated_at: now.toISOString() })
			.where('id', '=', sessionId)
			.where('couple_id', 'in', couplesOf(therapistId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		const action = status === 'held' ? 'therapy-session.held' : 'therapy-session.cancel';
		await recordAudit(trx, actor, action, { type: 'therapy-session', id: sessionId }, now);
		return true;
	});
}

/** A couple's sessions, soonest first. The caller has checked who may see the couple. */
export async function sessionsForCouple(db: Database, coupleId: string): Promise<TherapySession[]> {
	const rows = await db
		.selectFrom('therapy_sessions')
		.selectAll()
		.where('couple_id', '=', coupleId)
		.orderBy('starts_at')
		.execute();
	return rows.map(toSession);
}

/** The couple's next scheduled session from now, if any. */
export async function nextSession(
	db: Database,
	coupleId: string,
	now: Date
): Promise<TherapySession | null> {
	const row = await db
		.selectFrom('therapy_sessions')
		.selectAll()
		.where('couple_id', '=', coupleId)
		.where('status', '=', 'scheduled')
		.where('starts_at', '>=', now.toISOString())
		.orderBy('starts_at')
		.limit(1)
		.executeTakeFirst();
	return row ? toSession(row) : null;
}

function toSession(row: {
	id: string;
	couple_id: string;
	starts_at: string;
	duration_minutes: number;
	format: SessionFormat;
	agenda: string;
	status: SessionStatus;
	video_link: string | null;
	updated_at: string;
}): TherapySession {
	return {
		id: row.id,
		coupleId: row.couple_id,
		startsAt: row.starts_at,
		durationMinutes: row.duration_minutes,
		format: row.format,
		agenda: row.agenda,
		status: row.status,
		videoLink: row.video_link,
		updatedAt: row.updated_at
	};
}

/** A query whose session table is named `session`, for the rule below. */
type WithSession = DB & { session: DB['therapy_sessions'] };

/**
 * When the couple's session before `session` started, or '' before their
 * first: work due or handed in after it belongs to `session`. Cancelled
 * sessions do not count; held and scheduled ones do.
 */
export function previousSessionStart(eb: ExpressionBuilder<WithSession, 'session'>) {
	return eb.fn.coalesce(
		eb
			.selectFrom('therapy_sessions as previous')
			.select((inner) => inner.fn.max('previous.starts_at').as('starts_at'))
			.whereRef('previous.couple_id', '=', 'session.couple_id')
			.where('previous.status', '!=', 'cancelled')
			.whereRef('previous.starts_at', '<', 'session.starts_at'),
		eb.val('')
	);
}
