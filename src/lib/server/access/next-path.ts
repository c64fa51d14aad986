import type { SessionUser } from '../accounts/session';

// Where a person goes next: their own home, or back to the page they asked
// for before signing in, but never off this site.

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNextPath(next: string | null): string | null {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
		return null;
	// Browsers drop tabs and line breaks from a URL, so "/\t/evil.example" would become "//evil.example".
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
	if (/[\u0000-\u001f\u007f]/u.test(next)) return null;
	return next;
}

export function homeFor(user: Pick<SessionUser, 'role'>): string {
	return user.role === 'therapist' ? '/practice' : '/home';
}
