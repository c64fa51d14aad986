import {
	generateRegistrationOptions,
	verifyRegistrationResponse,
	type PublicKeyCredentialCreationOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { challengeOf, storeChallenge, takeChallenge } from './passkey-challenges';
import type { RelyingParty } from './relying-party';
import { hasAnyPasskey, practiceRequiresTwoStep } from './two-step';
import { newRecoveryCodes } from './recovery-codes';

// A person's passkeys: adding one (the browser makes a key pair on the
// device and this server keeps the public half), listing and removing them.
// A passkey is a second step after the password, or a way in on its own
// (it proves the device and, with its PIN or fingerprint, the person).

export const PASSKEY_NAME_MAX = 60;

/** What the server knows the account by, inside the passkey: its id, never its address. */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(userId);
}

export interface Passkey {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

export async function passkeysOf(db: Database, userId: string): Promise<Passkey[]> {
	const rows = await db
		.selectFrom('passkeys')
		.select(['id', 'name', 'created_at', 'last_used_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		createdAt: new Date(row.created_at),
		lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at)
	}));
}

/** What a browser needs to make a passkey for this person; its challenge is stored to check the answer. */
export async function passkeyRegistrationOptions(
	db: Database,
	user: { id: string; email: string; displayName: string },
	rp: RelyingParty,
	now: Date
): Promise<PublicKeyCredentialCreationOptionsJSON> {
	const existing = await passkeysOf(db, user.id);
	const options = await generateRegistrationOptions({
		rpName: rp.name,
		rpID: rp.id,
		userName: user.email,
		userID: userHandleOf(user.id),
		userDisplayName: user.displayName || user.email,
		attestationType: 'none',
		// The same device twice would be two names for one key.
		excludeCredentials: existing.map((passkey) => ({ id: passkey.id })),
		// Discoverable, so it can sign in on its own without an address typed first.
		authenticatorSelection: { residentKey: 'required', userVerification: 'required' }
	});
	await storeChallenge(db, options.challenge, 'register', user.id, now);
	return options;
}

/** A name for a passkey, or the message to show beside the field. */
export function checkPasskeyName(
	typed: string
): { ok: true; name: string } | { ok: false; message: string } {
	const name = typed.trim().replace(/\s+/gu, ' ');
	if (name === '')
		return { ok: false, message: 'Name this passkey, for example “Laptop” or “Phone”.' };
	if ([...name].length > PASSKEY_NAME_MAX)
		return { ok: false, message: `Keep the name to ${PASSKEY_NAME_MAX} characters or fewer.` };
	return { ok: true, name };
}

/** The browser's answer as sent in a form field, if it has the shape of one. */
export function parseCredential<T extends { id: string; response: { clientDataJSON: string } }>(
	text: string
): T | null {
	if (text === '' || text.length > 100_000) return null;
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value !== 'object' || value === null) return null;
		const { id, response } = value as { id?: unknown; response?: unknown };
		if (typeof id !== 'string' || id === '' || typeof response !== 'object' || response === null)
			return null;
		if (typeof (response as { clientDataJSON?: unknown }).clientDataJSON !== 'string') return null;
		return value as T;
	} catch {
		return null;
	}
}

export type AddPasskeyResult =
	/** Recovery codes when this passkey is the account's first second step: shown once. */
	{ outcome: 'added'; recoveryCodes: string[] | null } | { outcome: 'refused' };

/**
 * Keeps a passkey the browser just made, once its answer checks out: made
 * for this server's origin, with the challenge this person was given (used
 * once), the device having checked who holds it. Two-step counts as set up
 * from now, so a colleague whose two-step was reset is done. The first way
 * past the password an account has also gets ten recovery codes, for the
 * day the device is lost.
 */
export async function addPasskey(
	db: Database,
	actor: SignedInActor,
	name: string,
	credentialText: string,
	rp: RelyingParty,
	now: Date
): Promise<AddPasskeyResult> {
	const credential = parseCredential<RegistrationResponseJSON>(credentialText);
	const challenge = credential ? challengeOf(credential.response.clientDataJSON) : null;
	if (!credential || !challenge) return { outcome: 'refused' };
	if (!(await takeChallenge(db, challenge, 'register', actor.userId, now)))
		return { outcome: 'refused' };
	let verified;
	try {
		verified = await verifyRegistrationResponse({
			response: credential,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			requireUserVerification: true
		});
	} catch {
		return { outcome: 'refused' };
	}
	if (!verified.verified) return { outcome: 'refused' };
	const made = verified.registrationInfo.credential;
	return writeTransaction(db, async (trx) => {
		// A key already kept (for anyone) is never taken over.
		const known = await trx
			.selectFrom('passkeys')
			.select('id')
			.where('id', '=', made.id)
			.executeTakeFirst();
		if (known) return { outcome: 'refused' as const };
		const before = await trx
			.selectFrom('users')
			.select('totp_confirmed_at')
			.where('id', '=', actor.userId)
			.executeTakeFirstOrThrow();
		const first = before.totp_confirmed_at === null && !(await hasAnyPasskey(trx, actor.userId));
		await trx
			.insertInto('passkeys')
			.values({
				id: made.id,
				user_id: actor.userId,
				name,
				public_key: Buffer.from(made.publicKey),
				counter: made.counter,
				transports: JSON.stringify(made.transports ?? []),
				created_at: now.toISOString(),
				last_used_at: null
			})
			.execute();
		await trx
			.updateTable('users')
			.set({ two_step_reset_at: null })
			.where('id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'passkey.add', { type: 'passkey', id: made.id }, now);
		const recoveryCodes = first ? await newRecoveryCodes(trx, actor.userId, now) : null;
		return { outcome: 'added' as const, recoveryCodes };
	});
}

export type RemovePasskeyResult =
	| { outcome: 'removed' }
	| { outcome: 'not-found' }
	/** The last way past the password, where the practice requires one. */
	| { outcome: 'required' };

/** Removes one of the person's own passkeys: from now on it opens nothing. */
export async function removePasskey(
	db: Database,
	actor: SignedInActor,
	passkeyId: string,
	now: Date
): Promise<RemovePasskeyResult> {
	const required = await practiceRequiresTwoStep(db, actor.userId);
	return writeTransaction(db, async (trx) => {
		const owned = await trx
			.selectFrom('passkeys')
			.select('id')
			.where('id', '=', passkeyId)
			.where('user_id', '=', actor.userId)
			.executeTakeFirst();
		if (!owned) return { outcome: 'not-found' as const };
		const user = await trx
			.selectFrom('users')
			.select('totp_confirmed_at')
			.where('id', '=', actor.userId)
			.executeTakeFirstOrThrow();
		const others = await trx
			.selectFrom('passkeys')
			.select('id')
			.where('user_id', '=', actor.userId)
			.where('id', '!=', passkeyId)
			.executeTakeFirst();
		const lastSecondStep = user.totp_confirmed_at === null && others === undefined;
		if (required && lastSecondStep) return { outcome: 'required' as const };
		await trx.deleteFrom('passkeys').where('id', '=', owned.id).execute();
		// No second step left: recovery codes would have nothing to stand in for.
		if (lastSecondStep)
			await trx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
		await recordAudit(trx, actor, 'passkey.remove', { type: 'passkey', id: owned.id }, now);
		return { outcome: 'removed' as const };
	});
}

/** Every passkey of an account goes (the administrator resetting a colleague's two-step). */
export async function removeEveryPasskey(trx: Database, userId: string): Promise<void> {
	await trx.deleteFrom('passkeys').where('user_id', '=', userId).execute();
}
