import { appOrigin } from '../startup/config';

// Who a passkey is for: the app's address as people type it (ORIGIN). The
// browser binds every passkey to this host name (the RP ID) and signs the
// origin it was used on, so a passkey made here works nowhere else, and a
// look-alike site gets a signature this server refuses.

export interface RelyingParty {
	/** The name a browser shows when asking to make or use a passkey. */
	name: string;
	/** The host name passkeys are bound to. */
	id: string;
	/** The exact origin a ceremony must have run on. */
	origin: string;
}

export function relyingParty(origin: string = appOrigin()): RelyingParty {
	return { name: 'Common Ground', id: new URL(origin).hostname, origin };
}
