import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Database } from '../database/open';
import { PRIVATE_FILE_MODE } from '../database/private-files';
import { StartupError } from '../startup/startup-error';
import { isPostgresLocation } from '../database/engine';

// The server's key that seals each person's TOTP key at rest (sealed-totp-key.ts).
// It must never sit in the database: a copied .db file or a stolen backup
// alone should not be enough to work out anyone's codes. TWO_STEP_KEY wins
// when set, so an operator can keep it in a secret store apart from the data;
// otherwise a key file beside the database (`<DATABASE_PATH>.key`, mode 0600)
// is made on the first start, so a practice needs no setup and `npm run
// backup` (which copies the database only) never carries the key.
// On PostgreSQL there is no file beside the database, and every app process
// must seal and open with the same key: TWO_STEP_KEY is then required.

export const KEY_BYTES = 32;
export const TWO_STEP_KEY_VARIABLE = 'TWO_STEP_KEY';

/** 32 bytes from base64 or hex text, or null when the text is neither. */
export function parseTwoStepKey(text: string): Uint8Array | null {
	const trimmed = text.trim();
	if (/^[0-9a-f]{64}$/iu.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
	if (/^[A-Za-z0-9+/_-]{43}=?$/u.test(trimmed)) {
		const bytes = Buffer.from(trimmed, 'base64');
		if (bytes.length === KEY_BYTES) return new Uint8Array(bytes);
	}
	return null;
}

export function keyFileFor(databaseFile: string): string {
	return `${databaseFile}.key`;
}

/**
 * The key from TWO_STEP_KEY, or from the key file beside the database, made
 * now if missing. A key that cannot be read stops the server with one line
 * that never shows the key.
 */
export function loadTwoStepKey(
	databaseFile: string,
	environment: NodeJS.ProcessEnv = process.env
): Uint8Array {
	const fromEnvironment = environment[TWO_STEP_KEY_VARIABLE];
	if (fromEnvironment) {
		const key = parseTwoStepKey(fromEnvironment);
		if (!key)
			throw new StartupError(
				`${TWO_STEP_KEY_VARIABLE} must be 32 random bytes in base64 or hex (for example: openssl rand -base64 32).`
			);
		return key;
	}
	if (isPostgresLocation(databaseFile))
		throw new StartupError(
			`With DATABASE_URL, set ${TWO_STEP_KEY_VARIABLE}: every app process must use the same two-step key (for example: openssl rand -base64 32).`
		);
	const file = keyFileFor(databaseFile);
	if (!fs.existsSync(file)) makeKeyFile(file);
	else if ((fs.statSync(file).mode & 0o077) !== 0)
		console.warn(
			`Warning: ${file} can be read by other users of this machine; it holds the two-step key. Run: chmod 600 ${file}`
		);
	const key = parseTwoStepKey(fs.readFileSync(file, 'utf8'));
	if (!key)
		throw new StartupError(
			`The two-step key file ${file} is damaged: it must hold 32 bytes in base64 or hex. Restore it from where you keep its copy.`
		);
	return key;
}

/**
 * Written to a private temporary file and linked into place, so a second
 * process starting at the same moment finds either no file or a whole one.
 */
function makeKeyFile(file: string): void {
	const temporary = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
	const handle = fs.openSync(temporary, 'wx', PRIVATE_FILE_MODE);
	try {
		// The umask may have narrowed the mode further; make it exactly owner-only.
		fs.fchmodSync(handle, PRIVATE_FILE_MODE);
		fs.writeSync(handle, `${crypto.randomBytes(KEY_BYTES).toString('base64')}\n`);
		fs.fsyncSync(handle);
	} finally {
		fs.closeSync(handle);
	}
	try {
		fs.linkSync(temporary, file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	} finally {
		fs.rmSync(temporary, { force: true });
	}
}

// Held per database, as the server's other keys are (mail/server-secret.ts),
// so unit tests can give each test database a key of its own.
const keys = new WeakMap<Database, Uint8Array>();

export function useTwoStepKey(db: Database, key: Uint8Array): void {
	keys.set(db, key);
}

export function twoStepKeyOf(db: Database): Uint8Array {
	const key = keys.get(db);
	if (!key)
		throw new Error('The two-step key was not loaded for this database (startup/start.ts).');
	return key;
}
