import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';

// Handing a couple over to a colleague (leave, a change of caseload). The
// couple's therapist is the one record of who may see it (access/therapist.ts
// reads couples.therapist_id), so changing it moves access at once: the old
// therapist is refused from the next request, and the partners see their
// new therapist's name. The audit row names both therapists.

export interface HandoverColleague {
	id: string;
	name: string;
}

/** The colleagues a therapist may hand a couple to: active therapists of their practice. */
export async function handoverColleagues(
	db: Database,
	therapist: { id: string; practiceId: string | null }
): Promise<HandoverColleague[]> {
	if (therapist.practiceId === null) return [];
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name'])
		.where('practice_id', '=', therapist.practiceId)
		.where('role', '=', 'therapist')
		.where('deactivated_at', 'is', null)
		.where('id', '!=', therapist.id)
		.orderBy('display_name')
		.execute();
	return rows.map((row) => ({ id: row.id, name: row.display_name ?? '' }));
}

/**
 * Hands the therapist's couple to a colleague of their practice. False when
 * the couple is not theirs or the colleague is not one they may choose.
 */
export async function handOverCouple(
	db: Database,
	from: SignedInActor & { practiceId: string | null },
	coupleId: string,
	toTherapistId: string,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const colleagues = await handoverColleagues(trx, {
			id: from.userId,
			practiceId: from.practiceId
		});
		if (!colleagues.some((colleague) => colleague.id === toTherapistId)) return false;
		const moved = await trx
			.updateTable('couples')
			.set({ therapist_id: toTherapistId })
			.where('id', '=', coupleId)
			.where('therapist_id', '=', from.userId)
			.executeTakeFirst();
		if (moved.numUpdatedRows !== 1n) return false;
		await recordAudit(
			trx,
			from,
			'couple.hand-over',
			[
				{ type: 'couple', id: coupleId },
				{ type: 'from-therapist', id: from.userId },
				{ type: 'to-therapist', id: toTherapistId }
			],
			now
		);
		return true;
	});
}
