import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { notifyPartners } from '../mail/notify';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { couplesOf } from '../casework/couples';
import type { WorksheetTemplate } from '../../worksheets/template';
import { isPrivate } from './private-check-in';

// The therapist's own words and decisions about a couple's work: private
// session notes, feedback to partners, reviewing and reopening responses,
// marking a session prepared. Each change names the therapist, so nothing of
// another therapist's couples can be touched.

export const NOTES_MAX = 20_000;
export const FEEDBACK_MAX = 5_000;

export async function saveSessionNotes(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	text: string,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const owned = await trx
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select('therapy_sessions.id')
			.where('therapy_sessions.id', '=', sessionId)
			.where('couples.therapist_id', '=', therapistId)
			.executeTakeFirst();
		if (!owned) return false;
		await trx
			.insertInto('session_notes')
			.values({ session_id: sessionId, text, updated_at: now.toISOString() })
			.onConflict((conflict) =>
				conflict.column('session_id').doUpdateSet({ text, updated_at: now.toISOString() })
			)
			.execute();
		await recordAudit(trx, actor, 'notes.change', { type: 'therapy-session', id: sessionId }, now);
		return true;
	});
}

async function responseOfCouple(
	db: Database,
	therapistId: string,
	coupleId: string,
	responseId: string
) {
	return db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.innerJoin('couples', 'couples.id', 'assignments.couple_id')
		.innerJoin('worksheet_template_versions as v', (join) =>
			join
				.onRef('v.template_id', '=', 'assignments.template_id')
				.onRef('v.version', '=', 'responses.template_version')
		)
		.select(['responses.id', 'responses.partner_id', 'responses.status', 'v.definition'])
		.where('responses.id', '=', responseId)
		.where('couples.id', '=', coupleId)
		.where('couples.therapist_id', '=', therapistId)
		.executeTakeFirst();
}

/**
 * Feedback on a response, to its author, the other partner, or both. None on
 * a private check-in: the other partner must not learn it exists, and its
 * author's phone keeps nothing of it once sent, so the therapist talks with
 * them on their own instead (the prep page says so).
 */
export async function addFeedback(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	responseId: string,
	to: string | null,
	text: string,
	now: Date
): Promise<'added' | 'not-found' | 'private'> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const response = await responseOfCouple(trx, therapistId, coupleId, responseId);
		if (!response) return 'not-found';
		const isPrivate =
			(JSON.parse(response.definition) as { privacy?: string }).privacy === 'private';
		if (isPrivate) return 'private';
		if (to !== null) {
			const partner = await trx
				.selectFrom('partners')
				.select('id')
				.where('id', '=', to)
				.where('couple_id', '=', coupleId)
				.executeTakeFirst();
			if (!partner) return 'not-found';
		}
		await trx
			.insertInto('feedback')
			.values({
				id: newId(),
				response_id: responseId,
				to_partner_id: to,
				text,
				created_at: now.toISOString()
			})
			.execute();
		await recordAudit(trx, actor, 'feedback.add', { type: 'response', id: responseId }, now);
		await notifyPartners(trx, coupleId, [to], 'feedback', now);
		return 'added';
	});
}

export async function markReviewed(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	responseId: string,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const response = await responseOfCouple(trx, therapistId, coupleId, responseId);
		if (!response || response.status === 'draft') return false;
		await trx
			.updateTable('responses')
			.set({ status: 'reviewed', reviewed_at: now.toISOString() })
			.where('id', '=', responseId)
			.execute();
		await recordAudit(trx, actor, 'response.review', { type: 'response', id: responseId }, now);
		return true;
	});
}

/**
 * Back to the partner for revision, with a note saying what to revise. Never a
 * private check-in: each one sent is kept as it was, and sent back it would
 * show its answers on the partner's device again.
 */
export async function reopenResponse(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	responseId: string,
	note: string,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const response = await responseOfCouple(trx, therapistId, coupleId, responseId);
		if (!response || response.status === 'draft') return false;
		if (isPrivate(JSON.parse(response.definition) as WorksheetTemplate)) return false;
		await trx
			.updateTable('responses')
			.set({
				status: 'draft',
				reviewed_at: null,
				reopen_note: note,
				changed_after_submit_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.where('id', '=', responseId)
			.execute();
		await recordAudit(trx, actor, 'response.reopen', { type: 'response', id: responseId }, now);
		await notifyPartners(trx, coupleId, [response.partner_id], 'sent-back', now);
		return true;
	});
}

export async function markPrepared(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	prepared: boolean,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('therapy_sessions')
			.set({ prepared_at: prepared ? now.toISOString() : null })
			.where('id', '=', sessionId)
			.where('couple_id', 'in', couplesOf(therapistId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		const session = { type: 'therapy-session', id: sessionId };
		await recordAudit(trx, actor, 'therapy-session.prepared', session, now);
		return true;
	});
}

/**
 * Feedback addressed to this partner (or to both), newest first. Never
 * feedback meant for the other alone, and never feedback on a private
 * check-in: shown on the partner's home, it would tell anyone holding their
 * phone that one was sent (private-check-in.ts).
 */
export async function feedbackForPartner(
	db: Database,
	partner: { partnerId: string; coupleId: string }
): Promise<
	Array<{ id: string; title: string; text: string; createdAt: string; aboutOwnWork: boolean }>
> {
	const rows = await db
		.selectFrom('feedback')
		.innerJoin('responses', 'responses.id', 'feedback.response_id')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.innerJoin('worksheet_template_versions as v', (join) =>
			join
				.onRef('v.template_id', '=', 'assignments.template_id')
				.onRef('v.version', '=', 'responses.template_version')
		)
		.select([
			'feedback.id',
			'feedback.text',
			'feedback.created_at',
			'responses.partner_id',
			'v.definition'
		])
		.where('assignments.couple_id', '=', partner.coupleId)
		.where((eb) =>
			eb.or([
				eb('feedback.to_partner_id', 'is', null),
				eb('feedback.to_partner_id', '=', partner.partnerId)
			])
		)
		.orderBy('feedback.created_at', 'desc')
		.execute();
	return rows
		.map((row) => ({ ...row, template: JSON.parse(row.definition) as WorksheetTemplate }))
		.filter((row) => !isPrivate(row.template))
		.map((row) => ({
			id: row.id,
			// Named as the version the partner wrote in: a therapist's own worksheet as much as a built-in.
			title: row.template.title,
			text: row.text,
			createdAt: row.created_at,
			aboutOwnWork: row.partner_id === partner.partnerId
		}));
}
