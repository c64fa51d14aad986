import type { Database } from '../database/open';
import { alertTherapist } from '../mail/urgent-alert';
import type { ResponseStatus } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { recordAudit, type SignedInActor } from '../audit/audit';
import type { Answers } from '../../worksheets/answers';
import type { WorksheetTemplate } from '../../worksheets/template';
import { concernTier } from '../../worksheets/concern';
import { escalateFlag } from '../casework/flag-follow-up';
import type { ConcernTier } from '../../worksheets/template';
import type { SharingChoice } from '../../worksheets/audience';
import { recordDifferences } from './differences';
import { totalOf } from './totals';

// The one way a partner's answers are written: as a draft (storeDraft) or
// handed in (handIn). Each writes the answers, everything derived from them
// and the audit row in one transaction, so a crash never leaves a change
// without its record, nor a submission without its total, flag or count.
// The app's pages, the demo practice, the large-practice generator and the
// browser tests' helpers all come through here; the answers have been
// checked by the caller (validate.ts).

export interface PartnerRef {
	partnerId: string;
	coupleId: string;
}

/** Which response is written: the homework, the template version, and what is stored now. */
export interface ResponseTarget {
	assignmentId: string;
	template: WorksheetTemplate;
	version: number;
	/** 'once', or the session a repeating check-in is for. */
	occurrence: string;
	/** The response as stored now, or null when there is none yet. */
	responseId: string | null;
	revision: number;
}

/** Saves a draft; returns its new revision. */
export async function storeDraft(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	target: ResponseTarget,
	answers: Answers,
	now: Date
): Promise<number> {
	return writeTransaction(db, async (trx) => {
		const { revision } = await writeResponse(trx, partner, target, answers, 'draft', null, now);
		await recordAudit(trx, actor, 'response.save', objectOf(target), now);
		return revision;
	});
}

/**
 * Hands a response in to the therapist, with the author's choice of what the
 * other partner may read (never anything of a private check-in). With it: the
 * total of a scored worksheet, a flag for a concerning answer, how far apart
 * the two partners now are, and the audit row.
 */
export async function handIn(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	target: ResponseTarget,
	answers: Answers,
	sharing: SharingChoice,
	now: Date
): Promise<{ responseId: string; revision: number; concerning: boolean }> {
	return writeTransaction(db, async (trx) => {
		const choice =
			target.template.privacy === 'private'
				? { therapistFields: false, sharedFields: false }
				: sharing;
		const { responseId, revision } = await writeResponse(
			trx,
			partner,
			target,
			answers,
			'submitted',
			choice,
			now
		);
		const tier = concernTier(target.template, answers);
		if (tier) await raiseFlag(trx, actor, partner, responseId, target.template, tier, now);
		// With both partners' answers in, how far apart they are, for the therapist's week ahead. A
		// count derived for the therapist must never cost a partner their submission: on failure it
		// stays empty (the statement alone is undone) and the failure is logged.
		await recordDifferences(trx, [target.assignmentId]).catch((error: unknown) =>
			console.error(`Differences for assignment ${target.assignmentId} not counted:`, error)
		);
		await recordAudit(trx, actor, 'response.submit', objectOf(target), now);
		return { responseId, revision, concerning: tier !== null };
	});
}

function objectOf(target: ResponseTarget) {
	return { type: 'assignment', id: target.assignmentId };
}

/**
 * One unresolved flag per response: handing it in again after a revision does
 * not add another, but a more urgent answer escalates it, open again at the
 * new tier (casework/flag-follow-up.ts); a less urgent one leaves it, since
 * the therapist has yet to follow up what was said. Once resolved, a new
 * concerning answer raises a new flag.
 */
async function raiseFlag(
	trx: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	responseId: string,
	template: WorksheetTemplate,
	tier: ConcernTier,
	now: Date
): Promise<void> {
	const unresolved = await trx
		.selectFrom('flags')
		.select('id')
		.where('response_id', '=', responseId)
		.where('resolved_at', 'is', null)
		.executeTakeFirst();
	if (unresolved) {
		const outcome = await escalateFlag(trx, actor, unresolved.id, tier, now);
		if (outcome === 'escalated' && tier === 'urgent')
			await alertTherapist(trx, partner.coupleId, unresolved.id, now);
		return;
	}
	// A private check-in's concern is about the partner's safety (the screening's, or PHQ-9 item 9's).
	const kind = template.privacy === 'private' ? 'safety' : 'distress';
	const flagId = newId();
	await trx
		.insertInto('flags')
		.values({
			id: flagId,
			couple_id: partner.coupleId,
			partner_id: partner.partnerId,
			response_id: responseId,
			kind,
			tier,
			raised_at: now.toISOString(),
			resolved_at: null
		})
		.execute();
	// Only what is urgent should not wait until the therapist next opens the app.
	if (tier === 'urgent') await alertTherapist(trx, partner.coupleId, flagId, now);
}

async function writeResponse(
	trx: Database,
	partner: PartnerRef,
	target: ResponseTarget,
	answers: Answers,
	status: ResponseStatus,
	sharing: SharingChoice | null,
	now: Date
): Promise<{ responseId: string; revision: number }> {
	const revision = target.revision + 1;
	const shares = sharing
		? {
				share_therapist_fields: sharing.therapistFields ? (1 as const) : (0 as const),
				share_shared_fields: sharing.sharedFields ? (1 as const) : (0 as const)
			}
		: {};
	// A submission answers the therapist's request for revision: its note is not shown again. A
	// scored worksheet's total is worked out once, here, from the answers as handed in.
	const submitted =
		status === 'submitted'
			? {
					submitted_at: now.toISOString(),
					reopen_note: null,
					total: totalOf(target.template, answers)
				}
			: {};
	if (target.responseId) {
		await trx
			.updateTable('responses')
			.set({
				answers: JSON.stringify(answers),
				revision,
				status,
				occurrence: target.occurrence,
				updated_at: now.toISOString(),
				...shares,
				...submitted
			})
			.where('id', '=', target.responseId)
			.execute();
		return { responseId: target.responseId, revision };
	}
	const responseId = newId();
	await trx
		.insertInto('responses')
		.values({
			id: responseId,
			assignment_id: target.assignmentId,
			partner_id: partner.partnerId,
			occurrence: target.occurrence,
			template_version: target.version,
			answers: JSON.stringify(answers),
			revision,
			status,
			started_at: now.toISOString(),
			updated_at: now.toISOString(),
			submitted_at: null,
			reviewed_at: null,
			changed_after_submit_at: null,
			...shares,
			...submitted
		})
		.execute();
	return { responseId, revision };
}
