import type { Database } from '../database/open';
import type { FlagTier, StoredFlagKind, ResponseStatus, SecretsPolicy } from '../database/schema';
import { createCouple } from '../casework/couples';
import type { Answers } from '../../worksheets/answers';
import { satisfactionCheckIn } from '../../worksheets/builtin/satisfaction-check-in';
import type { WorksheetTemplate } from '../../worksheets/template';
import { totalOf } from '../homework/totals';
import { by } from './actors';

// Rows of a couple's casework inserted directly, for tests that read them
// back (session prep, progress, the week ahead) and need exact times and
// states a partner could only reach over days of real use.

/** A couple made as a therapist makes one, and its two partners' ids, the first named first. */
export async function insertTestCouple(
	db: Database,
	therapistId: string,
	couple: { name: string; partnerNames: [string, string]; at: Date; secretsPolicy?: SecretsPolicy }
): Promise<{ coupleId: string; partnerIds: [string, string] }> {
	const coupleId = await createCouple(
		db,
		by(therapistId),
		{
			name: couple.name,
			partnerNames: couple.partnerNames,
			secretsPolicy: couple.secretsPolicy ?? 'no-secrets',
			policyText: 'Policy.'
		},
		couple.at
	);
	const places = await db
		.selectFrom('partners')
		.select('id')
		.where('couple_id', '=', coupleId)
		.orderBy('position')
		.execute();
	return { coupleId, partnerIds: [places[0]!.id, places[1]!.id] };
}

let responseCount = 0;

/**
 * A partner's response, inserted as it is stored. A draft with a
 * `submittedAt` is one sent back for revision (or opened again) after it was
 * submitted. Returns the response id.
 */
export async function insertTestResponse(
	db: Database,
	response: {
		assignmentId: string;
		partnerId: string;
		status: ResponseStatus;
		submittedAt: string | null;
		reviewedAt?: string | null;
		answers?: Answers;
		occurrence?: string;
		changedAfterSubmitAt?: string | null;
		id?: string;
	}
): Promise<string> {
	responseCount += 1;
	const id = response.id ?? `response-${responseCount}`;
	const at = response.submittedAt ?? '2026-11-20T12:00:00.000Z';
	// A handed-in scored worksheet carries its total, as submitting stores it.
	const stored = await db
		.selectFrom('assignments')
		.innerJoin('worksheet_template_versions as v', 'v.template_id', 'assignments.template_id')
		.select('v.definition')
		.where('assignments.id', '=', response.assignmentId)
		.where('v.version', '=', 1)
		.executeTakeFirst();
	const total =
		response.status !== 'draft' && stored
			? totalOf(JSON.parse(stored.definition) as WorksheetTemplate, response.answers ?? {})
			: null;
	await db
		.insertInto('responses')
		.values({
			id,
			assignment_id: response.assignmentId,
			partner_id: response.partnerId,
			occurrence: response.occurrence ?? 'once',
			template_version: 1,
			answers: JSON.stringify(response.answers ?? {}),
			revision: 1,
			status: response.status,
			started_at: at,
			updated_at: response.changedAfterSubmitAt ?? at,
			submitted_at: response.submittedAt,
			reviewed_at: response.reviewedAt ?? null,
			changed_after_submit_at: response.changedAfterSubmitAt ?? null,
			total
		})
		.execute();
	return id;
}

let flagCount = 0;

/** A flag only the therapist sees, inserted directly; unresolved unless `resolvedAt` is given. */
export async function insertTestFlag(
	db: Database,
	flag: {
		coupleId: string;
		partnerId: string;
		kind: StoredFlagKind;
		raisedAt: string;
		resolvedAt?: string | null;
		responseId?: string | null;
		/** Stored as raised before tiers ('watch') unless given. */
		tier?: FlagTier;
	}
): Promise<string> {
	flagCount += 1;
	const id = `flag-${flagCount}`;
	await db
		.insertInto('flags')
		.values({
			id,
			couple_id: flag.coupleId,
			partner_id: flag.partnerId,
			response_id: flag.responseId ?? null,
			kind: flag.kind,
			raised_at: flag.raisedAt,
			resolved_at: flag.resolvedAt ?? null,
			...(flag.tier ? { tier: flag.tier } : {})
		})
		.execute();
	return id;
}

/**
 * Answers to the relationship check-in (CSI-4) that score exactly `total`
 * (0 to 21): each item takes as many points as it can, in order.
 */
export function checkInAnswers(total: number): Answers {
	if (!Number.isInteger(total) || total < 0 || total > 21)
		throw new Error(`No check-in totals ${total}`);
	const answers: Answers = {};
	let left = total;
	for (const field of satisfactionCheckIn.fields) {
		if (field.kind !== 'single-choice') continue;
		const options = field.options.filter((option) => (option.score ?? 0) <= left);
		const best = options.reduce((a, b) => ((b.score ?? 0) > (a.score ?? 0) ? b : a));
		answers[field.key] = best.value;
		left -= best.score ?? 0;
	}
	return answers;
}
