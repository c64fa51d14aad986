import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';

// A practice and its policies. A new practice requires two-step sign-in for
// its therapists: a stolen password alone must not open every couple.

export interface PracticePolicies {
	twoStepRequired: boolean;
}

export async function createPractice(
	trx: Database,
	policies: PracticePolicies,
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
		.select('two_step_required')
		.where('id', '=', practiceId)
		.executeTakeFirstOrThrow();
	return { twoStepRequired: row.two_step_required === 1 };
}

/** The administrator's choice, with its audit row. */
export async function setPracticePolicies(
	db: Database,
	administrator: SignedInActor,
	practiceId: string,
	policies: PracticePolicies,
	now: Date
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		await trx
			.updateTable('practices')
			.set({ two_step_required: policies.twoStepRequired ? 1 : 0 })
			.where('id', '=', practiceId)
			.execute();
		await recordAudit(
			trx,
			administrator,
			'practice.policies-change',
			{ type: 'practice', id: practiceId },
			now
		);
	});
}
