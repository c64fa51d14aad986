import {
	expressionBuilder,
	sql,
	type Expression,
	type ExpressionBuilder,
	type SqlBool
} from 'kysely';
import type { DB } from '../database/schema';
import type { HomeworkStatus, ResponseStatus } from '../../homework-status';

// The rules about homework, each written once, as a Kysely expression where a
// query needs it and as a plain function where a page works it out from rows
// already read. The week ahead, the prep page, the progress page, a partner's
// home and their worksheet all ask these; none of them says it again.

const eb = expressionBuilder<DB, keyof DB>();

/**
 * Homework is addressed to a partner when it is for both partners (no
 * partner named) or for them alone. A private worksheet (the safety
 * check-in) is always addressed to one partner, so the other never learns it
 * exists: not in a list, a count or a status.
 */
export function addressedTo(
	assignmentPartner: Expression<string | null>,
	partner: string | Expression<string>
): Expression<SqlBool> {
	return eb.or([eb(assignmentPartner, 'is', null), eb(assignmentPartner, '=', partner)]);
}

/** The same rule, for an assignment already read. */
export function isAddressedTo(
	assignment: { partnerId: string | null },
	partnerId: string
): boolean {
	return assignment.partnerId === null || assignment.partnerId === partnerId;
}

/** A response is handed in once submitted, and stays so when reviewed; a draft is not. */
export function handedIn(status: Expression<ResponseStatus>): Expression<SqlBool> {
	return eb(status, '!=', 'draft');
}

/** The same rule, for a status already read ('not-started' is not handed in). */
export function isHandedIn(status: HomeworkStatus): boolean {
	return status === 'submitted' || status === 'reviewed';
}

/**
 * Homework is overdue for a partner when it is still set (not cancelled),
 * its due time has passed and they have not handed it in. A repeating
 * check-in is due a day or two before each session (checkInDueAt) but stays
 * open until the session starts, so it is never overdue: callers ask this of
 * one-off homework only.
 */
export function isOverdue(
	homework: { dueAt: string | null; cancelled?: boolean },
	status: HomeworkStatus,
	now: Date
): boolean {
	return (
		!homework.cancelled &&
		homework.dueAt !== null &&
		homework.dueAt < now.toISOString() &&
		!isHandedIn(status)
	);
}

/**
 * The same rule in SQL, for homework `a` and a partner `p` of its couple: still
 * owed by the partner, and past due. A repeating check-in (open until each
 * session) is never overdue.
 */
export function overdueFor(
	eb: ExpressionBuilder<DB & { a: DB['assignments']; p: DB['partners'] }, 'a' | 'p'>,
	now: Date
): Expression<SqlBool> {
	return eb.and([stillOwedBy(eb), eb('a.due_at', '<', now.toISOString())]);
}

/**
 * Homework `a` overdue for someone it is for, without asking who: still owed
 * by a partner, and past due. For counting and finding a couple's overdue
 * homework, which then reads no response.
 */
export function overdueForSomeone(
	eb: ExpressionBuilder<DB & { a: DB['assignments'] }, 'a'>,
	now: Date
): Expression<SqlBool> {
	return eb.and([stillOwed(eb), eb('a.due_at', '<', now.toISOString())]);
}

/**
 * Homework `a` with a due date that some partner it is for still owes: still
 * set, due once (not a repeating check-in), and not handed in by everyone it
 * is for.
 */
export function stillOwed(
	eb: ExpressionBuilder<DB & { a: DB['assignments'] }, 'a'>
): Expression<SqlBool> {
	return eb.and([
		eb('a.cancelled_at', 'is', null),
		eb('a.recurrence', '=', 'once'),
		eb('a.due_at', 'is not', null),
		// Kept by triggers: how many partners it is for have not handed it in, so this asks
		// no response. A literal, not a parameter: SQLite uses the partial indexes of
		// homework still waited on only for a query that repeats their condition.
		eb('a.waiting_on', '>', sql.lit(0))
	]);
}

/**
 * Homework `a` with a due date that partner `p` of its couple still owes:
 * still owed by someone, addressed to the partner and not handed in by them.
 * Overdue homework is this, past its due time; a reminder goes for this, the
 * day before.
 */
export function stillOwedBy(
	eb: ExpressionBuilder<DB & { a: DB['assignments']; p: DB['partners'] }, 'a' | 'p'>
): Expression<SqlBool> {
	return eb.and([
		stillOwed(eb),
		addressedTo(eb.ref('a.partner_id'), eb.ref('p.id')),
		eb.not(handedInBy(eb))
	]);
}

/**
 * Partner `p` has handed in homework `a`: for a check-in set before every
 * session, for the one occurrence (session) given.
 */
export function handedInBy(
	eb: ExpressionBuilder<DB & { a: DB['assignments']; p: DB['partners'] }, 'a' | 'p'>,
	occurrence?: Expression<string>
): Expression<SqlBool> {
	let responses = eb
		.selectFrom('responses as r')
		.select('r.id')
		.whereRef('r.assignment_id', '=', 'a.id')
		.whereRef('r.partner_id', '=', 'p.id')
		.where((inner) => handedIn(inner.ref('r.status')));
	if (occurrence) responses = responses.where('r.occurrence', '=', occurrence);
	return eb.exists(responses);
}

/** A recurring check-in is due this many hours before a session, unless the therapist chose 48. */
export const CHECK_IN_LEAD_HOURS_DEFAULT = 24;
export const CHECK_IN_LEAD_HOURS = [24, 48] as const;

/**
 * When a check-in set "before every session" is due for a session: 24 or 48
 * hours before it starts (the couple's setting), so it is in when the
 * therapist prepares. It stays open until the session starts.
 */
export function checkInDueAt(sessionStartsAt: string, leadHours: number): string {
	return new Date(Date.parse(sessionStartsAt) - leadHours * 60 * 60 * 1000).toISOString();
}
