import type { Database } from '../database/open';
import { normalizeEmail } from './accounts';
import { recordAudit } from '../audit/audit';
import { hashPassword, verifyPassword } from './password';
import { FailureThrottle, TokenBucket } from './rate-limit';
import type { Role } from '../database/schema';

export type SignInResult =
	| { outcome: 'signed-in'; user: { id: string; role: Role } }
	| { outcome: 'refused' }
	| { outcome: 'throttled'; retryAt: Date };

export interface SignInLimits {
	perAccount: FailureThrottle;
	perAddress: TokenBucket;
}

/** One limiter pair for the running server: 30 attempts per address, one more every 2 seconds. */
export const serverSignInLimits: SignInLimits = {
	perAccount: new FailureThrottle(),
	perAddress: new TokenBucket(30, 2_000)
};

// Compared against when the email has no account, so a wrong email takes as
// long as a wrong password and does not reveal who has an account.
let standInHash: Promise<string> | undefined;

export async function signIn(
	db: Database,
	attempt: { email: string; password: string; clientAddress: string },
	now: Date,
	limits: SignInLimits = serverSignInLimits
): Promise<SignInResult> {
	const email = normalizeEmail(attempt.email);

	// Both limits are checked before any hashing: hashing is what an attacker wants us to spend.
	const byAddress = limits.perAddress.consume(attempt.clientAddress, now);
	const byAccount = byAddress.allowed ? limits.perAccount.check(email, now) : byAddress;
	if (!byAccount.allowed) {
		await recordAudit(
			db,
			{ userId: null, clientAddress: attempt.clientAddress },
			'sign-in.throttled',
			null,
			now
		);
		return { outcome: 'throttled', retryAt: byAccount.retryAt };
	}

	// Counted as a failure until it proves otherwise, so guesses sent all at
	// once cannot all pass the check while the first is still being hashed.
	limits.perAccount.recordFailure(email, now);

	const user = await db
		.selectFrom('users')
		.select(['id', 'role', 'password_hash'])
		.where('email', '=', email)
		.executeTakeFirst();
	standInHash ??= hashPassword('no account has this password');
	const valid = await verifyPassword(user?.password_hash ?? (await standInHash), attempt.password);

	if (!user || !valid) {
		await recordAudit(
			db,
			{ userId: user?.id ?? null, clientAddress: attempt.clientAddress },
			'sign-in.failure',
			{ type: 'user', id: user?.id ?? null },
			now
		);
		return { outcome: 'refused' };
	}

	limits.perAccount.reset(email);
	await recordAudit(
		db,
		{ userId: user.id, clientAddress: attempt.clientAddress },
		'sign-in.success',
		{ type: 'user', id: user.id },
		now
	);
	return { outcome: 'signed-in', user: { id: user.id, role: user.role } };
}
