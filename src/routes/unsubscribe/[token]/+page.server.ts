import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import * as clock from '$lib/server/clock';
import { lookUpUnsubscribeLink, unsubscribe } from '$lib/server/mail/unsubscribe';

// The way out of one kind of mail, from the mail itself, without signing in:
// the signed link is the access check. Opening it changes nothing (mail
// scanners open links); the button does. A mail provider's one-click request
// (RFC 8058) posts here too, with no Origin, which the cross-site check allows
// for this path alone (src/lib/server/http/cross-site-forms.ts).

const NOT_A_LINK = 'This link does not work.';

export const load: PageServerLoad = async (event) => {
	const link = await lookUpUnsubscribeLink(appDatabase(), event.params.token);
	if (!link) error(404, NOT_A_LINK);
	return { label: link.label, wanted: link.wanted };
};

export const actions: Actions = {
	default: async (event) => {
		const fields = textFields(await readForm(event.request), ['List-Unsubscribe']);
		const link = await unsubscribe(
			appDatabase(),
			event.params.token,
			requestActor(event, null),
			clock.now()
		);
		if (!link) error(404, NOT_A_LINK);
		// A provider's one-click request is answered 200 at once, never redirected (RFC 8058).
		if (fields['List-Unsubscribe'] === 'One-Click') return { stopped: true };
		redirect(303, event.url.pathname);
	}
};
