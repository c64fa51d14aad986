import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';

// A therapist's name for their practice: the sender name of every mail to
// them and to their couples' partners, so it is read in a partner's inbox,
// perhaps by someone else holding their phone. No name: the app's own.

export const PRACTICE_NAME_MAX_LENGTH = 80;

// Control characters would break the mail header; direction overrides could make the name read as another.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** What is stored for what was typed: trimmed, and null (the app's name) when empty. */
export function normalizePracticeName(typed: string): string | null {
	const name = typed.trim();
	return name.length === 0 ? null : name;
}

export function practiceNameProblem(typed: string): string | null {
	const name = typed.trim();
	if ([...name].length > PRACTICE_NAME_MAX_LENGTH)
		return `Use at most ${PRACTICE_NAME_MAX_LENGTH} characters.`;
	if (UNPRINTABLE.test(name)) return 'Use letters, numbers and punctuation, on one line.';
	return null;
}

/** The therapist's practice name as stored; null when they have not set one. */
export async function practiceName(db: Database, therapistId: string): Promise<string | null> {
	const row = await db
		.selectFrom('users')
		.select('practice_name')
		.where('id', '=', therapistId)
		.where('role', '=', 'therapist')
		.executeTakeFirst();
	return row?.practice_name ?? null;
}

/**
 * Sets the signed-in therapist's practice name (empty: back to the app's
 * name); the change and its audit row commit together, and only when the
 * name changes. Returns whether it changed.
 */
export async function setPracticeName(
	db: Database,
	actor: SignedInActor,
	typed: string,
	now: Date
): Promise<boolean> {
	// The page refuses it with a message first; this keeps a bad name out whoever calls.
	const problem = practiceNameProblem(typed);
	if (problem) throw new RangeError(problem);
	const name = normalizePracticeName(typed);
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['role', 'practice_name'])
			.where('id', '=', actor.userId)
			.executeTakeFirst();
		if (user?.role !== 'therapist') throw new RangeError('Only a therapist names a practice.');
		if (user.practice_name === name) return false;
		await trx
			.updateTable('users')
			.set({ practice_name: name })
			.where('id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'settings.change', { type: 'user', id: actor.userId }, now);
		return true;
	});
}
