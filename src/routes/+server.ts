import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { therapistExists } from '$lib/server/accounts/accounts';
import { homeFor } from '$lib/server/access/next-path';

// The front door: each person is sent to their own home, and the very first
// visitor of a new installation to setup.
export const GET: RequestHandler = async ({ locals }) => {
	// No guard: this is the way in for everyone, and it shows nothing.
	if (locals.user) redirect(303, homeFor(locals.user));
	if (!(await therapistExists(appDatabase()))) redirect(303, '/setup');
	redirect(303, locals.sessionEnded ? `/sign-in?ended=${locals.sessionEnded}` : '/sign-in');
};
