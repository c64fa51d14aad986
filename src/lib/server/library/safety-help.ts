import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { DEFAULT_SAFETY_HELP_TEXT } from '../../worksheets/safety-help';

export const SAFETY_HELP_MAX_LENGTH = 5000;

/** The words a partner sees when their safety check-in raises concern: the therapist's own, or the default. */
export async function safetyHelpText(
	db: Database,
	therapistId: string
): Promise<{ text: string; isDefault: boolean }> {
	const row = await db
		.selectFrom('safety_help_texts')
		.select('text')
		.where('therapist_id', '=', therapistId)
		.executeTakeFirst();
	return row
		? { text: row.text, isDefault: false }
		: { text: DEFAULT_SAFETY_HELP_TEXT, isDefault: true };
}

export function safetyHelpProblem(text: string): string | null {
	if (text.trim() === '') return 'Write the words a partner should see, or restore the default.';
	if ([...text].length > SAFETY_HELP_MAX_LENGTH)
		return `Keep it to ${SAFETY_HELP_MAX_LENGTH.toLocaleString('en')} characters.`;
	return null;
}

export async function setSafetyHelpText(
	db: Database,
	actor: SignedInActor,
	text: string,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx
			.insertInto('safety_help_texts')
			.values({ therapist_id: therapistId, text, updated_at: now.toISOString() })
			.onConflict((conflict) =>
				conflict.column('therapist_id').doUpdateSet({ text, updated_at: now.toISOString() })
			)
			.execute();
		await recordAudit(trx, actor, 'safety-help.change', objectOf(therapistId), now);
	});
}

/** Back to the default: the therapist's own words are removed. */
export async function resetSafetyHelpText(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx.deleteFrom('safety_help_texts').where('therapist_id', '=', therapistId).execute();
		await recordAudit(trx, actor, 'safety-help.change', objectOf(therapistId), now);
	});
}

function objectOf(therapistId: string) {
	return { type: 'safety-help', id: therapistId };
}
