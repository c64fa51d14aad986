import type { Database } from '../database/open';
import { deleteCoupleRecord } from './deletion';

// Closing a couple's record (archiving the couple) starts its retention
// period; once it is over, the server deletes the record. Restoring the
// couple stops the count. The period is a setting (RECORD_RETENTION_YEARS,
// 7 years unless set), to become the practice's own once practices exist.

/** The moment a record closed at `closedAt` is due for deletion: the same calendar day, `years` on. */
export function deletionDue(closedAt: string | Date, years: number): Date {
	const due = new Date(closedAt);
	due.setUTCFullYear(due.getUTCFullYear() + years);
	return due;
}

/** Deletes every closed record whose retention period is over; returns the couples deleted. */
export async function deleteExpiredRecords(
	db: Database,
	now: Date,
	years: number
): Promise<string[]> {
	const closedBefore = deletionDue(now, -years).toISOString();
	const due = await db
		.selectFrom('couples')
		.select('id')
		.where('archived_at', 'is not', null)
		.where('archived_at', '<=', closedBefore)
		.execute();
	const deleted: string[] = [];
	for (const couple of due) {
		if (await deleteCoupleRecord(db, { userId: null, clientAddress: null }, couple.id, null, now))
			deleted.push(couple.id);
	}
	return deleted;
}
