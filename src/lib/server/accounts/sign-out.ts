import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { invalidateSession } from './session';

/**
 * Ends this session (the cookie's token is worthless from now on) and records
 * it, together: as a sign-out, or as the quick exit a partner took.
 */
export async function signOut(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	now: Date,
	how: 'sign-out' | 'quick-exit' = 'sign-out'
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		await invalidateSession(trx, sessionId);
		await recordAudit(trx, actor, how, { type: 'user', id: actor.userId }, now);
	});
}
