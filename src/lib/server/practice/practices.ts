import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { recordRetentionYears } from '../startup/config';

// A practice and its policies. A new practice requires two-step sign-in for
// its therapists: a stolen password alone must not open every couple. How
// long a closed record is kept is the practice's choice; until it makes one,
// the server's default (RECORD_RETENTION_YEARS) applies.

export interface PracticePolicies {
	twoStepRequired: boolean;
	/** Years a closed couple's record is kept before the server deletes it. */
	retentionYears: number;
}

/** The periods an administrator may choose: at least a year, at most thirty. */
export const RETENTION_YEARS = { least: 1, most: 30 } as const;

/** The retention period as typed on the policies form, or the message beside the field. */
export function readRetentionYears(typed: string): { years: number } | { problem: string } {
	const text = typed.trim();
	if (!/^[0-9]{1,3}$/.test(text)) return { problem: 'Enter a whole number of years, like 7.' };
	const years = Number(text);
	if (years < RETENTION_YEARS.least || years > RETENTION_YEARS.most)
		return {
			problem: `Choose between ${RETENTION_YEARS.least} and ${RETENTION_YEARS.most} years.`
		};
	return { years };
}

export async function createPractice(
	trx: Database,
	policies: Pick<PracticePolicies, 'twoStepRequired'>,
	now: Date
): Promise<string> {
	const id = newId();
	await trx
		.insertInto('practices')
		.values({
			id,
			created_at: now.toISOString(),
			two_step_required: policies.twoStepRequired ? 1 : 0
		})
		.execute();
	return id;
}

export async function practicePolicies(
	db: Database,
	practiceId: string
): Promise<PracticePolicies> {
	const row = await db
		.selectFrom('practices')
		.select(['two_step_required', 'retention_years'])
		.where('id', '=', practiceId)
		.executeTakeFirstOrThrow();
	return {
		twoStepRequired: row.two_step_required === 1,
		retentionYears: row.retention_years ?? recordRetentionYears()
	};
}

/**
 * The administrator's choice, with its audit row; a new retention period
 * gets a row of its own, since it decides when records are deleted.
 */
export async function setPracticePolicies(
	db: Database,
	administrator: SignedInActor,
	practiceId: string,
	policies: PracticePolicies,
	now: Date
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		const before = await practicePolicies(trx, practiceId);
		await trx
			.updateTable('practices')
			.set({
				two_step_required: policies.twoStepRequired ? 1 : 0,
				retention_years: policies.retentionYears
			})
			.where('id', '=', practiceId)
			.execute();
		const practice = { type: 'practice', id: practiceId };
		await recordAudit(trx, administrator, 'practice.policies-change', practice, now);
		if (before.retentionYears !== policies.retentionYears)
			await recordAudit(trx, administrator, 'practice.retention-change', practice, now);
	});
}
