import type { Database } from '../database/open';
import { withTemplates } from '../library/parsed-templates';
import type { Answers } from '../../worksheets/answers';
import type { WorksheetTemplate } from '../../worksheets/template';
import { answersForOtherPartner, fieldsForOtherPartner } from '../../worksheets/audience';
import type { PartnerRef } from './hand-in';
import { releasedToOtherPartner } from './release';

// What one partner may read of the other's work: only what its author chose
// to share when handing it in, once the therapist's rule releases it
// (release.ts), cut down on the server before any page has it.

/** Shared worksheets named on the partner's home; the rest are on /shared. */
export const SHARED_ON_HOME = 5;

export interface SharedWorksheet {
	responseId: string;
	title: string;
	authorName: string;
	submittedAt: string;
	/** Only the fields the reader may see. */
	template: WorksheetTemplate;
	answers: Answers;
}

/**
 * What the other partner chose to share with this one: handed-in responses of
 * non-private worksheets that the assignment's rule has released, cut down on
 * the server to the fields the author shared. Confidential fields and private
 * check-ins never appear.
 */
export async function sharedWithPartner(
	db: Database,
	partner: PartnerRef
): Promise<SharedWorksheet[]> {
	const rows = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.innerJoin('partners', 'partners.id', 'responses.partner_id')
		.innerJoin('worksheet_template_versions as v', (join) =>
			join
				.onRef('v.template_id', '=', 'assignments.template_id')
				.onRef('v.version', '=', 'responses.template_version')
		)
		.select([
			'v.template_id',
			'v.version',
			'v.fingerprint',
			'responses.id',
			'responses.answers',
			'responses.template_version',
			'responses.submitted_at',
			'responses.share_therapist_fields',
			'responses.share_shared_fields',
			'partners.display_name'
		])
		.where('assignments.couple_id', '=', partner.coupleId)
		.where('assignments.cancelled_at', 'is', null)
		.where('responses.partner_id', '!=', partner.partnerId)
		.where((eb) => releasedToOtherPartner(eb))
		.orderBy('responses.submitted_at', 'desc')
		.execute();

	const shared: SharedWorksheet[] = [];
	for (const { template, ...row } of await withTemplates(db, rows)) {
		const choice = {
			therapistFields: row.share_therapist_fields === 1,
			sharedFields: row.share_shared_fields === 1
		};
		const answers = answersForOtherPartner(template, JSON.parse(row.answers) as Answers, choice);
		if (!answers || Object.keys(answers).length === 0) continue;
		// Only the questions the author answered: a list of "Not answered" tells the reader nothing.
		const fields = fieldsForOtherPartner(template, choice).filter(
			(field) => answers[field.key] !== undefined
		);
		shared.push({
			responseId: row.id,
			title: template.title,
			authorName: row.display_name,
			submittedAt: row.submitted_at ?? '',
			template: { ...template, fields, concernRules: undefined, scoring: undefined },
			answers
		});
	}
	return shared;
}

/** One worksheet the other partner shared with this one, or null when it is not theirs to read. */
export async function sharedWorksheet(
	db: Database,
	partner: PartnerRef,
	responseId: string
): Promise<SharedWorksheet | null> {
	return (
		(await sharedWithPartner(db, partner)).find((shared) => shared.responseId === responseId) ??
		null
	);
}
