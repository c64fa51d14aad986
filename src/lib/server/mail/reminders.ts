import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { stillOwedBy } from '../homework/rules';
import { notifyUser } from './notify';
import { isQuietHour, reminderTime } from './quiet-hours';

// A reminder the day before homework is due, once per piece of homework and
// partner, never at night on the partner's clock, and none for homework they
// have handed in. The outbox worker calls this on every round; the
// homework_reminders table is what makes "once" hold however often it runs.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Queues every reminder that is due now; returns how many were queued. */
export async function queueDueReminders(db: Database, now: Date): Promise<number> {
	// Due within the next day and not yet reminded: a reminder moved past the night is still
	// before the due time, so nothing later than a day ahead can need one yet.
	const candidates = await db
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
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('homework_reminders as hr')
						.select('hr.assignment_id')
						.whereRef('hr.assignment_id', '=', 'a.id')
						.whereRef('hr.partner_id', '=', 'p.id')
				)
			)
		)
		.execute();

	let queued = 0;
	for (const candidate of candidates) {
		if (candidate.due_at === null) continue;
		const dueAt = new Date(candidate.due_at);
		const remindAt = reminderTime(dueAt, new Date(candidate.created_at), candidate.time_zone);
		if (remindAt === null || remindAt > now || isQuietHour(now, candidate.time_zone)) continue;
		const added = await writeTransaction(db, async (trx) => {
			const inserted = await trx
				.insertInto('homework_reminders')
				.values({
					assignment_id: candidate.assignmentId,
					partner_id: candidate.partnerId,
					queued_at: now.toISOString()
				})
				.onConflict((conflict) => conflict.doNothing())
				.executeTakeFirst();
			// Another process got here first: its reminder is the one.
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
			// A partner who turned reminders off is still recorded as reminded: nothing to do later.
			await notifyUser(trx, candidate.userId, 'reminder', '/home', now, dueAt);
			return true;
		});
		if (added) queued++;
	}
	return queued;
}
