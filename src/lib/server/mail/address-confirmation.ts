import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor, type SignedInActor } from '../audit/audit';
import { appOrigin } from '../startup/config';
import { formatDeadline } from '../../time';
import { messageText } from './messages';
import { recipient } from './notify';
import { queueMail } from './outbox';

// Every address is confirmed by a link sent to it before any other mail goes
// there: a mistyped address, or someone else's, gets nothing but this one
// message. Like an invitation, only the link's SHA-256 is stored, with the
// address it went to, so a link confirms that address and no later one.

export const CONFIRMATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** A person asking again gets a new link at most this often: a click is not a mail bomb. */
export const CONFIRMATION_RESEND_INTERVAL_MS = 5 * 60 * 1000;
const MAX_TOKEN_LENGTH = 64;

/**
 * Queues a confirmation link to the account's address, valid for seven days,
 * in the caller's transaction (an account and its first link are made
 * together). The one mail that goes to an address not yet confirmed. Null
 * when there is no such account.
 */
export async function requestAddressConfirmation(
	db: Database,
	userId: string,
	now: Date
): Promise<{ token: string; expiresAt: Date } | null> {
	return writeTransaction(db, async (trx) => {
		const to = await recipient(trx, userId);
		const user = await trx
			.selectFrom('users')
			.select('time_zone')
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!to || !user) return null;
		const token = newSecretToken();
		const expiresAt = new Date(now.getTime() + CONFIRMATION_LIFETIME_MS);
		await trx
			.insertInto('address_confirmations')
			.values({
				token_hash: storedHashOf(token),
				user_id: userId,
				email: to.email,
				created_at: now.toISOString(),
				expires_at: expiresAt.toISOString(),
				used_at: null
			})
			.execute();
		await queueMail(
			trx,
			{
				kind: 'address-confirmation',
				toAddress: to.email,
				userId,
				fromName: to.senderName,
				text: messageText('address-confirmation', {
					link: `${appOrigin()}/confirm-address/${token}`,
					until: formatDeadline(expiresAt, user.time_zone)
				}),
				sendBy: expiresAt
			},
			now
		);
		return { token, expiresAt };
	});
}

export type ResendResult =
	{ state: 'sent' | 'already-confirmed' } | { state: 'throttled'; retryAt: Date };

/**
 * "Send the confirmation link again" on /account: a new link unless the
 * address is confirmed already or a link went out in the last few minutes.
 * The link and its audit row are written together.
 */
export async function resendAddressConfirmation(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<ResendResult> {
	const userId = actor.userId;
	return writeTransaction(db, async (trx) => {
		if (await addressConfirmed(trx, userId)) return { state: 'already-confirmed' };
		const latest = await trx
			.selectFrom('address_confirmations')
			.select('created_at')
			.where('user_id', '=', userId)
			.orderBy('created_at', 'desc')
			.limit(1)
			.executeTakeFirst();
		const retryAt = latest
			? new Date(new Date(latest.created_at).getTime() + CONFIRMATION_RESEND_INTERVAL_MS)
			: null;
		if (retryAt && retryAt > now) return { state: 'throttled', retryAt };
		if (!(await requestAddressConfirmation(trx, userId, now)))
			return { state: 'already-confirmed' };
		await recordAudit(
			trx,
			actor,
			'address.confirmation-request',
			{ type: 'user', id: userId },
			now
		);
		return { state: 'sent' };
	});
}

/** Whether the account's current address is confirmed. */
export async function addressConfirmed(db: Database, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('users')
		.select('email_confirmed_at')
		.where('id', '=', userId)
		.executeTakeFirst();
	return row?.email_confirmed_at != null;
}

export type ConfirmationState = 'open' | 'used' | 'expired' | 'changed' | 'unknown';

/** What a confirmation link leads to, without changing anything (mail scanners open links too). */
export async function lookUpAddressConfirmation(
	db: Database,
	token: string,
	now: Date
): Promise<{ state: ConfirmationState; userId: string | null }> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
		return { state: 'unknown', userId: null };
	const row = await db
		.selectFrom('address_confirmations')
		.innerJoin('users', 'users.id', 'address_confirmations.user_id')
		.select([
			'address_confirmations.user_id',
			'address_confirmations.email',
			'address_confirmations.expires_at',
			'address_confirmations.used_at',
			'users.email as currentEmail'
		])
		.where('address_confirmations.token_hash', '=', storedHashOf(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown', userId: null };
	const userId = row.user_id;
	if (row.used_at) return { state: 'used', userId };
	// The account has moved to another address since: this link proves nothing about it.
	if (row.email !== row.currentEmail) return { state: 'changed', userId };
	if (row.expires_at <= now.toISOString()) return { state: 'expired', userId };
	return { state: 'open', userId };
}

/**
 * Confirms the address a link was sent to, once: the link is spent, the
 * account's address marked confirmed and the audit row written, together.
 * Anything but an open link changes nothing and says why.
 */
export async function confirmAddress(
	db: Database,
	token: string,
	from: Pick<Actor, 'clientAddress'>,
	now: Date
): Promise<ConfirmationState | 'confirmed'> {
	return writeTransaction(db, async (trx) => {
		const { state, userId } = await lookUpAddressConfirmation(trx, token, now);
		if (state !== 'open' || userId === null) return state;
		await trx
			.updateTable('address_confirmations')
			.set({ used_at: now.toISOString() })
			.where('token_hash', '=', storedHashOf(token))
			.execute();
		await markAddressConfirmed(trx, userId, now);
		await recordAudit(
			trx,
			{ userId, clientAddress: from.clientAddress },
			'address.confirm',
			{ type: 'user', id: userId },
			now
		);
		return 'confirmed';
	});
}

/**
 * Marks an account's current address confirmed, in the caller's transaction,
 * which records why (a partner who joined through an invitation mailed to
 * this very address has shown they read mail there). Already confirmed:
 * the first time stands.
 */
export async function markAddressConfirmed(
	trx: Database,
	userId: string,
	now: Date
): Promise<void> {
	await trx
		.updateTable('users')
		.set({ email_confirmed_at: now.toISOString() })
		.where('id', '=', userId)
		.where('email_confirmed_at', 'is', null)
		.execute();
}
