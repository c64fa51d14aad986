import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'session';

/**
 * The token lives only in this cookie: HttpOnly so page scripts cannot read it,
 * SameSite=Lax so other sites cannot post with it, Secure whenever the app is
 * reached over https (ORIGIN tells the app so behind a proxy).
 */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/',
		expires: expiresAt
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
