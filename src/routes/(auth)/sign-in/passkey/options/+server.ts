import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { passkeySignInOptions } from '$lib/server/accounts/passkey-sign-in';
import { relyingParty } from '$lib/server/accounts/relying-party';
import { clientAddress } from '$lib/server/http/client-address';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import * as clock from '$lib/server/clock';

// A challenge for signing in with a passkey alone, before anyone is known:
// it names no account, and asking is throttled per client address.

export const POST: RequestHandler = async (event) => {
	const now = clock.now();
	const result = await passkeySignInOptions(
		appDatabase(),
		clientAddress(event),
		relyingParty(),
		now
	);
	if (result.outcome === 'throttled') {
		const seconds = secondsUntil(result.retryAt, now);
		return json(
			{ message: `Too many sign-in attempts. Wait ${waitDescription(seconds)} and try again.` },
			{ status: 429, headers: { 'Retry-After': String(seconds) } }
		);
	}
	return json(result.options, { headers: { 'Cache-Control': 'no-store' } });
};
