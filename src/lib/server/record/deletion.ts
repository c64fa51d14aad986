import { engineOf } from '../database/engine';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor } from '../audit/audit';

// Deleting a couple's record: every answer (drafts included), note,
// feedback, flag, session, homework, invitation, mail about them, and the
// partners' accounts with their sign-in sessions and settings. The audit log
// is append-only and holds identifiers only, never words: it keeps its rows,
// and gains one saying the record existed and when it was deleted.

export interface RecordSize {
	responses: number;
	notes: number;
	feedback: number;
	flags: number;
	sessions: number;
	assignments: number;
	accounts: number;
}

/** What deleting the couple's record would remove, for the confirmation. */
export async function recordSize(db: Database, coupleId: string): Promise<RecordSize> {
	const count = async (query: {
		executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }>;
	}) => Number((await query.executeTakeFirstOrThrow()).n);
	const assignments = db.selectFrom('assignments').select('id').where('couple_id', '=', coupleId);
	const sessions = db.selectFrom('therapy_sessions').select('id').where('couple_id', '=', coupleId);
	const responses = db
		.selectFrom('responses')
		.select('id')
		.where('assignment_id', 'in', assignments);
	return {
		responses: await count(
			db
				.selectFrom('responses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('assignment_id', 'in', assignments)
		),
		notes: await count(
			db
				.selectFrom('session_notes')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('session_id', 'in', sessions)
				.where('text', '!=', '')
		),
		feedback: await count(
			db
				.selectFrom('feedback')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('response_id', 'in', responses)
		),
		flags: await count(
			db
				.selectFrom('flags')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('couple_id', '=', coupleId)
		),
		sessions: await count(
			db
				.selectFrom('therapy_sessions')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('couple_id', '=', coupleId)
		),
		assignments: await count(
			db
				.selectFrom('assignments')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('couple_id', '=', coupleId)
		),
		accounts: await count(
			db
				.selectFrom('partners')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('couple_id', '=', coupleId)
				.where('user_id', 'is not', null)
		)
	};
}

/**
 * Deletes the couple's record. `therapistId`: only if the couple is theirs
 * (null: the server's retention sweep, which has already chosen it). False
 * when there was no such couple to delete.
 */
export async function deleteCoupleRecord(
	db: Database,
	actor: Actor,
	coupleId: string,
	therapistId: string | null,
	now: Date
): Promise<boolean> {
	const deleted = await writeTransaction(db, async (trx) => {
		let couple = trx.selectFrom('couples').select('id').where('id', '=', coupleId);
		if (therapistId !== null) couple = couple.where('therapist_id', '=', therapistId);
		if (!(await couple.executeTakeFirst())) return false;

		const partners = trx.selectFrom('partners').select('id').where('couple_id', '=', coupleId);
		const accounts = trx
			.selectFrom('partners')
			.select('user_id')
			.where('couple_id', '=', coupleId)
			.where('user_id', 'is not', null);
		const accountIds = (await accounts.execute()).map((row) => row.user_id!);
		const assignments = trx
			.selectFrom('assignments')
			.select('id')
			.where('couple_id', '=', coupleId);
		const responses = trx
			.selectFrom('responses')
			.select('id')
			.where('assignment_id', 'in', assignments);
		const sessions = trx
			.selectFrom('therapy_sessions')
			.select('id')
			.where('couple_id', '=', coupleId);

		// Children before parents, as the foreign keys ask.
		await trx
			.deleteFrom('feedback')
			.where((eb) =>
				eb.or([eb('response_id', 'in', responses), eb('to_partner_id', 'in', partners)])
			)
			.execute();
		await trx
			.deleteFrom('flag_escalations')
			.where(
				'flag_id',
				'in',
				trx.selectFrom('flags').select('id').where('couple_id', '=', coupleId)
			)
			.execute();
		await trx.deleteFrom('flags').where('couple_id', '=', coupleId).execute();
		await trx.deleteFrom('homework_reminders').where('assignment_id', 'in', assignments).execute();
		await trx.deleteFrom('responses').where('assignment_id', 'in', assignments).execute();
		await trx.deleteFrom('assignments').where('couple_id', '=', coupleId).execute();
		await trx.deleteFrom('session_notes').where('session_id', 'in', sessions).execute();
		await trx.deleteFrom('therapy_sessions').where('couple_id', '=', coupleId).execute();
		await trx.deleteFrom('invitations').where('partner_id', 'in', partners).execute();
		await trx
			.deleteFrom('outbox')
			.where((eb) =>
				accountIds.length === 0
					? eb('partner_id', 'in', partners)
					: eb.or([eb('partner_id', 'in', partners), eb('user_id', 'in', accountIds)])
			)
			.execute();
		if (accountIds.length > 0) {
			for (const table of [
				'sessions',
				'password_resets',
				'address_confirmations',
				'mail_choices',
				'calendar_feeds'
			] as const)
				await trx.deleteFrom(table).where('user_id', 'in', accountIds).execute();
		}
		await trx.deleteFrom('partners').where('couple_id', '=', coupleId).execute();
		if (accountIds.length > 0)
			await trx.deleteFrom('users').where('id', 'in', accountIds).execute();
		await trx.deleteFrom('couples').where('id', '=', coupleId).execute();
		await recordAudit(trx, actor, 'record.delete', { type: 'couple', id: coupleId }, now);
		return true;
	});
	// The deleted rows' old bytes are cleared as far as the engine allows.
	if (deleted) await engineOf(db).forgetOverwritten(db);
	return deleted;
}
