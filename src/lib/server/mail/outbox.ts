import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { mailSettings } from '../startup/config';
import { DEFAULT_SENDER_NAME, type MessageText } from './messages';
import type { MailKind } from './kinds';
import { wakeMailWorker } from './mail-worker';

// The outbox's write side. A message is a row written in the same transaction
// as the event that causes it: the homework and its mail are stored together
// or not at all, and sending is left to the worker (outbox-worker.ts), so a
// person's action never waits for, or fails with, a mail server.

/** How long an unsent message stays worth sending when nothing says otherwise. */
export const DEFAULT_SEND_WITHIN_MS = 3 * 24 * 60 * 60 * 1000;

export interface OutgoingMessage {
	kind: MailKind;
	toAddress: string;
	/** The account it is for; null for an invitation, whose partner has none yet. */
	userId: string | null;
	partnerId?: string | null;
	fromName?: string | null;
	text: MessageText;
	unsubscribeUrl?: string | null;
	/** Not sent after this; by default three days on. */
	sendBy?: Date;
}

export async function queueMail(
	db: Database,
	message: OutgoingMessage,
	now: Date
): Promise<string> {
	const id = newId();
	const settings = mailSettings();
	await db
		.insertInto('outbox')
		.values({
			id,
			message_id: `<${id}.${now.getTime()}@${domainOf(settings.from)}>`,
			kind: message.kind,
			user_id: message.userId,
			partner_id: message.partnerId ?? null,
			to_address: message.toAddress,
			from_name: message.fromName || DEFAULT_SENDER_NAME,
			subject: message.text.subject,
			body: message.text.body,
			unsubscribe_url: message.unsubscribeUrl ?? null,
			next_attempt_at: now.toISOString(),
			send_by: (message.sendBy ?? new Date(now.getTime() + DEFAULT_SEND_WITHIN_MS)).toISOString(),
			claimed_by: null,
			claimed_until: null,
			last_error: null,
			created_at: now.toISOString(),
			done_at: null
		})
		.execute();
	// Without SMTP the message waits; the operator learns of it, but never its link.
	if (!settings.smtpUrl)
		console.log(
			`mail not configured: kept a message for ${maskAddress(message.toAddress)} (${id})`
		);
	// Not committed yet: the worker's round starts a moment later, or at its next look.
	else wakeMailWorker();
	return id;
}

function domainOf(address: string): string {
	const at = address.lastIndexOf('@');
	return at >= 0 ? address.slice(at + 1).replace(/[>\s]/g, '') || 'localhost' : 'localhost';
}

/** "a…@example.org": enough for the operator to tell messages apart, not a list of the practice's clients. */
export function maskAddress(address: string): string {
	const at = address.lastIndexOf('@');
	if (at <= 0) return '…';
	return `${address[0]}…${address.slice(at)}`;
}
