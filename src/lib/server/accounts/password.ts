import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** Generous enough for any passphrase or manager, short enough to bound hashing work. */
export const PASSWORD_MAX_LENGTH = 1000;

// OWASP's minimum for Argon2id: 19 MiB of memory, two passes, one lane.
const ARGON2ID = 2;
const HASH_OPTIONS = {
	algorithm: ARGON2ID,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

/**
 * The same password typed on different keyboards can arrive as different code
 * points ("é" composed or not); NFKC makes them one.
 */
export function normalizePassword(password: string): string {
	return password.normalize('NFKC');
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	const length = [...normalizePassword(password)].length;
	if (length < PASSWORD_MIN_LENGTH) {
		return `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.`;
	}
	if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
	if (isCommonPassword(normalizePassword(password))) {
		return 'This password is on a list of commonly used passwords. Choose one that is yours alone.';
	}
	return null;
}

export async function hashPassword(password: string): Promise<string> {
	return hash(normalizePassword(password), HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, normalizePassword(password));
	} catch {
		// A malformed stored hash is a failed sign-in, not a crash.
		return false;
	}
}
