import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { createAccount, EmailTakenError, normalizeEmail } from '../accounts/accounts';
import { mailAddressInUse } from '../accounts/account-notices';
import { invitationWasMailedTo, queueInvitationMail } from '../mail/invitation-mail';
import { markAddressConfirmed, requestAddressConfirmation } from '../mail/address-confirmation';
import { newId } from '../database/ids';
import { recordAudit, type Actor, type SignedInActor } from '../audit/audit';
import type { NotNull } from 'kysely';
import type { SecretsPolicy } from '../database/schema';

// A partner joins through a single-use link the therapist hands them. Like a
// session token, only the link's SHA-256 is stored: the database cannot
// recreate a link, and a leaked copy of it opens nothing.

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_TOKEN_LENGTH = 64;

/**
 * A new link for one partner of one of this therapist's couples. Any earlier
 * link for that partner stops working. Null when the partner is not the
 * therapist's, or has already joined.
 */
export async function issueInvitation(
	db: Database,
	actor: SignedInActor,
	partnerId: string,
	now: Date,
	/** An address the therapist typed: the link is mailed there too. */
	mailTo: string | null = null
): Promise<{ token: string; expiresAt: string } | null> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const partner = await trx
			.selectFrom('partners')
			.innerJoin('couples', 'couples.id', 'partners.couple_id')
			.select(['partners.id', 'partners.user_id'])
			.where('partners.id', '=', partnerId)
			.where('couples.therapist_id', '=', therapistId)
			.where('couples.archived_at', 'is', null)
			.executeTakeFirst();
		if (!partner || partner.user_id !== null) return null;

		await revokeOpen(trx, partnerId, now);
		const token = newSecretToken();
		const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString();
		await trx
			.insertInto('invitations')
			.values({
				id: newId(),
				partner_id: partnerId,
				token_hash: storedHashOf(token),
				created_by: therapistId,
				created_at: now.toISOString(),
				expires_at: expiresAt,
				used_at: null,
				revoked_at: null
			})
			.execute();
		await recordAudit(trx, actor, 'invitation.issue', { type: 'partner', id: partnerId }, now);
		if (mailTo !== null)
			await queueInvitationMail(
				trx,
				{ partnerId, therapistId, to: normalizeEmail(mailTo), token, expiresAt },
				now
			);
		return { token, expiresAt };
	});
}

/** Stops a partner's open link; false when the partner is not this therapist's. */
export async function revokeInvitation(
	db: Database,
	actor: SignedInActor,
	partnerId: string,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const owned = await trx
			.selectFrom('partners')
			.innerJoin('couples', 'couples.id', 'partners.couple_id')
			.select('partners.id')
			.where('partners.id', '=', partnerId)
			.where('couples.therapist_id', '=', therapistId)
			.executeTakeFirst();
		if (!owned) return false;
		await revokeOpen(trx, partnerId, now);
		await recordAudit(trx, actor, 'invitation.revoke', { type: 'partner', id: partnerId }, now);
		return true;
	});
}

async function revokeOpen(db: Database, partnerId: string, now: Date): Promise<void> {
	await db
		.updateTable('invitations')
		.set({ revoked_at: now.toISOString() })
		.where('partner_id', '=', partnerId)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.execute();
}

export interface InvitationStatus {
	partnerId: string;
	/** The open link's expiry, if there is one. */
	openUntil: string | null;
}

/** For the couple page: which partners have a working link, and until when. */
export async function openInvitations(
	db: Database,
	coupleId: string,
	now: Date
): Promise<InvitationStatus[]> {
	const rows = await db
		.selectFrom('invitations')
		.innerJoin('partners', 'partners.id', 'invitations.partner_id')
		.select(['invitations.partner_id', 'invitations.expires_at'])
		.where('partners.couple_id', '=', coupleId)
		.where('invitations.used_at', 'is', null)
		.where('invitations.revoked_at', 'is', null)
		.where('invitations.expires_at', '>', now.toISOString())
		.execute();
	return rows.map((row) => ({ partnerId: row.partner_id, openUntil: row.expires_at }));
}

export type InvitationLookup =
	| {
			state: 'open';
			invitationId: string;
			partnerId: string;
			coupleId: string;
			partnerName: string;
			therapistName: string;
			therapistTimeZone: string;
			secretsPolicy: SecretsPolicy;
			policyText: string;
	  }
	| { state: 'unknown' | 'used' | 'expired' | 'revoked' | 'joined'; therapistName: string | null };

