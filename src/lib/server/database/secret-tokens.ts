import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

// A secret handed to one person (a session cookie, an invitation, a reset or
// confirmation link) and stored only as its SHA-256: the database cannot
// recreate the secret, and a copy of the database opens nothing.

/** 160 random bits, as the Lucia guide recommends, in an alphabet safe in cookies and URLs. */
export function newSecretToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** What is stored of a secret token: its SHA-256, in hex. */
export function storedHashOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
