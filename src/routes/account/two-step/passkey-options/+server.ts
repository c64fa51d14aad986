import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireUser } from '$lib/server/access/signed-in';
import { passkeyRegistrationOptions } from '$lib/server/accounts/passkeys';
import { relyingParty } from '$lib/server/accounts/relying-party';
import * as clock from '$lib/server/clock';

// What the browser needs to make a passkey for the person asking: asked for
// by the page's script just before the browser asks them to confirm.

export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const options = await passkeyRegistrationOptions(
		appDatabase(),
		user,
		relyingParty(),
		clock.now()
	);
	return json(options, { headers: { 'Cache-Control': 'no-store' } });
};
