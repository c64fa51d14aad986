import type { Cookies } from '@sveltejs/kit';
import type { Database } from '../database/open';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { completeSecondStep, type Session, type SessionUser } from './session';
import { SESSION_COOKIE, setSessionCookie } from './session-cookie';
import { knownDeviceCookieValue, setKnownDeviceCookie } from './known-device';

// After the second step (a code, a recovery code or a passkey) the waiting
// session becomes a full one: recorded as the sign-in, its cookie given the
// session's new lifetime, and this browser remembered as the owner's device.

export async function finishSecondStep(
	db: Database,
	event: { cookies: Cookies; url: URL },
	actor: SignedInActor,
	session: Session,
	user: Pick<SessionUser, 'id' | 'role' | 'email'>,
	now: Date
): Promise<void> {
	const done = await completeSecondStep(db, session, user.role, now);
	await recordAudit(db, actor, 'sign-in.success', { type: 'user', id: user.id }, now);
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) setSessionCookie(event.cookies, event.url, token, done);
	setKnownDeviceCookie(
		event.cookies,
		event.url,
		await knownDeviceCookieValue(db, user.email, now),
		now
	);
}
