import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { signOut } from '$lib/server/accounts/sign-out';
import { invalidateSession } from '$lib/server/accounts/session';
import { deleteSessionCookie } from '$lib/server/accounts/session-cookie';
import { requestActor } from '$lib/server/audit/actor';

// Signing out changes state, so it happens only on POST; a GET shows the button.
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/sign-in');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, cookies, url } = event;
		if (locals.session && locals.user) {
			await signOut(
				appDatabase(),
				requestActor(event, locals.user.id),
				locals.session.id,
				new Date()
			);
		}
		// Leaving halfway through two-step sign-in ends the waiting session too.
		if (locals.secondStep) await invalidateSession(appDatabase(), locals.secondStep.session.id);
		deleteSessionCookie(cookies, url);
		redirect(303, '/sign-in?signed-out=1');
	}
};
