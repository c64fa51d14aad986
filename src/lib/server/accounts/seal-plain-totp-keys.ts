import { engineOf } from '../database/engine';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { isSealed, sealTotpKey } from './sealed-totp-key';

// TOTP keys stored before they were sealed are sealed at start-up, not in a
// migration: migrations are frozen in time and never see the server's key.
// A value without the version prefix is plain, so running it again changes
// nothing.

/** Seals every plain TOTP key in one transaction; returns how many it sealed. */
export async function sealPlainTotpKeys(db: Database, key: Uint8Array): Promise<number> {
	const sealed = await writeTransaction(db, async (trx) => {
		const stored = await trx
			.selectFrom('users')
			.select(['id', 'totp_key'])
			.where('totp_key', 'is not', null)
			.execute();
		let count = 0;
		for (const user of stored) {
			if (user.totp_key === null || isSealed(user.totp_key)) continue;
			await trx
				.updateTable('users')
				.set({ totp_key: sealTotpKey(key, user.id, user.totp_key) })
				.where('id', '=', user.id)
				.execute();
			count += 1;
		}
		return count;
	});
	// The plain values' old bytes are cleared now, as far as the engine
	// allows, rather than at some later automatic checkpoint.
	if (sealed > 0) await engineOf(db).forgetOverwritten(db);
	return sealed;
}
