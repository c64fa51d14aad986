import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { DEFAULT_CRISIS_HELP_TEXT } from '../../worksheets/crisis-help';
import { safetyHelpProblem } from './safety-help';

// The crisis help a therapist writes: what a partner sees at once when their
// wellbeing check-in shows thoughts of self-harm. Kept like the safety help
// (one row per therapist; none means the default), with the same limits.

/** The therapist's own crisis help, or the default. */
export async function crisisHelpText(
	db: Database,
	therapistId: string
): Promise<{ text: string; isDefault: boolean }> {
	const row = await db
		.selectFrom('crisis_help_texts')
		.select('text')
		.where('therapist_id', '=', therapistId)
		.executeTakeFirst();
	return row
		? { text: row.text, isDefault: false }
		: { text: DEFAULT_CRISIS_HELP_TEXT, isDefault: true };
}

/** What is wrong with these words as crisis help, or null: the safety help's rules. */
export const crisisHelpProblem = safetyHelpProblem;

export async function setCrisisHelpText(
	db: Database,
	actor: SignedInActor,
	text: string,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx
			.insertInto('crisis_help_texts')
			.values({ therapist_id: therapistId, text, updated_at: now.toISOString() })
			.onConflict((conflict) =>
				conflict.column('therapist_id').doUpdateSet({ text, updated_at: now.toISOString() })
			)
			.execute();
		await recordAudit(trx, actor, 'crisis-help.change', objectOf(therapistId), now);
	});
}

/** Back to the default: the therapist's own words are removed. */
export async function resetCrisisHelpText(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx.deleteFrom('crisis_help_texts').where('therapist_id', '=', therapistId).execute();
		await recordAudit(trx, actor, 'crisis-help.change', objectOf(therapistId), now);
	});
}

function objectOf(therapistId: string) {
	return { type: 'crisis-help', id: therapistId };
}
