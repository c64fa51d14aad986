import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { serverSecret } from '../mail/server-secret';
import { normalizeEmail } from './accounts';

// A sign-in to an address with no account still leaves a trace, so a targeted
// attack (many tries at one address) can be followed in the audit log; but
// the address itself is not written, only a hash keyed with a secret the
// server keeps, so the log is no list of addresses people typed.

const KEY_NAME = 'typed-address-key';

/** Made at startup (startup/start.ts), so that a failed sign-in never has to write a key. */
export async function prepareTypedAddressKey(db: Database, now: Date): Promise<void> {
	await serverSecret(db, KEY_NAME, now);
}

export async function typedAddressHash(db: Database, email: string, now: Date): Promise<string> {
	const key = await serverSecret(db, KEY_NAME, now);
	const digest = hmac(SHA256, key, new TextEncoder().encode(normalizeEmail(email)));
	// 128 bits are plenty to tell addresses apart in a log.
	return encodeHexLowerCase(digest).slice(0, 32);
}
