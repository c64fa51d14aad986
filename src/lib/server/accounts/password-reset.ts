import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor, type SignedInActor } from '../audit/audit';
import { messageText } from '../mail/messages';
import { recipient } from '../mail/notify';
import { queueMail } from '../mail/outbox';
import { appOrigin } from '../startup/config';
import { formatDeadline } from '../../time';
import { normalizeEmail } from './accounts';
import { hashPassword } from './password';
import { newPasswordProblems, type NewPasswordProblems } from './password-change';
import { TokenBucket, type Allowance } from './rate-limit';

// The one home of links that set a new password: asked for on
// /forgot-password and mailed, given by a therapist to a partner, or printed
// for the operator by `npm run reset-password`; looked up; and used. Like a
// session, only the link's SHA-256 is stored, so the database cannot recreate
// a link. A link works once, and making a new one spends the older ones.

const MINUTE = 60_000;

/** A mailed link: long enough to find the mail, short enough that a forgotten one is soon worthless. */
export const MAILED_LINK_LIFETIME_MS = 30 * MINUTE;
/**
 * A link a therapist gives a partner is handed over in person or by another
 * channel (a text message, a call), and may be read hours later: a day.
 */
export const GIVEN_LINK_LIFETIME_MS = 24 * 60 * MINUTE;
/** The operator prints a link to use at once, at the server's own console. */
export const OPERATOR_LINK_LIFETIME_MS = 30 * MINUTE;

/** Longer than any token this app issues; anything longer is not worth hashing. */
const MAX_TOKEN_LENGTH = 64;

export function resetLinkPath(token: string): string {
	return `/reset-password/${token}`;
}

export interface IssuedResetLink {
	token: string;
	expiresAt: string;
}

/**
 * A new link for an account, in the caller's transaction. The account's
 * older open links are spent first: only the newest link works.
 */
async function issueLink(
	trx: Database,
	userId: string,
	createdBy: string | null,
	lifetimeMs: number,
	now: Date
): Promise<IssuedResetLink> {
	await spendOpenLinks(trx, userId, now);
	const token = newSecretToken();
	const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
	await trx
		.insertInto('password_resets')
		.values({
			token_hash: storedHashOf(token),
			user_id: userId,
			created_by: createdBy,
			created_at: now.toISOString(),
			expires_at: expiresAt,
			used_at: null
		})
		.execute();
	return { token, expiresAt };
}

async function spendOpenLinks(trx: Database, userId: string, now: Date): Promise<void> {
	await trx
		.updateTable('password_resets')
		.set({ used_at: now.toISOString() })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.execute();
}

// Asking for a link by mail ------------------------------------------------

export interface ResetRequestLimits {
	perEmail: TokenBucket;
	perClient: TokenBucket;
}

/**
 * One limiter pair for the running server. Per address typed: three links at
 * once, then one every ten minutes, so nobody can fill another person's
 * inbox. Per client: ten addresses, then one a minute. Both count every
 * address alike, with an account or without, so a refusal reveals nothing.
 */
export const serverResetRequestLimits: ResetRequestLimits = {
	perEmail: new TokenBucket('reset-link.email', 3, 10 * MINUTE),
	perClient: new TokenBucket('reset-link.client', 10, MINUTE)
};

/** What became of a request, for tests and the log; the person is never told. */
export type ResetRequestHandled = 'mailed' | 'no-account' | 'unconfirmed' | 'failed';

export type ResetRequest =
	| { outcome: 'accepted'; handled: Promise<ResetRequestHandled> }
	| { outcome: 'throttled'; retryAt: Date };

/**
 * Someone asks for a link on /forgot-password. The answer is decided here,
 * from the limits alone; whether the address has an account is looked up
 * only after the request has been answered, so neither the answer nor how
 * long it takes says whether it has. `handled` settles when that work is done
 * and never rejects (a failure is logged): the caller need not wait for it.
 */
