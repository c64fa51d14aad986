import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { lookUpResetLink, resetPassword } from '$lib/server/accounts/password-reset';
import { deleteSessionCookie } from '$lib/server/accounts/session-cookie';
import { signOut } from '$lib/server/accounts/sign-out';
import { requestActor } from '$lib/server/audit/actor';
import * as clock from '$lib/server/clock';
import { readForm, textFields } from '$lib/server/http/form';

// A link that sets a new password. The link is the access check: what the
// page shows depends only on it, and a closed link shows no one's details.

export const load: PageServerLoad = async (event) => {
	const link = await lookUpResetLink(appDatabase(), event.params.token, clock.now());
	if (link.state !== 'open') return { state: link.state };
	// The address lets a password manager file the new password under the right account.
	return { state: 'open' as const, email: link.email };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const typed = textFields(await readForm(event.request), ['newPassword', 'newPasswordAgain']);
		const now = clock.now();
		const result = await resetPassword(
			db,
			requestActor(event, null),
			event.params.token,
			typed,
			now
		);
		// Closed since the page was shown: the page now says so.
		if (result.outcome === 'closed') redirect(303, event.url.pathname);
		if (result.outcome === 'refused') return fail(400, { problems: result.problems });

		// Every session of the account has ended; a session of someone else on this
		// browser ends too, so the person who just chose a password signs in with it.
		const { locals } = event;
		if (locals.session && locals.user && locals.user.id !== result.userId)
			await signOut(db, requestActor(event, locals.user.id), locals.session.id, now);
		deleteSessionCookie(event.cookies, event.url);
		redirect(303, '/sign-in?password-reset');
	}
};
