import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { invalidateSession } from './session';

/** Ends this session (the cookie's token is worthless from now on) and records it, together. */
export async function signOut(
	db: Database,
	actor: SignedInActor,
	sessionId: string,
	now: Date
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		await invalidateSession(trx, sessionId);
		await recordAudit(trx, actor, 'sign-out', { type: 'user', id: actor.userId }, now);
	});
}
