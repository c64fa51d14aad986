import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireUser } from '$lib/server/access/signed-in';
import { secondStepPasskeyOptions } from '$lib/server/accounts/passkey-sign-in';
import { relyingParty } from '$lib/server/accounts/relying-party';
import * as clock from '$lib/server/clock';

// A challenge for confirming a change with a passkey (new recovery codes),
// offering only the passkeys of the person asking.

export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const options = await secondStepPasskeyOptions(
		appDatabase(),
		user.id,
		relyingParty(),
		clock.now()
	);
	return json(options, { headers: { 'Cache-Control': 'no-store' } });
};
