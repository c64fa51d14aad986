import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { storedHashOf } from '../database/secret-tokens';

// Recovery codes: the way past the second step when the phone is lost. Ten,
// shown once when made, stored only as their SHA-256 like every secret token
// (80 random bits each, so a plain hash is enough), and each works once.

export const RECOVERY_CODE_COUNT = 10;

/** "abcd-efgh-ijkl-mnop": 80 random bits, easy to read out and copy. */
function newRecoveryCode(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/gu)?.join('-') ?? '';
}

/** What is hashed: the code without the dashes and spaces people may type. */
function normalized(code: string): string {
	return code.replace(/[\s-]/gu, '').toLowerCase();
}

/** A fresh set for the account; any older codes stop working. Returned to show once. */
export async function newRecoveryCodes(
	trx: Database,
	userId: string,
	now: Date
): Promise<string[]> {
	await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	await trx
		.insertInto('recovery_codes')
		.values(
			codes.map((code) => ({
				code_hash: storedHashOf(normalized(code)),
				user_id: userId,
				created_at: now.toISOString(),
				used_at: null
			}))
		)
		.execute();
	return codes;
}

/** Spends the code if it is one of the account's unused ones. */
export async function useRecoveryCode(
	trx: Database,
	userId: string,
	typed: string,
	now: Date
): Promise<boolean> {
	const code = normalized(typed);
	if (code.length !== 16) return false;
	const spent = await trx
		.updateTable('recovery_codes')
		.set({ used_at: now.toISOString() })
		.where('code_hash', '=', storedHashOf(code))
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return spent.numUpdatedRows === 1n;
}

export async function recoveryCodesLeft(db: Database, userId: string): Promise<number> {
	const row = await db
		.selectFrom('recovery_codes')
		.select((eb) => eb.fn.countAll<number>().as('left'))
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.executeTakeFirstOrThrow();
	return row.left;
}
