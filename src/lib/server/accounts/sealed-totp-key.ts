import crypto from 'node:crypto';

// A person's TOTP key as stored: sealed with AES-256-GCM under the server's
// two-step key (two-step-key.ts), a fresh nonce each time, and the account's
// id as associated data, so a sealed value copied onto another account does
// not open. The version prefix names the key and format, so the key can be
// rotated later; base32 keys stored before sealing never start with it.
// While a key is being rotated a value may open with either of two keys.

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(userId: string): Buffer {
	return Buffer.from(`common-ground totp-key user:${userId}`, 'utf8');
}

/** True for a value this module wrote; anything else is a plain key from before sealing. */
export function isSealed(stored: string): boolean {
	return stored.startsWith(`${VERSION}.`);
}

export function sealTotpKey(key: Uint8Array, userId: string, totpKeyBase32: string): string {
	const nonce = crypto.randomBytes(NONCE_BYTES);
	const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
	cipher.setAAD(associatedData(userId));
	const sealed = Buffer.concat([
		cipher.update(totpKeyBase32, 'utf8'),
		cipher.final(),
		cipher.getAuthTag()
	]);
	return `${VERSION}.${nonce.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The base32 key, or null when the value does not open with this key for this account. */
export function openTotpKey(key: Uint8Array, userId: string, stored: string): string | null {
	const [version, nonceText, sealedText, ...rest] = stored.split('.');
	if (version !== VERSION || !nonceText || !sealedText || rest.length > 0) return null;
	const nonce = Buffer.from(nonceText, 'base64url');
	const sealed = Buffer.from(sealedText, 'base64url');
	if (nonce.length !== NONCE_BYTES || sealed.length <= TAG_BYTES) return null;
	try {
		const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce, {
			authTagLength: TAG_BYTES
		});
		decipher.setAAD(associatedData(userId));
		decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
		const opened = Buffer.concat([
			decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
			decipher.final()
		]);
		return opened.toString('utf8');
	} catch {
		// A wrong key, another account's value or a damaged one: all the same to the caller.
		return null;
	}
}

/** The base32 key opened with the first of `keys` that opens it, or null. */
export function openTotpKeyWithAny(
	keys: readonly Uint8Array[],
	userId: string,
	stored: string
): string | null {
	for (const key of keys) {
		const opened = openTotpKey(key, userId, stored);
		if (opened !== null) return opened;
	}
	return null;
}
