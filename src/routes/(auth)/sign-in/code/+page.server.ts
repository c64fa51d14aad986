import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireSecondStep } from '$lib/server/access/second-step';
import { finishSecondStep } from '$lib/server/accounts/finish-sign-in';
import { checkSecondStep, twoStepIsOn } from '$lib/server/accounts/two-step';
import { passkeysOf } from '$lib/server/accounts/passkeys';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import { homeFor, safeNextPath } from '$lib/server/access/next-path';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import * as clock from '$lib/server/clock';

// The second step of signing in: the password was right on this browser a
// moment ago, and a code from the authenticator app (or a recovery code)
// finishes it.

export const load: PageServerLoad = async (event) => {
	const { user } = requireSecondStep(event);
	const db = appDatabase();
	// Which ways this person has: codes from an app, passkeys, or both.
	return {
		codes: await twoStepIsOn(db, user.id),
		passkeys: (await passkeysOf(db, user.id)).length > 0
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { session, user } = requireSecondStep(event);
		const db = appDatabase();
		const { code } = textFields(await readForm(event.request), ['code']);
		if (code.trim() === '') return fail(400, { message: 'Enter the code from your app.' });
		const now = clock.now();
		const actor = requestActor(event, user.id);
		const result = await checkSecondStep(db, actor, code, now);
		if (result.outcome === 'throttled') {
			const seconds = secondsUntil(result.retryAt, now);
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, {
				message: `Too many wrong codes. Wait ${waitDescription(seconds)} and try again.`
			});
		}
		if (result.outcome === 'refused' && result.appCodesUnusable)
			return fail(400, {
				message:
					'Codes from your app cannot be checked on this server any more. Sign in with one of your recovery codes, then set up two-step sign-in again.'
			});
		if (result.outcome === 'refused')
			return fail(400, {
				message:
					'That code did not work. Codes change every 30 seconds and each works once: wait for the next one.'
			});

		await finishSecondStep(db, event, actor, session, user, now);
		const next = safeNextPath(event.url.searchParams.get('next'));
		if (result.usedRecoveryCode) redirect(303, '/account/two-step?recovery-code-used');
		redirect(303, next ?? homeFor(user));
	}
};
