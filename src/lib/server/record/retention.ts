import type { Database } from '../database/open';
import { deleteCoupleRecord } from './deletion';

// Closing a couple's record (archiving the couple) starts its retention
// period; once it is over, the server deletes the record. Restoring the
// couple stops the count. The period is the practice's own (a policy its
// administrator sets); a practice that has not chosen, or a therapist with no
// practice, gets the server's default (RECORD_RETENTION_YEARS, 7 unless set).

/** The moment a record closed at `closedAt` is due for deletion: the same calendar day, `years` on. */
export function deletionDue(closedAt: string | Date, years: number): Date {
	const due = new Date(closedAt);
	due.setUTCFullYear(due.getUTCFullYear() + years);
	return due;
}

/** The retention period of a couple's record: their therapist's practice's, else `fallbackYears`. */
export async function coupleRetentionYears(
	db: Database,
	coupleId: string,
	fallbackYears: number
): Promise<number> {
	const row = await db
		.selectFrom('couples')
		.innerJoin('users', 'users.id', 'couples.therapist_id')
		.leftJoin('practices', 'practices.id', 'users.practice_id')
		.select('practices.retention_years as years')
		.where('couples.id', '=', coupleId)
		.executeTakeFirst();
	return row?.years ?? fallbackYears;
}

/**
 * Deletes every closed record whose retention period (its practice's, else
 * `fallbackYears`) is over; returns the couples deleted.
 */
export async function deleteExpiredRecords(
	db: Database,
	now: Date,
	fallbackYears: number
): Promise<string[]> {
	// No practice keeps a record less than a year, so younger ones are not even read.
	const closedAYearAgo = deletionDue(now, -1).toISOString();
	const closed = await db
		.selectFrom('couples')
		.innerJoin('users', 'users.id', 'couples.therapist_id')
		.leftJoin('practices', 'practices.id', 'users.practice_id')
		.select(['couples.id', 'couples.archived_at as closedAt', 'practices.retention_years as years'])
		.where('couples.archived_at', 'is not', null)
		.where('couples.archived_at', '<=', closedAYearAgo)
		.execute();
	const due = closed.filter(
		(couple) =>
			deletionDue(couple.closedAt!, couple.years ?? fallbackYears).getTime() <= now.getTime()
	);
	const deleted: string[] = [];
	for (const couple of due) {
		if (await deleteCoupleRecord(db, { userId: null, clientAddress: null }, couple.id, null, now))
			deleted.push(couple.id);
	}
	return deleted;
}
