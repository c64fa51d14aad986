import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../database/app-database';
import { recordAudit } from '../audit/audit';
import { clientAddress } from '../http/client-address';
import type { SessionUser } from '../accounts/session';

// Every page load, form action and endpoint calls one of these first. A layout
// load is not a guard: SvelteKit runs page loads and actions without waiting
// for it, and __data.json can ask for a page's data alone.

export type Therapist = SessionUser & { role: 'therapist' };
export type Partner = SessionUser & { role: 'partner'; coupleId: string; partnerId: string };

type GuardedEvent = Pick<RequestEvent, 'locals' | 'url' | 'route' | 'getClientAddress' | 'request'>;

export function requireUser(event: GuardedEvent): SessionUser {
	const user = event.locals.user;
	if (user) return user;
	if (event.route.id?.includes('/api/')) error(401, 'Sign in to continue.');
	redirect(303, signInPath(event));
}

export async function requireTherapist(event: GuardedEvent): Promise<Therapist> {
	const user = requireUser(event);
	if (user.role === 'therapist') return user as Therapist;
	return refuse(event, user);
}

export async function requirePartner(event: GuardedEvent): Promise<Partner> {
	const user = requireUser(event);
	if (user.role === 'partner' && user.coupleId !== null && user.partnerId !== null)
		return user as Partner;
	return refuse(event, user);
}

/**
 * Refuses as if the page did not exist, so a partner learns nothing about
 * therapist pages (nor the reverse), and writes the refusal to the audit log.
 */
export async function refuse(event: GuardedEvent, user: SessionUser | null): Promise<never> {
	await recordAudit(
		appDatabase(),
		{ userId: user?.id ?? null, clientAddress: clientAddress(event) },
		'access.refused',
		{ type: 'route', id: `${event.request.method} ${event.url.pathname}` }
	);
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

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNextPath(next: string | null): string | null {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
		return null;
	// Browsers drop tabs and line breaks from a URL, so "/\t/evil.example" would become "//evil.example".
	if (/[\u0000-\u001f\u007f]/u.test(next)) return null;
	return next;
}

export function homeFor(user: Pick<SessionUser, 'role'>): string {
	return user.role === 'therapist' ? '/practice' : '/home';
}
