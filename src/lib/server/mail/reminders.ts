import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB } from '../database/schema';
import { addressedTo, checkInDueAt, handedInBy, stillOwedBy } from '../homework/rules';
import { notifyUser } from './notify';
import { isQuietHour, reminderTime } from './quiet-hours';

// A reminder the day before homework is due, once per piece of homework and
// partner, never at night on the partner's clock, and none for homework they
// have handed in. A check-in set "before every session" is a new piece for
// each session: it is due a day or two before the session starts
// (checkInDueAt), and its reminder goes a day before that. The outbox worker
// calls this on every round; the homework_reminders table, keyed by the
// occurrence too, is what makes "once" hold however often it runs.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who is owed a reminder, for which piece of homework, due when. */
interface Candidate {
	assignmentId: string;
	partnerId: string;
	userId: string;
	timeZone: string;
	/** 'once', or the session a repeating check-in is for. */
	occurrence: string;
	dueAt: Date;
	setAt: Date;
}

/** Queues every reminder that is due now; returns how many were queued. */
export async function queueDueReminders(db: Database, now: Date): Promise<number> {
	const candidates = [
		...(await oneOffHomeworkDueSoon(db, now)),
		...(await checkInsDueSoon(db, now))
	];
	let queued = 0;
	for (const candidate of candidates) {
		const remindAt = reminderTime(candidate.dueAt, candidate.setAt, candidate.timeZone);
		if (remindAt === null || remindAt > now || isQuietHour(now, candidate.timeZone)) continue;
		const added = await writeTransaction(db, async (trx) => {
			const inserted = await trx
				.insertInto('homework_reminders')
				.values({
					assignment_id: candidate.assignmentId,
					partner_id: candidate.partnerId,
					occurrence: candidate.occurrence,
					queued_at: now.toISOString()
				})
				.onConflict((conflict) => conflict.doNothing())
				.executeTakeFirst();
			// Another process got here first: its reminder is the one.
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
			// A partner who turned reminders off is still recorded as reminded: nothing to do later.
			await notifyUser(trx, candidate.userId, 'reminder', '/home', now, candidate.dueAt);
			return true;
		});
		if (added) queued++;
	}
	return queued;
}

/** One-off homework due within the next day, not handed in and not yet reminded. */
async function oneOffHomeworkDueSoon(db: Database, now: Date): Promise<Candidate[]> {
	// A reminder moved past the night is still before the due time, so nothing later than a
	// day ahead can need one yet.
	const rows = await db
		.selectFrom('assignments as a')
		.innerJoin('couples as c', 'c.id', 'a.couple_id')
		.innerJoin('partners as p', 'p.couple_id', 'a.couple_id')
		.innerJoin('users as u', 'u.id', 'p.user_id')
		.select([
			'a.id as assignmentId',
			'a.due_at',
			'a.created_at',
			'p.id as partnerId',
			'u.id as userId',
			'u.time_zone'
		])
		.where('c.archived_at', 'is', null)
		.where('a.due_at', '>', now.toISOString())
		.where('a.due_at', '<=', new Date(now.getTime() + DAY_MS).toISOString())
		.where((eb) => stillOwedBy(eb))
		.where((eb) => eb.not(reminded(eb, eb.val('once'))))
		.execute();
	return rows.flatMap((row) =>
		row.due_at === null
			? []
			: [
					{
						assignmentId: row.assignmentId,
						partnerId: row.partnerId,
						userId: row.userId,
						timeZone: row.time_zone,
						occurrence: 'once',
						dueAt: new Date(row.due_at),
						setAt: new Date(row.created_at)
					}
				]
	);
}

/**
 * Check-ins set before every session whose next session is near: due (the
 * lead time before the session) within the next day, not handed in for that
 * session and not yet reminded for it.
 */
async function checkInsDueSoon(db: Database, now: Date): Promise<Candidate[]> {
	// The longest lead is 48 hours: a session further off than that and a day cannot have
	// a check-in due within the day.
	const horizon = new Date(now.getTime() + DAY_MS + 48 * 60 * 60 * 1000).toISOString();
	const rows = await db
		.selectFrom('assignments as a')
		.innerJoin('couples as c', 'c.id', 'a.couple_id')
		.innerJoin('therapy_sessions as s', 's.couple_id', 'a.couple_id')
		.innerJoin('partners as p', 'p.couple_id', 'a.couple_id')
		.innerJoin('users as u', 'u.id', 'p.user_id')
		.select([
			'a.id as assignmentId',
			'a.created_at',
			's.id as sessionId',
			's.starts_at',
			'c.check_in_lead_hours',
			'p.id as partnerId',
			'u.id as userId',
			'u.time_zone'
		])
		.where('c.archived_at', 'is', null)
		.where('a.cancelled_at', 'is', null)
		.where('a.recurrence', '=', 'before-each-session')
		.where((eb) => addressedTo(eb.ref('a.partner_id'), eb.ref('p.id')))
		.where('s.status', '=', 'scheduled')
		.where('s.starts_at', '>', now.toISOString())
		.where('s.starts_at', '<=', horizon)
		// The partner is on the couple's next session (as on their home): none sooner.
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('therapy_sessions as sooner')
						.select('sooner.id')
						.whereRef('sooner.couple_id', '=', 'a.couple_id')
						.where('sooner.status', '=', 'scheduled')
						.where('sooner.starts_at', '>=', now.toISOString())
						.whereRef('sooner.starts_at', '<', 's.starts_at')
				)
			)
		)
		.where((eb) => eb.not(handedInBy(eb, eb.ref('s.id'))))
		.where((eb) => eb.not(reminded(eb, eb.ref('s.id'))))
		.execute();
	return rows
		.map((row) => ({
			assignmentId: row.assignmentId,
			partnerId: row.partnerId,
			userId: row.userId,
			timeZone: row.time_zone,
			occurrence: row.sessionId,
			dueAt: new Date(checkInDueAt(row.starts_at, row.check_in_lead_hours)),
			setAt: new Date(row.created_at)
		}))
		.filter(
			(candidate) => candidate.dueAt > now && candidate.dueAt.getTime() <= now.getTime() + DAY_MS
		);
}

/** Partner `p` has been reminded of homework `a` for this occurrence ('once', or a session). */
function reminded(
	eb: ExpressionBuilder<DB & { a: DB['assignments']; p: DB['partners'] }, 'a' | 'p'>,
	occurrence: Expression<string>
): Expression<SqlBool> {
	return eb.exists(
		eb
			.selectFrom('homework_reminders as hr')
			.select('hr.assignment_id')
			.whereRef('hr.assignment_id', '=', 'a.id')
			.whereRef('hr.partner_id', '=', 'p.id')
			.where('hr.occurrence', '=', occurrence)
	);
}
