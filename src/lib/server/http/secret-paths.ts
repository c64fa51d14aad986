// Paths whose next segment is a secret: a link that opens an account or acts
// for a person without signing in. Each such route is listed here once, and
// everything that writes a path down (the error log) masks it through this.
const SECRET_PATH_PREFIXES = [
	'/join/',
	'/join-practice/',
	'/reset-password/',
	'/confirm-address/',
	'/unsubscribe/',
	'/calendar/'
] as const;

/** The path with any secret it carries replaced by "…": "/join/…", "/unsubscribe/…/__data.json". */
export function maskSecretPath(pathname: string): string {
	for (const prefix of SECRET_PATH_PREFIXES)
		if (pathname.startsWith(prefix))
			return prefix + pathname.slice(prefix.length).replace(/^[^/]*/, '…');
	return pathname;
}
