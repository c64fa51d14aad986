import {
	generateAuthenticationOptions,
	verifyAuthenticationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/server';
import type { Database } from '../database/open';
import type { PasskeyPurpose } from '../database/schema';
import { recordAudit, type Actor } from '../audit/audit';
import type { Role } from '../database/schema';
import { challengeOf, storeChallenge, takeChallenge } from './passkey-challenges';
import { parseCredential, userHandleOf } from './passkeys';
import type { RelyingParty } from './relying-party';
import { serverSignInLimits, type SignInLimits } from './sign-in';
import { serverSecondStepThrottle, type CodeCheck } from './two-step';
import { countThrottledAttempt } from './throttled-attempts';
import type { FailureThrottle } from './rate-limit';

// Using a passkey: on its own to sign in (the device asks for its PIN or
// fingerprint, so the passkey is both steps at once), or as the second step
// after the password. Either way the answer must carry a challenge this
// server made for that use (taken once), come from this origin, be signed by
// a passkey this server keeps (for the second step: one of that person's),
// and show a signature counter that has moved on, when the device keeps one.

/** What a browser needs to offer the person's passkeys; none named, for a passkey sign-in. */
async function authenticationOptions(
	db: Database,
	purpose: Exclude<PasskeyPurpose, 'register'>,
	userId: string | null,
	rp: RelyingParty,
	now: Date
): Promise<PublicKeyCredentialRequestOptionsJSON> {
	const allowCredentials =
		userId === null
			? []
			: (
					await db
						.selectFrom('passkeys')
						.select(['id', 'transports'])
						.where('user_id', '=', userId)
						.execute()
				).map((row) => ({ id: row.id, transports: JSON.parse(row.transports) as string[] }));
	const options = await generateAuthenticationOptions({
		rpID: rp.id,
		allowCredentials,
		// On its own a passkey must also prove the person, not just the device.
		userVerification: purpose === 'sign-in' ? 'required' : 'preferred'
	});
	await storeChallenge(db, options.challenge, purpose, userId, now);
	return options;
}

export type PasskeyOptionsResult =
	| { outcome: 'options'; options: PublicKeyCredentialRequestOptionsJSON }
	| { outcome: 'throttled'; retryAt: Date };

/**
 * Options for signing in with a passkey alone. Anyone may ask, so asking is
 * limited per client address like password attempts, and sweeps old challenges.
 */
export async function passkeySignInOptions(
	db: Database,
	clientAddress: string,
	rp: RelyingParty,
	now: Date,
	limits: SignInLimits = serverSignInLimits
): Promise<PasskeyOptionsResult> {
	const allowed = await limits.perAddress.consume(db, clientAddress, now);
	if (!allowed.allowed) {
		await countThrottledAttempt(db, clientAddress, now);
		return { outcome: 'throttled', retryAt: allowed.retryAt };
	}
	return { outcome: 'options', options: await authenticationOptions(db, 'sign-in', null, rp, now) };
}

/**
 * Options for the second step of someone whose password was right a moment
 * ago, or who confirms a change to their second step (new recovery codes):
 * either way a fresh answer from one of that person's own passkeys.
 */
export function secondStepPasskeyOptions(
	db: Database,
	userId: string,
	rp: RelyingParty,
	now: Date
): Promise<PublicKeyCredentialRequestOptionsJSON> {
	return authenticationOptions(db, 'second-step', userId, rp, now);
}

/**
 * Checks a browser's answer and returns whose passkey signed it, or null.
 * The counter and the time of use are stored only when the answer holds.
 */
export async function verifyPasskey(
	db: Database,
	credentialText: string,
	purpose: Exclude<PasskeyPurpose, 'register'>,
	userId: string | null,
	rp: RelyingParty,
	now: Date
): Promise<{ userId: string; passkeyId: string } | null> {
	const answer = parseCredential<AuthenticationResponseJSON>(credentialText);
	const challenge = answer ? challengeOf(answer.response.clientDataJSON) : null;
	if (!answer || !challenge) return null;
	if (!(await takeChallenge(db, challenge, purpose, userId, now))) return null;

	let query = db
		.selectFrom('passkeys')
		.select(['id', 'user_id', 'public_key', 'counter', 'transports'])
		.where('id', '=', answer.id);
	if (userId !== null) query = query.where('user_id', '=', userId);
	const passkey = await query.executeTakeFirst();
	if (!passkey) return null;
	// The device says whose passkey it is; it must agree with the key kept here.
	const handle = answer.response.userHandle;
	if (
		typeof handle === 'string' &&
		handle !== Buffer.from(userHandleOf(passkey.user_id)).toString('base64url')
	)
		return null;

	let verified;
	try {
		verified = await verifyAuthenticationResponse({
			response: answer,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			credential: {
				id: passkey.id,
				publicKey: new Uint8Array(passkey.public_key),
				counter: passkey.counter,
				transports: JSON.parse(passkey.transports) as string[]
			},
			requireUserVerification: purpose === 'sign-in'
		});
	} catch {
		// A counter that went back lands here too: a copied authenticator.
		return null;
	}
	if (!verified.verified) return null;
	// Only from the counter read: two answers checked at once cannot both move it.
	const stored = await db
		.updateTable('passkeys')
		.set({ counter: verified.authenticationInfo.newCounter, last_used_at: now.toISOString() })
		.where('id', '=', passkey.id)
		.where('counter', '=', passkey.counter)
		.executeTakeFirst();
	if (stored.numUpdatedRows !== 1n) return null;
	return { userId: passkey.user_id, passkeyId: passkey.id };
}

export type PasskeySignInResult =
	| { outcome: 'signed-in'; user: { id: string; role: Role; email: string } }
	| { outcome: 'refused' };

/**
 * Signs in with a passkey alone. A deactivated account is refused like an
 * unknown passkey. Success and failure each write one audit row.
 */
export async function signInWithPasskey(
	db: Database,
	credentialText: string,
	clientAddress: string,
	rp: RelyingParty,
	now: Date
): Promise<PasskeySignInResult> {
	const used = await verifyPasskey(db, credentialText, 'sign-in', null, rp, now);
	const user = used
		? await db
				.selectFrom('users')
				.select(['id', 'role', 'email'])
				.where('id', '=', used.userId)
				.where('deactivated_at', 'is', null)
				.executeTakeFirst()
		: undefined;
	const actor: Actor = { userId: user?.id ?? null, clientAddress };
	if (!used || !user) {
		await recordAudit(
			db,
			actor,
			'sign-in.failure',
			{ type: 'passkey', id: used?.passkeyId ?? null },
			now
		);
		return { outcome: 'refused' };
	}
	await recordAudit(db, actor, 'sign-in.success', { type: 'user', id: user.id }, now);
	return { outcome: 'signed-in', user };
}

/**
 * The second step with a passkey: one of the waiting person's own, throttled
 * with the codes' throttle, so wrong answers of either kind count together.
 */
export async function checkSecondStepPasskey(
	db: Database,
	actor: Actor & { userId: string },
	credentialText: string,
	rp: RelyingParty,
	now: Date,
	throttle: FailureThrottle = serverSecondStepThrottle
): Promise<CodeCheck> {
	const allowed = await throttle.admit(db, actor.userId, now);
	if (!allowed.allowed) return { outcome: 'throttled', retryAt: allowed.retryAt };
	const used = await verifyPasskey(db, credentialText, 'second-step', actor.userId, rp, now);
	if (!used) {
		await recordAudit(db, actor, 'two-step.failure', { type: 'user', id: actor.userId }, now);
		return { outcome: 'refused' };
	}
	await throttle.reset(db, actor.userId);
	return { outcome: 'accepted' };
}
