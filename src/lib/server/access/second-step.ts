import { redirect } from '@sveltejs/kit';
import type { Session, SessionUser } from '../accounts/session';
import type { GuardedEvent } from './signed-in';

// The page asking for a two-step code is for one person only: whoever has
// just given the right password on this browser (a session waiting for its
// code). Anyone else is sent to sign in; anyone fully signed in, home.

export function requireSecondStep(event: GuardedEvent): { session: Session; user: SessionUser } {
	if (event.locals.user) redirect(303, '/');
	const waiting = event.locals.secondStep;
	if (!waiting) redirect(303, '/sign-in');
	return waiting;
}
