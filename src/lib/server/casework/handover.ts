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
		return moveCouple(trx, from, coupleId, from.userId, toTherapistId, now);
	});
}

/**
 * The administrator hands every couple of a deactivated colleague to an
 * active therapist of the practice (themselves included), so no couple is
 * left with a therapist who cannot sign in. Each couple gets its own audit
 * row naming both therapists. Returns how many moved, or null when either
 * colleague is not one the administrator may choose. The administrator
 * learns how many couples, never which.
 */
export async function handOverDeactivatedColleaguesCouples(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	fromTherapistId: string,
	toTherapistId: string,
	now: Date
): Promise<number | null> {
	return writeTransaction(db, async (trx) => {
		const from = await trx
			.selectFrom('users')
			.select('id')
			.where('id', '=', fromTherapistId)
			.where('practice_id', '=', administrator.practiceId)
			.where('role', '=', 'therapist')
			.where('deactivated_at', 'is not', null)
			.executeTakeFirst();
		const to = await trx
			.selectFrom('users')
			.select('id')
			.where('id', '=', toTherapistId)
			.where('practice_id', '=', administrator.practiceId)
			.where('role', '=', 'therapist')
			.where('deactivated_at', 'is', null)
			.executeTakeFirst();
		if (!from || !to) return null;
		const couples = await trx
			.selectFrom('couples')
			.select('id')
			.where('therapist_id', '=', from.id)
			.execute();
		for (const couple of couples)
			await moveCouple(trx, administrator, couple.id, from.id, to.id, now);
		return couples.length;
	});
}

/** One couple from one therapist to another, with the audit row naming both. */
async function moveCouple(
	trx: Database,
	actor: SignedInActor,
	coupleId: string,
	fromTherapistId: string,
	toTherapistId: string,
	now: Date
): Promise<boolean> {
	const moved = await trx
		.updateTable('couples')
		.set({ therapist_id: toTherapistId })
		.where('id', '=', coupleId)
		.where('therapist_id', '=', fromTherapistId)
		.executeTakeFirst();
	if (moved.numUpdatedRows !== 1n) return false;
	await recordAudit(
		trx,
		actor,
		'couple.hand-over',
		[
			{ type: 'couple', id: coupleId },
			{ type: 'from-therapist', id: fromTherapistId },
			{ type: 'to-therapist', id: toTherapistId }
		],
		now
	);
	return true;
}
