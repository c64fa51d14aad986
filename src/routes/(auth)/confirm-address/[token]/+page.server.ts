import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import * as clock from '$lib/server/clock';
import { confirmAddress, lookUpAddressConfirmation } from '$lib/server/mail/address-confirmation';

// The link sent to a new address. The link is the access check, signed in or
// not. Opening it changes nothing, since mail scanners open links before the
// person does; the button confirms. What the page shows depends only on the link.

export const load: PageServerLoad = async (event) => {
	const { state } = await lookUpAddressConfirmation(appDatabase(), event.params.token, clock.now());
	return { state };
};

export const actions: Actions = {
	default: async (event) => {
		const outcome = await confirmAddress(
			appDatabase(),
			event.params.token,
			requestActor(event, null),
			clock.now()
		);
		if (outcome !== 'confirmed') return fail(400, { outcome });
		return { outcome };
	}
};
