// Some links are themselves a key: an invitation (/join/<token>) and a reset
// link (/reset-password/<token>) open an account to whoever holds them. Their
// secret is in the path, so anything that writes a path down (the error log)
// writes it through here first.

const SECRET_PATH = /^\/(join|reset-password)\/[^/]+/;

/** The path with the secret of a link that is a key replaced by "…". */
export function withoutSecrets(pathname: string): string {
	return pathname.replace(SECRET_PATH, '/$1/…');
}
