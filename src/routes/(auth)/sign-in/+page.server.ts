import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { signIn } from '$lib/server/accounts/sign-in';
import { startSession } from '$lib/server/accounts/session-cookie';
import { clientAddress } from '$lib/server/http/client-address';
import { readForm, textFields } from '$lib/server/http/form';
import { homeFor, safeNextPath } from '$lib/server/access/next-path';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import type { SessionEnd } from '$lib/server/accounts/session';
import { deviceLabel } from '$lib/server/accounts/device-label';
import * as clock from '$lib/server/clock';
import {
	KNOWN_DEVICE_COOKIE,
	knownDeviceCookieValue,
	setKnownDeviceCookie
} from '$lib/server/accounts/known-device';

const ENDED_MESSAGES: Record<SessionEnd, string> = {
	inactivity:
		'You were signed out after 30 minutes without activity, to keep your clients’ records safe. Sign in again to continue.',
	idle: 'You were signed out after 2 hours without activity, as you did not ask to stay signed in on this device. Sign in again to continue.',
	'time-limit':
		'You were signed out because you had been signed in for 12 hours. Sign in again to continue.',
	expired: 'Your session has expired. Sign in again to continue.'
};

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, homeFor(locals.user));
	const ended = url.searchParams.get('ended');
	if (ended && ended in ENDED_MESSAGES) return { notice: ENDED_MESSAGES[ended as SessionEnd] };
	if (url.searchParams.has('password-reset'))
		return {
			notice:
				'Your new password is set, and this account is signed out everywhere. Sign in with the new password.'
		};
	if (url.searchParams.has('joined'))
		return {
			notice:
				'Your account is ready. Sign in with the email address and password you just chose. If that does not work, look in your inbox for a message from us.'
		};
	return { notice: url.searchParams.has('signed-out') ? 'You have signed out.' : null };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const fields = textFields(await readForm(event.request), ['email', 'password', 'keepSignedIn']);
		const { email, password } = fields;
		// Off unless ticked: a phone may be shared or checked by someone else.
		const keepSignedIn = fields.keepSignedIn === 'yes';
		if (email.trim() === '' || password === '') {
			return fail(400, { email, keepSignedIn, message: 'Enter your email address and password.' });
		}

		const now = clock.now();
		const result = await signIn(
			db,
			{
				email,
				password,
				clientAddress: clientAddress(event),
				deviceCookie: event.cookies.get(KNOWN_DEVICE_COOKIE)
			},
			now
		);

		if (result.outcome === 'throttled') {
			const seconds = secondsUntil(result.retryAt, now);
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, {
				email,
				keepSignedIn,
				message: `Too many sign-in attempts. Wait ${waitDescription(seconds)} and try again.`,
				retryAfterSeconds: seconds
			});
		}
		if (result.outcome === 'refused') {
			// One message for a wrong email and a wrong password: it must not reveal who has an account.
			return fail(400, {
				email,
				keepSignedIn,
				message: 'That email and password do not match an account.'
			});
		}

		const next = safeNextPath(event.url.searchParams.get('next'));
		await startSession(db, event.cookies, event.url, result.user, now, {
			keepSignedIn,
			device: deviceLabel(event.request.headers.get('user-agent')),
			twoStepPending: result.user.twoStep
		});
		if (result.user.twoStep)
			redirect(303, next ? `/sign-in/code?${new URLSearchParams({ next })}` : '/sign-in/code');
		// This browser has now signed in to this address: a stranger's failures never lock it out.
		setKnownDeviceCookie(
			event.cookies,
			event.url,
			await knownDeviceCookieValue(db, email, now),
			now
		);
		redirect(303, next ?? homeFor(result.user));
	}
};
