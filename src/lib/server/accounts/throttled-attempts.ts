import type { Database } from '../database/open';
import { recordAudit } from '../audit/audit';

// Throttled sign-in attempts are counted, not logged one by one: anyone can
// send them without signing in, so a row each would let a stranger grow the
// audit log without bound. The log gets one row when a client address starts
// being throttled in a window; the attempts after it only raise a count.

export const THROTTLE_WINDOW_MS = 15 * 60_000;

/**
 * Distinct client addresses counted on their own in one window; beyond this,
 * attempts from further addresses are counted together under one row, so even
 * traffic from very many addresses adds a bounded number of rows per window.
 */
export const MAX_ADDRESSES_PER_WINDOW = 1_000;
export const OTHER_ADDRESSES = '*';

export function throttleWindowStart(now: Date): string {
	return new Date(
		Math.floor(now.getTime() / THROTTLE_WINDOW_MS) * THROTTLE_WINDOW_MS
	).toISOString();
}

export async function countThrottledAttempt(
	db: Database,
	clientAddress: string,
	now: Date
): Promise<void> {
	const windowStart = throttleWindowStart(now);
	const seen = await db
		.selectFrom('sign_in_throttles')
		.select('client_address')
		.where('window_start', '=', windowStart)
		.where('client_address', '=', clientAddress)
		.executeTakeFirst();
	let key = clientAddress;
	if (!seen) {
		const counted = await db
			.selectFrom('sign_in_throttles')
			.select((eb) => eb.fn.countAll<number>().as('addresses'))
			.where('window_start', '=', windowStart)
			.executeTakeFirstOrThrow();
		if (counted.addresses >= MAX_ADDRESSES_PER_WINDOW) key = OTHER_ADDRESSES;
	}
	const row = await db
		.insertInto('sign_in_throttles')
		.values({
			window_start: windowStart,
			client_address: key,
			attempts: 1,
			last_at: now.toISOString()
		})
		.onConflict((conflict) =>
			conflict.columns(['window_start', 'client_address']).doUpdateSet((eb) => ({
				attempts: eb('sign_in_throttles.attempts', '+', 1),
				last_at: now.toISOString()
			}))
		)
		.returning('attempts')
		.executeTakeFirstOrThrow();
	if (row.attempts === 1)
		await recordAudit(
			db,
			{ userId: null, clientAddress: key },
			'sign-in.throttled',
			{ type: 'window', id: windowStart },
			now
		);
}
