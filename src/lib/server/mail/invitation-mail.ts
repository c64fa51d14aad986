import type { Database } from '../database/open';
import type { OutboxState } from '../database/schema';
import { appOrigin } from '../startup/config';
import { formatDeadline } from '../../time';
import { messageText } from './messages';
import { queueMail } from './outbox';

// An invitation link mailed to the address the therapist typed. The partner
// has no account yet, so the row names their place; the couple page reads it
// back to show whether the mail went, and says so plainly when it failed.

export async function queueInvitationMail(
	db: Database,
	invitation: {
		partnerId: string;
		therapistId: string;
		to: string;
		token: string;
		expiresAt: string;
	},
	now: Date
): Promise<void> {
	const therapist = await db
		.selectFrom('users')
		.leftJoin('practices', 'practices.id', 'users.practice_id')
		.select(['practices.name as practiceName', 'users.time_zone'])
		.where('users.id', '=', invitation.therapistId)
		.executeTakeFirstOrThrow();
	await queueMail(
		db,
		{
			kind: 'invitation',
			toAddress: invitation.to,
			userId: null,
			partnerId: invitation.partnerId,
			fromName: therapist.practiceName,
			text: messageText('invitation', {
				link: `${appOrigin()}/join/${invitation.token}`,
				until: formatDeadline(invitation.expiresAt, therapist.time_zone)
			}),
			sendBy: new Date(invitation.expiresAt)
		},
		now
	);
}

export interface InvitationMail {
	partnerId: string;
	to: string;
	state: OutboxState;
	/** When it was sent, failed or expired; when it was queued while it waits. */
	at: string;
}

/** The latest invitation mail of each partner of a couple who has one. */
export async function invitationMails(db: Database, coupleId: string): Promise<InvitationMail[]> {
	const rows = await db
		.selectFrom('outbox')
		.innerJoin('partners', 'partners.id', 'outbox.partner_id')
		.select([
			'outbox.partner_id',
			'outbox.to_address',
			'outbox.state',
			'outbox.created_at',
			'outbox.done_at'
		])
		.where('partners.couple_id', '=', coupleId)
		.where('outbox.kind', '=', 'invitation')
		.orderBy('outbox.created_at', 'desc')
		.execute();
	const latest = new Map<string, InvitationMail>();
	for (const row of rows) {
		if (row.partner_id === null || latest.has(row.partner_id)) continue;
		latest.set(row.partner_id, {
			partnerId: row.partner_id,
			to: row.to_address,
			state: row.state,
			at: row.done_at ?? row.created_at
		});
	}
	return [...latest.values()];
}

/**
 * Whether this invitation's link was mailed, and sent, to `email`: a partner
 * who joins with that address has shown they read mail there, so it counts as
 * confirmed. The mail is the one queued with the invitation (same moment).
 */
export async function invitationWasMailedTo(
	db: Database,
	invitationId: string,
	email: string
): Promise<boolean> {
	const mailed = await db
		.selectFrom('outbox')
		.innerJoin('invitations', (join) =>
			join
				.onRef('invitations.partner_id', '=', 'outbox.partner_id')
				.onRef('invitations.created_at', '=', 'outbox.created_at')
		)
		.select('outbox.id')
		.where('invitations.id', '=', invitationId)
		.where('outbox.kind', '=', 'invitation')
		.where('outbox.state', '=', 'sent')
		.where('outbox.to_address', '=', email)
		.executeTakeFirst();
	return mailed !== undefined;
}