export async function askForResetLink(
	db: Database,
	ask: { email: string; clientAddress: string },
	now: Date,
	limits: ResetRequestLimits = serverResetRequestLimits
): Promise<ResetRequest> {
	const email = normalizeEmail(ask.email);
	const byClient = await limits.perClient.consume(db, ask.clientAddress, now);
	const allowance: Allowance = byClient.allowed
		? await limits.perEmail.consume(db, email, now)
		: byClient;
	if (!allowance.allowed) return { outcome: 'throttled', retryAt: allowance.retryAt };

	const handled = new Promise<void>((resolve) => setImmediate(resolve))
		.then(() => mailResetLink(db, { email, clientAddress: ask.clientAddress }, now))
		.catch((error: unknown): ResetRequestHandled => {
			console.error('A password reset link could not be queued:', error);
			return 'failed';
		});
	return { outcome: 'accepted', handled };
}

/**
 * The work behind a request, in one transaction whatever the address: with an
 * account whose address is confirmed, the link and its mail are stored
 * together; otherwise nothing but the audit row.
 */
async function mailResetLink(
	db: Database,
	ask: { email: string; clientAddress: string },
	now: Date
): Promise<ResetRequestHandled> {
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['id', 'time_zone', 'email_confirmed_at'])
			.where('email', '=', ask.email)
			.executeTakeFirst();
		await recordAudit(
			trx,
			{ userId: null, clientAddress: ask.clientAddress },
			'password.reset-request',
			{ type: 'user', id: user?.id ?? null },
			now
		);
		if (!user) return 'no-account';
		// Mail goes only where the person has shown they read it.
		const to = await recipient(trx, user.id);
		if (!to || user.email_confirmed_at === null) return 'unconfirmed';

		const link = await issueLink(trx, user.id, null, MAILED_LINK_LIFETIME_MS, now);
		await queueMail(
			trx,
			{
				kind: 'password-reset',
				toAddress: to.email,
				userId: user.id,
				fromName: to.senderName,
				text: messageText('password-reset', {
					link: `${appOrigin()}${resetLinkPath(link.token)}`,
					until: formatDeadline(link.expiresAt, user.time_zone)
				}),
				// A late mail would carry a dead link.
				sendBy: new Date(link.expiresAt)
			},
			now
		);
		return 'mailed';
	});
}

// Links handed over without mail -------------------------------------------

/**
 * A therapist gives a partner of one of their own couples a link, to hand
 * over themselves. Null when the partner is not theirs, the couple is
 * archived, or the partner has not joined (there is no account to reset).
 */
export async function giveResetLink(
	db: Database,
	actor: SignedInActor,
	partnerId: string,
	now: Date
): Promise<IssuedResetLink | null> {
	return writeTransaction(db, async (trx) => {
		const partner = await trx
			.selectFrom('partners')
			.innerJoin('couples', 'couples.id', 'partners.couple_id')
			.select('partners.user_id')
			.where('partners.id', '=', partnerId)
			.where('couples.therapist_id', '=', actor.userId)
			.where('couples.archived_at', 'is', null)
			.executeTakeFirst();
		if (!partner?.user_id) return null;
		const link = await issueLink(trx, partner.user_id, actor.userId, GIVEN_LINK_LIFETIME_MS, now);
		await recordAudit(trx, actor, 'password.reset-give', { type: 'partner', id: partnerId }, now);
		return link;
	});
}

/**
 * A link for whoever runs the server (`npm run reset-password`), for any
 * account by its address: how a therapist gets back in when no mail is set
 * up. Null when no account has the address.
 */
export async function operatorResetLink(
	db: Database,
	email: string,
	now: Date
): Promise<(IssuedResetLink & { email: string }) | null> {
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['id', 'email'])
			.where('email', '=', normalizeEmail(email))
			.executeTakeFirst();
		if (!user) return null;
		const link = await issueLink(trx, user.id, null, OPERATOR_LINK_LIFETIME_MS, now);
		// No one is signed in at the console: the action names who made the link.
		await recordAudit(
			trx,
			{ userId: null, clientAddress: null },
			'password.reset-operator',
			{ type: 'user', id: user.id },
			now
		);
		return { ...link, email: user.email };
	});
}

