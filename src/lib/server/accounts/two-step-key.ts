import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
// To rotate it, the key being replaced is accepted for opening only
// (TWO_STEP_KEY_PREVIOUS, or the file `<DATABASE_PATH>.key.previous` that
// `npm run rotate-two-step-key` keeps while it re-seals): processes can be
// restarted one by one with the new key while values sealed with the old one
// still open, and nothing is ever sealed with the old one again.

export const KEY_BYTES = 32;
export const TWO_STEP_KEY_VARIABLE = 'TWO_STEP_KEY';
export const PREVIOUS_TWO_STEP_KEY_VARIABLE = 'TWO_STEP_KEY_PREVIOUS';
const KEY_ADVICE = '32 random bytes in base64 or hex (for example: openssl rand -base64 32)';

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

export function previousKeyFileFor(databaseFile: string): string {
	return `${keyFileFor(databaseFile)}.previous`;
}

/** A key from a variable, or a StartupError naming the variable and never the value. */
export function keyFromVariable(name: string, value: string): Uint8Array {
	const key = parseTwoStepKey(value);
	if (!key) throw new StartupError(`${name} must be ${KEY_ADVICE}.`);
	return key;
}

/** A key from a file, or a StartupError saying the file is damaged. */
export function keyFromFile(file: string): Uint8Array {
	const key = parseTwoStepKey(fs.readFileSync(file, 'utf8'));
	if (!key)
		throw new StartupError(
			`The two-step key file ${file} is damaged: it must hold 32 bytes in base64 or hex. Restore it from where you keep its copy.`
		);
	return key;
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
	if (fromEnvironment) return keyFromVariable(TWO_STEP_KEY_VARIABLE, fromEnvironment);
	if (isPostgresLocation(databaseFile))
		throw new StartupError(
			`With DATABASE_URL, set ${TWO_STEP_KEY_VARIABLE}: every app process must use the same two-step key (for example: openssl rand -base64 32).`
		);
	const file = keyFileFor(databaseFile);
	if (!fs.existsSync(file)) makeKeyFile(file);
	else warnIfOthersCanRead(file);
	return keyFromFile(file);
}

/**
 * The key being replaced, accepted for opening only: TWO_STEP_KEY_PREVIOUS,
 * or, when the key comes from the key file, the previous key file if there
 * is one; null when neither. A malformed one stops the server.
 */
export function loadPreviousTwoStepKey(
	databaseFile: string,
	environment: NodeJS.ProcessEnv = process.env
): Uint8Array | null {
	const fromEnvironment = environment[PREVIOUS_TWO_STEP_KEY_VARIABLE];
	if (fromEnvironment) return keyFromVariable(PREVIOUS_TWO_STEP_KEY_VARIABLE, fromEnvironment);
	if (environment[TWO_STEP_KEY_VARIABLE] || isPostgresLocation(databaseFile)) return null;
	const file = previousKeyFileFor(databaseFile);
	if (!fs.existsSync(file)) return null;
	warnIfOthersCanRead(file);
	return keyFromFile(file);
}

function warnIfOthersCanRead(file: string): void {
	if ((fs.statSync(file).mode & 0o077) !== 0)
		console.warn(
			`Warning: ${file} can be read by other users of this machine; it holds a two-step key. Run: chmod 600 ${file}`
		);
}

/**
 * Written to a private temporary file and linked into place, so a second
 * process starting at the same moment finds either no file or a whole one.
 */
function makeKeyFile(file: string): void {
	const temporary = writePrivateTemporary(file, crypto.randomBytes(KEY_BYTES));
	try {
		fs.linkSync(temporary, file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	} finally {
		fs.rmSync(temporary, { force: true });
	}
}

/**
 * A new random key put in place of `file`'s in one rename, so a crash
 * leaves the old key or the new one, never half of either; the folder is
 * synced too, so the new key is on disk before anything is sealed with it.
 */
export function replaceKeyFile(file: string): Uint8Array {
	const key = new Uint8Array(crypto.randomBytes(KEY_BYTES));
	const temporary = writePrivateTemporary(file, key);
	try {
		fs.renameSync(temporary, file);
	} finally {
		fs.rmSync(temporary, { force: true });
	}
	syncFolderOf(file);
	return key;
}

/** Makes a folder's latest change (a file linked, renamed or removed) durable. */
export function syncFolderOf(file: string): void {
	const handle = fs.openSync(path.dirname(file), 'r');
	try {
		fs.fsyncSync(handle);
	} finally {
		fs.closeSync(handle);
	}
}

function writePrivateTemporary(file: string, key: Uint8Array): string {
	const temporary = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
	const handle = fs.openSync(temporary, 'wx', PRIVATE_FILE_MODE);
	try {
		// The umask may have narrowed the mode further; make it exactly owner-only.
		fs.fchmodSync(handle, PRIVATE_FILE_MODE);
		fs.writeSync(handle, `${Buffer.from(key).toString('base64')}\n`);
		fs.fsyncSync(handle);
	} finally {
		fs.closeSync(handle);
	}
	return temporary;
}

interface TwoStepKeys {
	/** Seals every value written from now on. */
	current: Uint8Array;
	/** Opens values sealed before a rotation, and never seals. */
	previous: Uint8Array | null;
}

// Held per database, as the server's other keys are (mail/server-secret.ts),
// so unit tests can give each test database a key of its own.
const keys = new WeakMap<Database, TwoStepKeys>();

export function useTwoStepKey(
	db: Database,
	current: Uint8Array,
	previous: Uint8Array | null = null
): void {
	keys.set(db, { current, previous });
}

function keysOf(db: Database): TwoStepKeys {
	const loaded = keys.get(db);
	if (!loaded)
		throw new Error('The two-step key was not loaded for this database (startup/start.ts).');
	return loaded;
}

/** The key that seals: always the current one. */
export function twoStepKeyOf(db: Database): Uint8Array {
	return keysOf(db).current;
}

/** The keys a stored value may open with: the current one first, then the one being replaced. */
export function openingKeysOf(db: Database): Uint8Array[] {
	const { current, previous } = keysOf(db);
	return previous ? [current, previous] : [current];
}
