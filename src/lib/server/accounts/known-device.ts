import type { Cookies } from '@sveltejs/kit';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { serverSecret } from '../mail/server-secret';
import { newSecretToken } from '../database/secret-tokens';
import { normalizeEmail } from './accounts';

// A device that has signed in to an account before carries a cookie signed by
// the server for that address. Wrong passwords from strangers lock the
// address's shared lane; the owner's device has a lane of its own, so a
// stranger who knows an address cannot keep its owner out (OWASP's "device
// cookies"). The cookie holds a random id and a signature, never the address.

export const KNOWN_DEVICE_COOKIE = 'known_device';
const KEY_NAME = 'known-device-key';
const COOKIE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** Made at startup (startup/start.ts), so that signing in never has to write a key. */
export async function prepareKnownDeviceKey(db: Database, now: Date): Promise<void> {
	await serverSecret(db, KEY_NAME, now);
}

function signature(key: Uint8Array, email: string, deviceId: string): Uint8Array {
	return hmac(SHA256, key, new TextEncoder().encode(`${normalizeEmail(email)}|${deviceId}`));
}

/** A cookie value naming this device as one that signed in to `email`. */
export async function knownDeviceCookieValue(
	db: Database,
	email: string,
	now: Date
): Promise<string> {
	const key = await serverSecret(db, KEY_NAME, now);
	const deviceId = newSecretToken();
	return `${deviceId}.${encodeHexLowerCase(signature(key, email, deviceId))}`;
}

/**
 * The device's id when its cookie was signed for this address, else null: a
 * cookie from another address, forged or damaged, counts as a stranger's.
 */
export async function knownDeviceFor(
	db: Database,
	email: string,
	cookie: string | undefined,
	now: Date
): Promise<string | null> {
	if (!cookie || cookie.length > 200) return null;
	const [deviceId, signed, ...rest] = cookie.split('.');
	if (!deviceId || !signed || rest.length > 0 || !/^[0-9a-f]{64}$/u.test(signed)) return null;
	const key = await serverSecret(db, KEY_NAME, now);
	return constantTimeEqual(signature(key, email, deviceId), decodeHex(signed)) ? deviceId : null;
}

export function setKnownDeviceCookie(cookies: Cookies, url: URL, value: string, now: Date): void {
	cookies.set(KNOWN_DEVICE_COOKIE, value, {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/',
		expires: new Date(now.getTime() + COOKIE_LIFETIME_MS)
	});
}
