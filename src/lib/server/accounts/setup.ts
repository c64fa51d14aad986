import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor } from '../audit/audit';
import { createAccount, therapistExists } from './accounts';
import { requestAddressConfirmation } from '../mail/address-confirmation';

/**
 * First run: the first therapist's account. Checked and created under one
 * write lock, so two people racing through setup make one account, and
 * written with its audit row and the link confirming its address in the
 * same transaction. Null when a therapist already exists (the page then
 * does not exist).
 */
export async function createFirstTherapist(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	account: { email: string; displayName: string; password: string },
	now: Date
): Promise<string | null> {
	return writeTransaction(db, async (trx) => {
		if (await therapistExists(trx)) return null;
		const therapistId = await createAccount(trx, { ...account, role: 'therapist' }, now);
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
