import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { handoverColleagues } from './handover';

// Clinical supervision: a couple's therapist lets a named colleague of the
// practice read the couple's progress, read-only, for a number of days; the
// grant ends by itself. Who may read is decided in access/therapist.ts
// (requireSupervisedCouple), which also records every read; the treating
// therapist sees each grant and its reads.

const DAY = 24 * 60 * 60 * 1000;
export const MAX_SUPERVISION_DAYS = 90;

export function supervisionDaysProblem(days: string): string | null {
	const value = Number(days);
	return Number.isInteger(value) && value >= 1 && value <= MAX_SUPERVISION_DAYS
		? null
		: `Give a number of days from 1 to ${MAX_SUPERVISION_DAYS}.`;
}

/** A grant from the couple's own therapist to a colleague of their practice; false otherwise. */
export async function grantSupervision(
	db: Database,
	therapist: SignedInActor & { practiceId: string | null },
	coupleId: string,
	supervisorId: string,
	days: number,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const couple = await trx
			.selectFrom('couples')
			.select('id')
			.where('id', '=', coupleId)
			.where('therapist_id', '=', therapist.userId)
			.executeTakeFirst();
		const colleagues = await handoverColleagues(trx, {
			id: therapist.userId,
			practiceId: therapist.practiceId
		});
		if (!couple || !colleagues.some((colleague) => colleague.id === supervisorId)) return false;
		const id = newId();
		await trx
			.insertInto('supervision_grants')
			.values({
				id,
				couple_id: coupleId,
				granted_by: therapist.userId,
				supervisor_id: supervisorId,
				starts_at: now.toISOString(),
				ends_at: new Date(now.getTime() + days * DAY).toISOString(),
				revoked_at: null
			})
			.execute();
		await recordAudit(
			trx,
			therapist,
			'supervision.grant',
			[
				{ type: 'couple', id: coupleId },
				{ type: 'supervisor', id: supervisorId }
			],
			now
		);
		return true;
	});
}

/** The couple's therapist ends a grant early. */
export async function endSupervision(
	db: Database,
	therapist: SignedInActor,
	coupleId: string,
	grantId: string,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const ended = await trx
			.updateTable('supervision_grants')
			.set({ revoked_at: now.toISOString() })
			.where('id', '=', grantId)
			.where('couple_id', '=', coupleId)
			.where('granted_by', '=', therapist.userId)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (ended.numUpdatedRows !== 1n) return false;
		await recordAudit(trx, therapist, 'supervision.end', { type: 'supervision', id: grantId }, now);
		return true;
	});
}

/** Whether this therapist supervises this couple right now: a grant begun, not ended, not withdrawn. */
export async function supervisesNow(
	db: Database,
	supervisorId: string,
	coupleId: string,
	now: Date
): Promise<boolean> {
	const grant = await db
		.selectFrom('supervision_grants')
		.innerJoin('couples', 'couples.id', 'supervision_grants.couple_id')
		.select('supervision_grants.id')
		.where('supervision_grants.supervisor_id', '=', supervisorId)
		.where('supervision_grants.couple_id', '=', coupleId)
		// A grant is the treating therapist's: after a handover it no longer counts.
		.whereRef('supervision_grants.granted_by', '=', 'couples.therapist_id')
		.where('supervision_grants.revoked_at', 'is', null)
		.where('supervision_grants.starts_at', '<=', now.toISOString())
		.where('supervision_grants.ends_at', '>', now.toISOString())
		.executeTakeFirst();
	return grant !== undefined;
}

export interface SupervisionGrantView {
	id: string;
	supervisorName: string;
	startsAt: string;
	endsAt: string;
	active: boolean;
	/** Each read by the supervisor, newest first. */
	reads: string[];
}

/** For the treating therapist: the couple's grants and every read under them. */
export async function supervisionOfCouple(
	db: Database,
	coupleId: string,
	now: Date
): Promise<SupervisionGrantView[]> {
	const grants = await db
		.selectFrom('supervision_grants')
		.innerJoin('users as supervisor', 'supervisor.id', 'supervision_grants.supervisor_id')
		.select([
			'supervision_grants.id',
			'supervision_grants.supervisor_id',
			'supervision_grants.starts_at',
			'supervision_grants.ends_at',
			'supervision_grants.revoked_at',
			'supervisor.display_name'
		])
		.where('supervision_grants.couple_id', '=', coupleId)
		.orderBy('supervision_grants.starts_at', 'desc')
		.execute();
	const reads = await db
		.selectFrom('audit_log')
		.select(['user_id', 'at'])
		.where('action', '=', 'supervision.read')
		.where('object_type', '=', 'couple')
		.where('object_id', '=', coupleId)
		.orderBy('id', 'desc')
		.execute();
	return grants.map((grant) => {
		const end = grant.revoked_at ?? grant.ends_at;
		return {
			id: grant.id,
			supervisorName: grant.display_name ?? '',
			startsAt: grant.starts_at,
			endsAt: end,
			active: grant.revoked_at === null && grant.ends_at > now.toISOString(),
			reads: reads
				.filter(
					(read) =>
						read.user_id === grant.supervisor_id && read.at >= grant.starts_at && read.at < end
				)
				.map((read) => read.at)
		};
	});
}

/** For the supervisor: the couples they may read now. */
export async function couplesSupervisedBy(
	db: Database,
	supervisorId: string,
	now: Date
): Promise<Array<{ coupleId: string; coupleName: string; therapistName: string; endsAt: string }>> {
	const rows = await db
		.selectFrom('supervision_grants')
		.innerJoin('couples', 'couples.id', 'supervision_grants.couple_id')
		.innerJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		.select(['couples.id', 'couples.name', 'therapist.display_name', 'supervision_grants.ends_at'])
		.where('supervision_grants.supervisor_id', '=', supervisorId)
		.whereRef('supervision_grants.granted_by', '=', 'couples.therapist_id')
		.where('supervision_grants.revoked_at', 'is', null)
		.where('supervision_grants.starts_at', '<=', now.toISOString())
		.where('supervision_grants.ends_at', '>', now.toISOString())
		.orderBy('couples.name')
		.execute();
	return rows.map((row) => ({
		coupleId: row.id,
		coupleName: row.name,
		therapistName: row.display_name ?? '',
		endsAt: row.ends_at
	}));
}
