import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { signInWithPasskey } from '$lib/server/accounts/passkey-sign-in';
import { relyingParty } from '$lib/server/accounts/relying-party';
import { invalidateSession } from '$lib/server/accounts/session';
import { startSession } from '$lib/server/accounts/session-cookie';
import { deviceLabel } from '$lib/server/accounts/device-label';
import { knownDeviceCookieValue, setKnownDeviceCookie } from '$lib/server/accounts/known-device';
import { clientAddress } from '$lib/server/http/client-address';
import { readForm, textFields } from '$lib/server/http/form';
import { homeFor, safeNextPath } from '$lib/server/access/next-path';
import * as clock from '$lib/server/clock';

// Signing in with a passkey alone: the page's script posts what the browser
// answered, and is told where to go. The passkey is both steps at once (the
// device checked its owner's fingerprint, face or PIN), so no code follows.

export const POST: RequestHandler = async (event) => {
	const db = appDatabase();
	const fields = textFields(await readForm(event.request), ['credential', 'keepSignedIn', 'next']);
	const now = clock.now();
	const result = await signInWithPasskey(
		db,
		fields.credential,
		clientAddress(event),
		relyingParty(),
		now
	);
	if (result.outcome === 'refused')
		return json(
			{ message: 'That passkey did not sign you in. Try again, or sign in with your password.' },
			{ status: 400 }
		);
	// A password typed a moment ago on this browser may have left a session waiting for its code.
	if (event.locals.secondStep) await invalidateSession(db, event.locals.secondStep.session.id);
	await startSession(db, event.cookies, event.url, result.user, now, {
		keepSignedIn: fields.keepSignedIn === 'yes',
		device: deviceLabel(event.request.headers.get('user-agent'))
	});
	setKnownDeviceCookie(
		event.cookies,
		event.url,
		await knownDeviceCookieValue(db, result.user.email, now),
		now
	);
	return json({ location: safeNextPath(fields.next) ?? homeFor(result.user) });
};
