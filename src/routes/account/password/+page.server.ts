import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireUser } from '$lib/server/access/signed-in';
import { changePassword, type PasswordChangeProblems } from '$lib/server/accounts/password-change';
import { clientAddress } from '$lib/server/http/client-address';
import { readForm, textFields } from '$lib/server/http/form';
import { secondsUntil, waitDescription } from '$lib/wait-description';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return { changed: event.url.searchParams.has('changed') };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const session = event.locals.session;
		if (!session) redirect(303, '/sign-in');

		const fields = textFields(await readForm(event.request), [
			'currentPassword',
			'newPassword',
			'newPasswordAgain'
		]);
		const now = new Date();
		const result = await changePassword(
			db,
			{ userId: user.id, sessionId: session.id, clientAddress: clientAddress(event), ...fields },
			now
		);

		if (result.outcome === 'throttled') {
			const seconds = secondsUntil(result.retryAt, now);
			event.setHeaders({ 'Retry-After': String(seconds) });
			const problems: PasswordChangeProblems = {
				currentPassword: `Too many wrong attempts. Wait ${waitDescription(seconds)} and try again.`
			};
			return fail(429, { problems });
		}
		if (result.outcome === 'refused') return fail(400, { problems: result.problems });
		redirect(303, '/account/password?changed');
	}
};
