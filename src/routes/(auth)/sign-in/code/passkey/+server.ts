import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireSecondStep } from '$lib/server/access/second-step';
import { checkSecondStepPasskey } from '$lib/server/accounts/passkey-sign-in';
import { relyingParty } from '$lib/server/accounts/relying-party';
import { finishSecondStep } from '$lib/server/accounts/finish-sign-in';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import { homeFor, safeNextPath } from '$lib/server/access/next-path';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import * as clock from '$lib/server/clock';

// The second step with a passkey: the page's script posts what the browser
// answered, and is told where to go.

export const POST: RequestHandler = async (event) => {
	const { session, user } = requireSecondStep(event);
	const db = appDatabase();
	const fields = textFields(await readForm(event.request), ['credential', 'next']);
	const now = clock.now();
	const actor = requestActor(event, user.id);
	const result = await checkSecondStepPasskey(db, actor, fields.credential, relyingParty(), now);
	if (result.outcome === 'throttled') {
		const seconds = secondsUntil(result.retryAt, now);
		return json(
			{ message: `Too many wrong tries. Wait ${waitDescription(seconds)} and try again.` },
			{ status: 429, headers: { 'Retry-After': String(seconds) } }
		);
	}
	if (result.outcome === 'refused')
		return json(
			{ message: 'That passkey did not work. Try again, or type a code instead.' },
			{ status: 400 }
		);
	await finishSecondStep(db, event, actor, session, user, now);
	return json({ location: safeNextPath(fields.next) ?? homeFor(user) });
};