/** What an invitation link leads to. Anything but an open link gets a page saying what to do. */
export async function lookUpInvitation(
	db: Database,
	token: string,
	now: Date
): Promise<InvitationLookup> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
		return { state: 'unknown', therapistName: null };
	const row = await db
		.selectFrom('invitations')
		.innerJoin('partners', 'partners.id', 'invitations.partner_id')
		.innerJoin('couples', 'couples.id', 'partners.couple_id')
		.innerJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		.select([
			'invitations.id',
			'invitations.used_at',
			'invitations.revoked_at',
			'invitations.expires_at',
			'partners.id as partnerId',
			'partners.user_id',
			'partners.display_name',
			'couples.id as coupleId',
			'couples.secrets_policy',
			'couples.policy_text',
			'couples.archived_at',
			'therapist.display_name as therapistName',
			'therapist.time_zone as therapistTimeZone'
		])
		.where('invitations.token_hash', '=', storedHashOf(token))
		// A couple's therapist is a therapist account, which always has a name (a CHECK on users).
		.$narrowType<{ therapistName: NotNull }>()
		.executeTakeFirst();
	if (!row) return { state: 'unknown', therapistName: null };
	const therapistName = row.therapistName;
	if (row.used_at) return { state: 'used', therapistName };
	if (row.user_id) return { state: 'joined', therapistName };
	if (row.revoked_at || row.archived_at) return { state: 'revoked', therapistName };
	if (row.expires_at <= now.toISOString()) return { state: 'expired', therapistName };
	return {
		state: 'open',
		invitationId: row.id,
		partnerId: row.partnerId,
		coupleId: row.coupleId,
		partnerName: row.display_name,
		therapistName,
		therapistTimeZone: row.therapistTimeZone,
		secretsPolicy: row.secrets_policy,
		policyText: row.policy_text
	};
}

export class InvitationClosedError extends Error {
	override name = 'InvitationClosedError';
}

/**
 * The join form's way in: a new account from the link, or, when the address
 * already has one, the same answer without one (see spendOnTakenAddress).
 */
export async function joinWithInvitation(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	token: string,
	account: { email: string; displayName: string; password: string; timeZone: string },
	now: Date
): Promise<
	{ outcome: 'joined'; userId: string; partnerId: string } | { outcome: 'address-taken' }
> {
	try {
		return { outcome: 'joined', ...(await acceptInvitation(db, from, token, account, now)) };
	} catch (error) {
		if (!(error instanceof EmailTakenError)) throw error;
		await spendOnTakenAddress(db, from, token, normalizeEmail(account.email), now);
		return { outcome: 'address-taken' };
	}
}

/**
 * Someone joined with an address that already has an account. Whoever holds
 * the link must not learn that (a live link would test addresses), so the
 * joiner is answered as if the account were made; the link is spent, as it
 * would have been, and the address's owner is told by mail.
 */
async function spendOnTakenAddress(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	token: string,
	email: string,
	now: Date
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		const invitation = await lookUpInvitation(trx, token, now);
		if (invitation.state !== 'open') throw new InvitationClosedError(invitation.state);
		await trx
			.updateTable('invitations')
			.set({ used_at: now.toISOString() })
			.where('id', '=', invitation.invitationId)
			.execute();
		await recordAudit(
			trx,
			{ userId: null, clientAddress: from.clientAddress },
			'invitation.address-taken',
			{ type: 'partner', id: invitation.partnerId },
			now
		);
		const owner = await trx
			.selectFrom('users')
			.select('id')
			.where('email', '=', email)
			.executeTakeFirst();
		if (owner) await mailAddressInUse(trx, owner.id, now);
	});
}

/**
 * Creates the partner's account from an open invitation, in one transaction:
 * the account, its place in the couple, the policy acknowledged, the link
 * spent, the audit row, and a link to confirm the address they gave (queued
 * once they hold their place, so it goes out under their therapist's
 * practice name). A link used twice at once makes one account. Throws
 * EmailTakenError for an address that has an account: the join form calls
 * joinWithInvitation, which never lets that show.
 */
export async function acceptInvitation(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	token: string,
	account: { email: string; displayName: string; password: string; timeZone: string },
	now: Date
): Promise<{ userId: string; partnerId: string }> {
	return writeTransaction(db, async (trx) => {
		const invitation = await lookUpInvitation(trx, token, now);
		if (invitation.state !== 'open') throw new InvitationClosedError(invitation.state);
		// The account holds no name or couple: the place below is the partner's only record of both.
		const userId = await createAccount(
			trx,
			{
				email: account.email,
				password: account.password,
				role: 'partner',
				timeZone: account.timeZone
			},
			now
		);
		await trx
			.updateTable('partners')
			.set({
				user_id: userId,
				display_name: account.displayName.trim(),
				joined_at: now.toISOString(),
				policy_acknowledged_at: now.toISOString()
			})
			.where('id', '=', invitation.partnerId)
			.execute();
		await trx
			.updateTable('invitations')
			.set({ used_at: now.toISOString() })
			.where('id', '=', invitation.invitationId)
			.execute();
		await recordAudit(
			trx,
			{ userId, clientAddress: from.clientAddress },
			'invitation.accept',
			{ type: 'partner', id: invitation.partnerId },
			now
		);
		// The link came by mail to the address they joined with: that address is proven already.
		if (await invitationWasMailedTo(trx, invitation.invitationId, normalizeEmail(account.email)))
			await markAddressConfirmed(trx, userId, now);
		else await requestAddressConfirmation(trx, userId, now);
		return { userId, partnerId: invitation.partnerId };
	});
}
