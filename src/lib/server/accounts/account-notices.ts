import type { Database } from '../database/open';
import { messageText } from '../mail/messages';
import { recipient } from '../mail/notify';
import { queueMail } from '../mail/outbox';
import { appOrigin } from '../startup/config';

// Mail about the safety of an account itself, to its owner: many failed
// sign-ins, or someone joining with their address. Like every mail here they
// go only to a confirmed address, in the caller's transaction.

/** Failed sign-ins in a row from unknown devices before the owner is told. */
export const FAILURES_BEFORE_NOTICE = 10;

export async function mailSignInFailures(db: Database, userId: string, now: Date): Promise<void> {
	const to = await recipient(db, userId);
	if (!to?.confirmed) return;
	await queueMail(
		db,
		{
			kind: 'sign-in-failures',
			toAddress: to.email,
			userId,
			fromName: to.senderName,
			text: messageText('sign-in-failures', { link: `${appOrigin()}/forgot-password` })
		},
		now
	);
}

export async function mailAddressInUse(db: Database, userId: string, now: Date): Promise<void> {
	const to = await recipient(db, userId);
	if (!to?.confirmed) return;
	await queueMail(
		db,
		{
			kind: 'address-in-use',
			toAddress: to.email,
			userId,
			fromName: to.senderName,
			text: messageText('address-in-use', { link: `${appOrigin()}/sign-in` })
		},
		now
	);
}
