import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { emailProblem, normalizeEmail } from '$lib/server/accounts/accounts';
import { askForResetLink } from '$lib/server/accounts/password-reset';
import { homeFor } from '$lib/server/access/next-path';
import * as clock from '$lib/server/clock';
import { clientAddress } from '$lib/server/http/client-address';
import { readForm, textFields } from '$lib/server/http/form';
import { secondsUntil, waitDescription } from '$lib/wait-description';

// "Forgot your password?": whatever address is typed, the answer is the same,
// so this page never tells anyone who has an account.

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, homeFor(locals.user));
	return { asked: url.searchParams.has('asked') };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { email } = textFields(await readForm(event.request), ['email']);
		// Only the shape of what was typed is checked here, which says nothing about accounts.
		const problem = emailProblem(normalizeEmail(email));
		if (problem) return fail(400, { email, problem });

		const now = clock.now();
		const request = await askForResetLink(db, { email, clientAddress: clientAddress(event) }, now);
		if (request.outcome === 'throttled') {
			const seconds = secondsUntil(request.retryAt, now);
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, {
				email,
				problem: `Too many requests for a link. Wait ${waitDescription(seconds)} and try again.`
			});
		}
		// The link, if any, is made after this answer (see askForResetLink).
		redirect(303, '/forgot-password?asked');
	}
};
