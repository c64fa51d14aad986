import type { Database } from '../database/open';
import { templateVersion } from '../library/worksheet-templates';
import { sharedWithPartner } from '../homework/shared';
import { isPrivate } from '../homework/private-check-in';
import type { Partner } from '../access/partner';
import type { Answers } from '../../worksheets/answers';
import { readableAnswers, type ReadableItem } from '../../worksheets/readable-answers';

// A partner's own copy of what they wrote, to take away (a client's right
// to their own data): their own answers, and what the other partner chose
// to share with them, as the shared view decides it (homework/shared.ts).
// Nothing else: no therapist's notes, flags, scores or feedback, nothing
// the other partner kept to themselves. Private check-ins are left out as
// well: once sent, nothing on a partner's device may show them, and a
// downloaded file stays on the device (their therapist can give them one).

export interface CopiedWorksheet {
	title: string;
	/** 'draft' for work not handed in yet. */
	status: 'draft' | 'handed in';
	/** When it was handed in, or last saved for a draft. */
	at: string;
	answers: ReadableItem[];
}

export interface PartnerCopy {
	madeAt: string;
	yourName: string;
	otherPartnerName: string | null;
	yourWork: CopiedWorksheet[];
	sharedWithYou: Array<CopiedWorksheet & { from: string }>;
	/** The response ids read, for the audit log. */
	responseIds: string[];
}

export async function partnerCopy(
	db: Database,
	partner: Partner,
	otherPartnerName: string | null,
	now: Date
): Promise<PartnerCopy> {
	const own = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.select([
			'responses.id',
			'responses.answers',
			'responses.status',
			'responses.template_version',
			'responses.submitted_at',
			'responses.updated_at',
			'assignments.template_id'
		])
		.where('responses.partner_id', '=', partner.partnerId)
		.where('assignments.couple_id', '=', partner.coupleId)
		.orderBy('responses.started_at')
		.execute();
	const yourWork: CopiedWorksheet[] = [];
	const responseIds: string[] = [];
	for (const row of own) {
		const template = await templateVersion(db, row.template_id, row.template_version);
		if (!template || isPrivate(template)) continue;
		const answers = readableAnswers(template, JSON.parse(row.answers) as Answers);
		if (answers.length === 0) continue;
		const draft = row.status === 'draft';
		yourWork.push({
			title: template.title,
			status: draft ? 'draft' : 'handed in',
			at: (draft ? row.updated_at : row.submitted_at) ?? row.updated_at,
			answers
		});
		responseIds.push(row.id);
	}
	const shared = await sharedWithPartner(db, partner);
	return {
		madeAt: now.toISOString(),
		yourName: partner.displayName,
		otherPartnerName,
		yourWork,
		sharedWithYou: shared.map((worksheet) => ({
			title: worksheet.title,
			status: 'handed in' as const,
			at: worksheet.submittedAt,
			from: worksheet.authorName,
			answers: readableAnswers(worksheet.template, worksheet.answers)
		})),
		responseIds: [...responseIds, ...shared.map((worksheet) => worksheet.responseId)]
	};
}
