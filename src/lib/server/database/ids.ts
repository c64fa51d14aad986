import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * A random identifier for a row that may appear in a URL. 80 random bits:
 * unguessable, and it says nothing about how many couples a practice has.
 */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
