import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor, type SignedInActor } from '../audit/audit';
import { createAccount, EmailTakenError, normalizeEmail } from '../accounts/accounts';
import { mailAddressInUse } from '../accounts/account-notices';
import { requestAddressConfirmation } from '../mail/address-confirmation';
import { messageText } from '../mail/messages';
import { queueMail } from '../mail/outbox';
import { appOrigin } from '../startup/config';
import { formatDeadline } from '../../time';

// A colleague joins the practice through a single-use link from its
// administrator, shown to copy and, when an address is typed, mailed. Like
// every secret link only its SHA-256 is stored. Joining answers the same for
// a new address and one that has an account, as a partner's join does.

export const COLLEAGUE_INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_TOKEN_LENGTH = 64;

export function colleagueInvitationPath(token: string): string {
	return `/join-practice/${token}`;
}

export async function issueColleagueInvitation(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	mailTo: string | null,
	now: Date
): Promise<{ token: string; expiresAt: string }> {
	return writeTransaction(db, async (trx) => {
		const token = newSecretToken();
		const id = newId();
		const expiresAt = new Date(now.getTime() + COLLEAGUE_INVITATION_LIFETIME_MS).toISOString();
		await trx
			.insertInto('colleague_invitations')
			.values({
				id,
				practice_id: administrator.practiceId,
				token_hash: storedHashOf(token),
				created_by: administrator.userId,
				created_at: now.toISOString(),
				expires_at: expiresAt,
				used_at: null,
				revoked_at: null
			})
			.execute();
		await recordAudit(trx, administrator, 'colleague.invite', { type: 'invitation', id }, now);
		if (mailTo !== null) {
			const sender = await trx
				.selectFrom('users')
				.leftJoin('practices', 'practices.id', 'users.practice_id')
				.select(['practices.name as practiceName', 'users.time_zone'])
				.where('users.id', '=', administrator.userId)
				.executeTakeFirstOrThrow();
			await queueMail(
				trx,
				{
					kind: 'invitation',
					toAddress: normalizeEmail(mailTo),
					userId: null,
					fromName: sender.practiceName,
					text: messageText('invitation', {
						link: `${appOrigin()}${colleagueInvitationPath(token)}`,
						until: formatDeadline(expiresAt, sender.time_zone)
					}),
					sendBy: new Date(expiresAt)
				},
				now
			);
		}
		return { token, expiresAt };
	});
}

export type ColleagueInvitationLookup =
	| {
			state: 'open';
			invitationId: string;
			practiceId: string;
			invitedBy: string;
			/** The inviter's zone: a colleague in the same practice most likely shares it. */
			inviterTimeZone: string;
	  }
	| { state: 'unknown' | 'used' | 'expired' | 'revoked' };

export async function lookUpColleagueInvitation(
	db: Database,
	token: string,
	now: Date
): Promise<ColleagueInvitationLookup> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { state: 'unknown' };
	const row = await db
		.selectFrom('colleague_invitations')
		.innerJoin('users as inviter', 'inviter.id', 'colleague_invitations.created_by')
		.select([
			'colleague_invitations.id',
			'colleague_invitations.practice_id',
			'colleague_invitations.used_at',
			'colleague_invitations.revoked_at',
			'colleague_invitations.expires_at',
			'inviter.display_name',
			'inviter.time_zone'
		])
		.where('colleague_invitations.token_hash', '=', storedHashOf(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown' };
	if (row.used_at) return { state: 'used' };
	if (row.revoked_at) return { state: 'revoked' };
	if (row.expires_at <= now.toISOString()) return { state: 'expired' };
	return {
		state: 'open',
		invitationId: row.id,
		practiceId: row.practice_id,
		invitedBy: row.display_name ?? '',
		inviterTimeZone: row.time_zone
	};
}

export class ColleagueInvitationClosedError extends Error {
	override name = 'ColleagueInvitationClosedError';
}

/**
 * A colleague's account from an open link: a therapist of the practice, the
 * link spent, the audit row and a link confirming their address, together.
 * An address that already has an account makes none: the link is spent
 * all the same and the owner is mailed, so the answer reveals nothing.
 */
export async function joinPracticeWithInvitation(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	token: string,
	account: { email: string; displayName: string; password: string; timeZone: string },
	now: Date
): Promise<'joined' | 'address-taken'> {
	try {
		await writeTransaction(db, async (trx) => {
			const invitation = await openInvitation(trx, token, now);
			const userId = await createAccount(
				trx,
				{
					...account,
					role: 'therapist',
					practice: { id: invitation.practiceId, role: 'member' }
				},
				now
			);
			await spend(trx, invitation.invitationId, now);
			await recordAudit(
				trx,
				{ userId, clientAddress: from.clientAddress },
				'colleague.join',
				{ type: 'invitation', id: invitation.invitationId },
				now
			);
			await requestAddressConfirmation(trx, userId, now);
		});
		return 'joined';
	} catch (error) {
		if (!(error instanceof EmailTakenError)) throw error;
	}
	await writeTransaction(db, async (trx) => {
		const invitation = await openInvitation(trx, token, now);
		await spend(trx, invitation.invitationId, now);
		await recordAudit(
			trx,
			{ userId: null, clientAddress: from.clientAddress },
			'colleague.address-taken',
			{ type: 'invitation', id: invitation.invitationId },
			now
		);
		const owner = await trx
			.selectFrom('users')
			.select('id')
			.where('email', '=', normalizeEmail(account.email))
			.executeTakeFirst();
		if (owner) await mailAddressInUse(trx, owner.id, now);
	});
	return 'address-taken';
}

async function openInvitation(trx: Database, token: string, now: Date) {
	const invitation = await lookUpColleagueInvitation(trx, token, now);
	if (invitation.state !== 'open') throw new ColleagueInvitationClosedError(invitation.state);
	return invitation;
}

async function spend(trx: Database, invitationId: string, now: Date): Promise<void> {
	await trx
		.updateTable('colleague_invitations')
		.set({ used_at: now.toISOString() })
		.where('id', '=', invitationId)
		.execute();
}
