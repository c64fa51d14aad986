import {
	browserSupportsWebAuthn,
	startAuthentication,
	startRegistration,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/browser';

// The browser's half of a passkey ceremony: ask the server for options (its
// challenge), let the browser ask the person, and hand the answer back as
// text for a form field or a request body. Pages call these from their
// scripts; without JavaScript there is no passkey, and the pages say so.

export { browserSupportsWebAuthn };

/** Said when the browser's dialog was closed or timed out, the commonest way a ceremony ends. */
export const CEREMONY_STOPPED =
	'No passkey was used: the request was cancelled or took too long. Try again.';

/** The server said no (too many attempts, signed out): its message is the one to show. */
class Refused extends Error {}

async function optionsFrom<T>(path: string): Promise<T> {
	const response = await fetch(path, { method: 'POST', headers: { accept: 'application/json' } });
	if (!response.ok) {
		const body = (await response.json().catch(() => null)) as { message?: string } | null;
		throw new Refused(body?.message ?? CEREMONY_STOPPED);
	}
	return (await response.json()) as T;
}

/** Makes a passkey with the options from `path`; the answer as JSON text. */
export async function makePasskey(path: string): Promise<string> {
	const optionsJSON = await optionsFrom<PublicKeyCredentialCreationOptionsJSON>(path);
	return JSON.stringify(await startRegistration({ optionsJSON }));
}

/** Uses a passkey with the options from `path`; the answer as JSON text. */
export async function usePasskey(path: string): Promise<string> {
	const optionsJSON = await optionsFrom<PublicKeyCredentialRequestOptionsJSON>(path);
	return JSON.stringify(await startAuthentication({ optionsJSON }));
}

/** A message for a ceremony that failed: the server's when it sent one, otherwise the usual. */
export function ceremonyProblem(error: unknown): string {
	return error instanceof Refused ? error.message : CEREMONY_STOPPED;
}

/**
 * Signs in with a passkey through `endpoint` (its options at
 * `endpoint/options`), sending `fields` with the answer: where to go next,
 * or the server's message.
 */
export async function signInWithPasskey(
	endpoint: string,
	fields: Record<string, string>
): Promise<{ location?: string; message?: string }> {
	const credential = await usePasskey(`${endpoint}/options`);
	const response = await fetch(endpoint, {
		method: 'POST',
		body: new URLSearchParams({ credential, ...fields })
	});
	const answer = (await response.json()) as { location?: string; message?: string };
	return response.ok ? answer : { message: answer.message };
}
