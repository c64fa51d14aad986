import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { invalidateSession } from '$lib/server/accounts/session';
import { deleteSessionCookie } from '$lib/server/accounts/session-cookie';
import { recordAudit } from '$lib/server/audit/audit';
import { clientAddress } from '$lib/server/http/client-address';

// Signing out changes state, so it happens only on POST; a GET shows the button.
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/sign-in');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, cookies, url } = event;
		if (locals.session && locals.user) {
			const db = appDatabase();
			await invalidateSession(db, locals.session.id);
			await recordAudit(
				db,
				{ userId: locals.user.id, clientAddress: clientAddress(event) },
				'sign-out',
				{ type: 'user', id: locals.user.id }
			);
		}
		deleteSessionCookie(cookies, url);
		redirect(303, '/sign-in?signed-out=1');
	}
};
