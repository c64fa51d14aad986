import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { appOrigin } from '../startup/config';
import { isChosenKind, type ChosenKind } from './kinds';
import { serverSecret } from './server-secret';

// A one-click way out of one kind of mail, for one person, that works without
// signing in: the link names the person and the kind and is signed with the
// server's key, so it cannot be made for anyone else or changed to another kind.

const SECRET_NAME = 'unsubscribe-links';

export interface Unsubscription {
	userId: string;
	kind: ChosenKind;
}

export async function unsubscribeToken(db: Database, userId: string, kind: ChosenKind) {
	const payload = new TextEncoder().encode(`${userId}:${kind}`);
	const signature = hmac(SHA256, await serverSecret(db, SECRET_NAME), payload);
	return `${encodeBase64urlNoPadding(payload)}.${encodeBase64urlNoPadding(signature)}`;
}

export async function unsubscribeUrl(db: Database, userId: string, kind: ChosenKind) {
	return `${appOrigin()}/unsubscribe/${await unsubscribeToken(db, userId, kind)}`;
}

/** The person and kind a link stands for, or null for anything not signed by this server. */
export async function readUnsubscribeToken(
	db: Database,
	token: string
): Promise<Unsubscription | null> {
	if (token.length > 300) return null;
	const [encodedPayload, encodedSignature, ...rest] = token.split('.');
	if (!encodedPayload || !encodedSignature || rest.length > 0) return null;
	let payload: Uint8Array;
	let signature: Uint8Array;
	try {
		payload = decodeBase64urlIgnorePadding(encodedPayload);
		signature = decodeBase64urlIgnorePadding(encodedSignature);
	} catch {
		return null;
	}
	const expected = hmac(SHA256, await serverSecret(db, SECRET_NAME), payload);
	if (signature.length !== expected.length || !constantTimeEqual(signature, expected)) return null;
	const [userId, kind] = new TextDecoder().decode(payload).split(':');
	if (!userId || !kind || !isChosenKind(kind)) return null;
	return { userId, kind };
}
