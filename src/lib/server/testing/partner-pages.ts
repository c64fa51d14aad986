import type { Database } from '../database/open';
import type { SharingChoice } from '../../worksheets/audience';
import * as responses from '../homework/responses';
import type { PartnerRef } from '../homework/hand-in';

// A partner's writes as their pages make them: the worksheet is read first,
// as the page's guard reads it (requirePartnerWorksheet), and "not found"
// when the guard would refuse; then the write. Unit tests call these with
// the partner and the homework's id, as a request names them.

async function asPartner(db: Database, partner: PartnerRef, assignmentId: string, now: Date) {
	const worksheet = await responses.worksheetForPartner(db, partner, assignmentId, now);
	const user = await db
		.selectFrom('partners')
		.select('user_id')
		.where('id', '=', partner.partnerId)
		.executeTakeFirst();
	return {
		worksheet,
		actor: { userId: user?.user_id ?? partner.partnerId, clientAddress: '203.0.113.9' }
	};
}

export async function saveDraft(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	input: unknown,
	baseRevision: number,
	now: Date
): Promise<responses.SaveResult> {
	const { worksheet, actor } = await asPartner(db, partner, assignmentId, now);
	if (!worksheet) return { outcome: 'not-found' };
	return responses.saveDraft(db, actor, partner, worksheet, input, baseRevision, now);
}

export async function submitResponse(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	input: unknown,
	baseRevision: number,
	sharing: SharingChoice,
	now: Date
): Promise<responses.SubmitResult> {
	const { worksheet, actor } = await asPartner(db, partner, assignmentId, now);
	if (!worksheet) return { outcome: 'not-found' };
	return responses.submitResponse(db, actor, partner, worksheet, input, baseRevision, sharing, now);
}

export async function editAgain(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	now: Date
): Promise<'editing' | 'reviewed' | 'private' | 'not-found'> {
	const { worksheet, actor } = await asPartner(db, partner, assignmentId, now);
	if (!worksheet) return 'not-found';
	return responses.editAgain(db, actor, partner, worksheet, now);
}

export async function startAnother(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	now: Date
): Promise<'started' | 'open' | 'not-found'> {
	const { worksheet, actor } = await asPartner(db, partner, assignmentId, now);
	if (!worksheet) return 'not-found';
	return responses.startAnother(db, actor, partner, worksheet, now);
}
