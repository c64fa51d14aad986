import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor } from '../audit/audit';
import { createAccount, therapistExists } from './accounts';
import { requestAddressConfirmation } from '../mail/address-confirmation';
import { createPractice } from '../practice/practices';

/**
 * First run: the first therapist's account, administrator of a new practice. Checked and created under one
 * write lock, so two people racing through setup make one account, and
 * written with its audit row and the link confirming its address in the
 * same transaction. Null when a therapist already exists (the page then
 * does not exist).
 */
export async function createFirstTherapist(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	account: { email: string; displayName: string; password: string; timeZone?: string },
	now: Date
): Promise<string | null> {
	return writeTransaction(db, async (trx) => {
		if (await therapistExists(trx)) return null;
		// The first therapist starts a practice and administers it; two-step is required from the start.
		const practiceId = await createPractice(trx, { twoStepRequired: true }, now);
		const therapistId = await createAccount(
			trx,
			{ ...account, role: 'therapist', practice: { id: practiceId, role: 'administrator' } },
			now
		);
		await recordAudit(
			trx,
			{ userId: therapistId, clientAddress: from.clientAddress },
			'setup.first-therapist',
			{ type: 'user', id: therapistId },
			now
		);
		await requestAddressConfirmation(trx, therapistId, now);
		return therapistId;
	});
}
