import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Database } from '../database/open';
import { recordAudit } from '../audit/audit';
import { requestActor } from '../audit/actor';
import type { SessionUser } from '../accounts/session';
import { twoStepSetupDetour } from './two-step-required';

// Every page load, form action and endpoint calls a guard of this folder
// first: requireUser here, or the therapist's and partner's guards beside it.
// A layout load is not a guard: SvelteKit runs page loads and actions without
// waiting for it, and __data.json can ask for a page's data alone. Guards that
// look anything up take the database as their second argument, all alike.

export type GuardedEvent = Pick<
	RequestEvent,
	'locals' | 'url' | 'route' | 'getClientAddress' | 'request'
>;

/** Anyone signed in; anyone else is sent to sign in (an endpoint answers 401). */
export function requireUser(event: GuardedEvent): SessionUser {
	const user = event.locals.user;
	if (user) {
		// Every guard starts here, so a page's data and its actions are closed alike.
		const detour = twoStepSetupDetour(user, event.url.pathname);
		if (detour) redirect(303, detour);
		return user;
	}
	if (event.route.id?.includes('/api/')) error(401, 'Sign in to continue.');
	redirect(303, signInPath(event));
}

/**
 * Refuses as if the page did not exist, so a partner learns nothing about
 * therapist pages (nor the reverse), and writes the refusal to the audit log.
 */
export async function refuse(
	event: GuardedEvent,
	db: Database,
	user: SessionUser | null
): Promise<never> {
	await recordAudit(db, requestActor(event, user?.id ?? null), 'access.refused', {
		type: 'route',
		id: `${event.request.method} ${event.url.pathname}`
	});
	error(404, 'Not found');
}

function signInPath(event: GuardedEvent): string {
	const params = new URLSearchParams();
	if (event.locals.sessionEnded) params.set('ended', event.locals.sessionEnded);
	// After a form post, come back to the page rather than to the action's URL.
	if (event.request.method === 'GET') params.set('next', event.url.pathname + event.url.search);
	else params.set('next', event.url.pathname);
	return `/sign-in?${params}`;
}
