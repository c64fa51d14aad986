import type { Database } from '../database/open';
import type { PasskeyPurpose } from '../database/schema';

// The random challenge a passkey signs. Each is stored with what it is for
// (and for whom, once someone is signed in or half way), used once, and good
// for five minutes: a signature captured on the way cannot be replayed, and a
// challenge made to add a passkey cannot be spent to sign in.

export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/** Stores a challenge made for `purpose`; expired ones are swept away on the way. */
export async function storeChallenge(
	db: Database,
	challenge: string,
	purpose: PasskeyPurpose,
	userId: string | null,
	now: Date
): Promise<void> {
	await db.deleteFrom('passkey_challenges').where('expires_at', '<=', now.toISOString()).execute();
	await db
		.insertInto('passkey_challenges')
		.values({
			challenge,
			purpose,
			user_id: userId,
			expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS).toISOString()
		})
		.execute();
}

/**
 * Takes the challenge a browser's answer carries, if it was made for this
 * purpose and person and is still good. Taking it deletes it, so a second
 * answer with the same challenge finds nothing.
 */
export async function takeChallenge(
	db: Database,
	challenge: string,
	purpose: PasskeyPurpose,
	userId: string | null,
	now: Date
): Promise<boolean> {
	let query = db
		.deleteFrom('passkey_challenges')
		.where('challenge', '=', challenge)
		.where('purpose', '=', purpose)
		.where('expires_at', '>', now.toISOString());
	query =
		userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
	const taken = await query.executeTakeFirst();
	return taken.numDeletedRows === 1n;
}

/** The challenge inside a browser's answer (its client data), or null when unreadable. */
export function challengeOf(clientDataJSON: unknown): string | null {
	if (typeof clientDataJSON !== 'string') return null;
	try {
		const text = Buffer.from(clientDataJSON, 'base64url').toString('utf8');
		const data: unknown = JSON.parse(text);
		if (typeof data !== 'object' || data === null) return null;
		const challenge = (data as { challenge?: unknown }).challenge;
		return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 128
			? challenge
			: null;
	} catch {
		return null;
	}
}
