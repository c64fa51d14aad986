import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { isTimeZone } from '../../time';

/** Changes the time zone the signed-in person's times are shown in; the change and its audit row commit together. */
export async function setTimeZone(
	db: Database,
	actor: SignedInActor,
	timeZone: string,
	now: Date
): Promise<void> {
	// The page refuses it with a message first; this keeps a bad zone out whoever calls.
	if (!isTimeZone(timeZone)) throw new RangeError(`Not a time zone: ${timeZone}`);
	await writeTransaction(db, async (trx) => {
		await trx
			.updateTable('users')
			.set({ time_zone: timeZone })
			.where('id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'settings.change', { type: 'user', id: actor.userId }, now);
	});
}
