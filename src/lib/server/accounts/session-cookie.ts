import type { Cookies } from '@sveltejs/kit';
import type { Database } from '../database/open';
import type { Role } from '../database/schema';
import { createSession, generateSessionToken, type Session, type SignInChoice } from './session';

export const SESSION_COOKIE = 'session';

/**
 * The token lives only in this cookie: HttpOnly so page scripts cannot read it,
 * SameSite=Lax so other sites cannot post with it, Secure whenever the app is
 * reached over https (ORIGIN tells the app so behind a proxy). A session the
 * person did not choose to keep gets no expiry: the browser forgets it on closing.
 */
export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	session: Pick<Session, 'expiresAt' | 'keepSignedIn'>
): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/',
		...(session.keepSignedIn ? { expires: session.expiresAt } : {})
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/'
	});
}

/** Signs a person in on this browser: a new token, its session, and the cookie that carries it. */
export async function startSession(
	db: Database,
	cookies: Cookies,
	url: URL,
	user: { id: string; role: Role },
	now: Date,
	choice: SignInChoice
): Promise<Session> {
	const token = generateSessionToken();
	const session = await createSession(db, token, user, now, choice);
	setSessionCookie(cookies, url, token, session);
	return session;
}
