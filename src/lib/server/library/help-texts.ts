import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { DEFAULT_CRISIS_HELP_TEXT } from '../../worksheets/crisis-help';
import { DEFAULT_SAFETY_HELP_TEXT } from '../../worksheets/safety-help';

// Words a therapist writes for partners to read in a hard moment: the safety
// help (under Help, and after a concerning private check-in) and the crisis
// help (at once after thoughts of self-harm on the wellbeing check-in). Each
// is one row per therapist, none meaning the default, kept and audited alike.

export type HelpKind = 'safety-help' | 'crisis-help';

const HELP_TEXTS = {
	'safety-help': { table: 'safety_help_texts', defaultText: DEFAULT_SAFETY_HELP_TEXT },
	'crisis-help': { table: 'crisis_help_texts', defaultText: DEFAULT_CRISIS_HELP_TEXT }
} as const;

export const HELP_TEXT_MAX_LENGTH = 5000;

/** The therapist's own words of this kind, or the default. */
export async function helpText(
	db: Database,
	kind: HelpKind,
	therapistId: string
): Promise<{ text: string; isDefault: boolean }> {
	const { table, defaultText } = HELP_TEXTS[kind];
	const row = await db
		.selectFrom(table)
		.select('text')
		.where('therapist_id', '=', therapistId)
		.executeTakeFirst();
	return row ? { text: row.text, isDefault: false } : { text: defaultText, isDefault: true };
}

/** What is wrong with these words as help a partner reads, or null. */
export function helpTextProblem(text: string): string | null {
	if (text.trim() === '') return 'Write the words a partner should see, or restore the default.';
	if ([...text].length > HELP_TEXT_MAX_LENGTH)
		return `Keep it to ${HELP_TEXT_MAX_LENGTH.toLocaleString('en')} characters.`;
	return null;
}

export async function setHelpText(
	db: Database,
	actor: SignedInActor,
	kind: HelpKind,
	text: string,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx
			.insertInto(HELP_TEXTS[kind].table)
			.values({ therapist_id: therapistId, text, updated_at: now.toISOString() })
			.onConflict((conflict) =>
				conflict.column('therapist_id').doUpdateSet({ text, updated_at: now.toISOString() })
			)
			.execute();
		await recordAudit(trx, actor, `${kind}.change`, { type: kind, id: therapistId }, now);
	});
}

/** Back to the default: the therapist's own words are removed. */
export async function resetHelpText(
	db: Database,
	actor: SignedInActor,
	kind: HelpKind,
	now: Date
): Promise<void> {
	const therapistId = actor.userId;
	await writeTransaction(db, async (trx) => {
		await trx.deleteFrom(HELP_TEXTS[kind].table).where('therapist_id', '=', therapistId).execute();
		await recordAudit(trx, actor, `${kind}.change`, { type: kind, id: therapistId }, now);
	});
}