// Opening and using a link -------------------------------------------------

export type ClosedResetLinkState = 'unknown' | 'used' | 'expired' | 'revoked';

export type ResetLinkLookup =
	| { state: 'open'; userId: string; email: string }
	| { state: ClosedResetLinkState; userId: string | null };

/**
 * What a link leads to. A link is closed once used or replaced, after its
 * time, or when the password changed after it was made (the person got back
 * in some other way, and an old link in a mailbox should not undo that).
 */
export async function lookUpResetLink(
	db: Database,
	token: string,
	now: Date
): Promise<ResetLinkLookup> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
		return { state: 'unknown', userId: null };
	const row = await db
		.selectFrom('password_resets')
		.innerJoin('users', 'users.id', 'password_resets.user_id')
		.select([
			'password_resets.user_id',
			'password_resets.created_at',
			'password_resets.expires_at',
			'password_resets.used_at',
			'users.email',
			'users.password_changed_at'
		])
		.where('password_resets.token_hash', '=', storedHashOf(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown', userId: null };
	const userId = row.user_id;
	if (row.used_at !== null) return { state: 'used', userId };
	if (row.password_changed_at > row.created_at) return { state: 'revoked', userId };
	if (row.expires_at <= now.toISOString()) return { state: 'expired', userId };
	return { state: 'open', userId, email: row.email };
}

export type PasswordResetResult =
	| { outcome: 'changed'; userId: string }
	| { outcome: 'refused'; problems: NewPasswordProblems }
	| { outcome: 'closed'; state: ClosedResetLinkState };

/**
 * Sets a new password from an open link, in one transaction: the link (and
 * any other open link of the account) spent, the new password, every session
 * of the account ended (whoever may have had the old password is out), and
 * the audit row. A link used twice at once sets one password.
 */
export async function resetPassword(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	token: string,
	typed: { newPassword: string; newPasswordAgain: string },
	now: Date
): Promise<PasswordResetResult> {
	// Looked up before anything is hashed: an unknown link costs no Argon2 work.
	const link = await lookUpResetLink(db, token, now);
	if (link.state !== 'open') return refuseClosed(db, from, link, now);
	const problems = newPasswordProblems(typed.newPassword, typed.newPasswordAgain);
	if (Object.keys(problems).length > 0) return { outcome: 'refused', problems };

	// Hashed before the write lock is taken: Argon2 is deliberately slow.
	const passwordHash = await hashPassword(typed.newPassword);
	return writeTransaction(db, async (trx): Promise<PasswordResetResult> => {
		const still = await lookUpResetLink(trx, token, now);
		if (still.state !== 'open') return refuseClosed(trx, from, still, now);
		await spendOpenLinks(trx, still.userId, now);
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, password_changed_at: now.toISOString() })
			.where('id', '=', still.userId)
			.execute();
		await trx.deleteFrom('sessions').where('user_id', '=', still.userId).execute();
		await recordAudit(
			trx,
			{ userId: still.userId, clientAddress: from.clientAddress },
			'password.reset',
			{ type: 'user', id: still.userId },
			now
		);
		return { outcome: 'changed', userId: still.userId };
	});
}

/** A closed link posted to: recorded when it was a real link, which only its holder can know. */
async function refuseClosed(
	db: Database,
	from: Pick<Actor, 'clientAddress'>,
	link: Extract<ResetLinkLookup, { state: ClosedResetLinkState }>,
	now: Date
): Promise<PasswordResetResult> {
	// Unknown links are not logged: anyone could post them without end.
	if (link.userId !== null)
		await recordAudit(
			db,
			{ userId: null, clientAddress: from.clientAddress },
			'password.reset-refused',
			{ type: 'user', id: link.userId },
			now
		);
	return { outcome: 'closed', state: link.state };
}
