import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireSecondStep } from '$lib/server/access/second-step';
import { secondStepPasskeyOptions } from '$lib/server/accounts/passkey-sign-in';
import { relyingParty } from '$lib/server/accounts/relying-party';
import * as clock from '$lib/server/clock';

// A challenge for the second step with a passkey, offering only the passkeys
// of whoever gave the right password on this browser a moment ago.

export const POST: RequestHandler = async (event) => {
	const { user } = requireSecondStep(event);
	const options = await secondStepPasskeyOptions(
		appDatabase(),
		user.id,
		relyingParty(),
		clock.now()
	);
	return json(options, { headers: { 'Cache-Control': 'no-store' } });
};
