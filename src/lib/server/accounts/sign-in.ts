import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { normalizeEmail } from './accounts';
import { recordAudit } from '../audit/audit';
import { hashPassword, verifyPassword } from './password';
import { FailureThrottle, TokenBucket, type Admission } from './rate-limit';
import { countThrottledAttempt } from './throttled-attempts';
import { typedAddressHash } from './typed-address';
import { knownDeviceFor } from './known-device';
import { FAILURES_BEFORE_NOTICE, mailSignInFailures } from './account-notices';
import type { Role } from '../database/schema';
import { hasPasskey } from './two-step-methods';

export type SignInResult =
	| { outcome: 'signed-in'; user: { id: string; role: Role; twoStep: boolean } }
	| { outcome: 'refused' }
	| { outcome: 'throttled'; retryAt: Date };

export interface SignInLimits {
	/** Per address typed, for devices that never signed in to it: strangers share this lane. */
	perAccount: FailureThrottle;
	/** Per address and device that signed in to it before: the owner's own lane. */
	perKnownDevice: FailureThrottle;
	perAddress: TokenBucket;
}

/** One set of limiters for the running server: 30 attempts per client address, one more every 2 seconds. */
export const serverSignInLimits: SignInLimits = {
	perAccount: new FailureThrottle('sign-in.account'),
	perKnownDevice: new FailureThrottle('sign-in.known-device'),
	perAddress: new TokenBucket('sign-in.client', 30, 2_000)
};

// Compared against when the email has no account, so a wrong email takes as
// long as a wrong password and does not reveal who has an account.
let standInHash: Promise<string> | undefined;

export interface SignInAttempt {
	email: string;
	password: string;
	clientAddress: string;
	/** The known-device cookie this browser sent, if any (accounts/known-device.ts). */
	deviceCookie?: string;
}

/**
 * Checks an email and password. A correct password for an account with
 * two-step sign-in is not yet a sign-in: `twoStep` says a code must follow,
 * and the audit row says so too (the success is recorded after the code).
 */
export async function signIn(
	db: Database,
	attempt: SignInAttempt,
	now: Date,
	limits: SignInLimits = serverSignInLimits
): Promise<SignInResult> {
	const email = normalizeEmail(attempt.email);

	// Every limit is checked before any hashing: hashing is what an attacker wants us to spend.
	const byAddress = await limits.perAddress.consume(db, attempt.clientAddress, now);
	const device = byAddress.allowed
		? await knownDeviceFor(db, email, attempt.deviceCookie, now)
		: null;
	const lane = device
		? { throttle: limits.perKnownDevice, key: `${email}|${device}`, stranger: false }
		: { throttle: limits.perAccount, key: email, stranger: true };
	// Counted as a failure until it proves otherwise, so guesses sent all at
	// once cannot all pass the check while the first is still being hashed.
	const byAccount: Admission = byAddress.allowed
		? await lane.throttle.admit(db, lane.key, now)
		: byAddress;
	if (!byAccount.allowed) {
		await countThrottledAttempt(db, attempt.clientAddress, now);
		return { outcome: 'throttled', retryAt: byAccount.retryAt };
	}
	const { failuresInARow } = byAccount;

	const user = await db
		.selectFrom('users')
		.select(['id', 'role', 'password_hash', 'totp_confirmed_at', 'deactivated_at'])
		.select((eb) => hasPasskey(eb).as('has_passkey'))
		.where('email', '=', email)
		.executeTakeFirst();
	standInHash ??= hashPassword('no account has this password');
	const valid = await verifyPassword(user?.password_hash ?? (await standInHash), attempt.password);

	// A deactivated account is refused like a wrong password: whoever typed it learns nothing.
	if (!user || !valid || user.deactivated_at !== null) {
		const addressHash = user ? null : await typedAddressHash(db, email, now);
		await writeTransaction(db, async (trx) => {
			await recordAudit(
				trx,
				{ userId: user?.id ?? null, clientAddress: attempt.clientAddress },
				'sign-in.failure',
				user ? { type: 'user', id: user.id } : { type: 'address-hash', id: addressHash },
				now
			);
			if (user && lane.stranger && failuresInARow === FAILURES_BEFORE_NOTICE)
				await mailSignInFailures(trx, user.id, now);
		});
		return { outcome: 'refused' };
	}

	await lane.throttle.reset(db, lane.key);
	const twoStep = user.totp_confirmed_at !== null || user.has_passkey === 1;
	await recordAudit(
		db,
		{ userId: user.id, clientAddress: attempt.clientAddress },
		twoStep ? 'sign-in.password' : 'sign-in.success',
		{ type: 'user', id: user.id },
		now
	);
	return { outcome: 'signed-in', user: { id: user.id, role: user.role, twoStep } };
}
