import fs from 'node:fs';
import { engineOf, isPostgresLocation } from '../database/engine';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { StartupError } from '../startup/startup-error';
import { isSealed, openTotpKey, sealTotpKey } from './sealed-totp-key';
import {
	keyFileFor,
	keyFromFile,
	keyFromVariable,
	PREVIOUS_TWO_STEP_KEY_VARIABLE,
	previousKeyFileFor,
	replaceKeyFile,
	syncFolderOf,
	TWO_STEP_KEY_VARIABLE
} from './two-step-key';

// Rotating the server's two-step key (`npm run rotate-two-step-key`): which
// keys to rotate between, decided before anything is written, and every
// stored TOTP key re-sealed with the new one in one transaction, so that
// afterwards the old key opens nothing still stored.

/** Why a rotation cannot start, in one line that never shows a key. */
export class RotationRefused extends Error {}

export interface RotationKeys {
	current: Uint8Array;
	previous: Uint8Array;
	/** On SQLite with key files: the previous key file, removed once the re-seal has committed. */
	previousKeyFile?: string;
	/** True when this run made the new key file. */
	madeKeyFile?: boolean;
}

const SAME_KEY = `${TWO_STEP_KEY_VARIABLE} and ${PREVIOUS_TWO_STEP_KEY_VARIABLE} are the same key: set ${TWO_STEP_KEY_VARIABLE} to a new one (openssl rand -base64 32).`;

/**
 * The keys from the environment (TWO_STEP_KEY the new one,
 * TWO_STEP_KEY_PREVIOUS the one being replaced; both or neither), or on
 * SQLite with neither, from the key files (see rotateKeyFile).
 */
export function rotationKeys(
	location: string,
	environment: NodeJS.ProcessEnv = process.env
): RotationKeys {
	const currentText = environment[TWO_STEP_KEY_VARIABLE];
	const previousText = environment[PREVIOUS_TWO_STEP_KEY_VARIABLE];
	if (currentText || previousText) {
		if (!previousText)
			throw new RotationRefused(
				`Set ${PREVIOUS_TWO_STEP_KEY_VARIABLE} to the key being replaced, and ${TWO_STEP_KEY_VARIABLE} to the new one.`
			);
		if (!currentText)
			throw new RotationRefused(
				`Set ${TWO_STEP_KEY_VARIABLE} to the new key, beside ${PREVIOUS_TWO_STEP_KEY_VARIABLE} (the key being replaced).`
			);
		const current = asRefusal(() => keyFromVariable(TWO_STEP_KEY_VARIABLE, currentText));
		const previous = asRefusal(() => keyFromVariable(PREVIOUS_TWO_STEP_KEY_VARIABLE, previousText));
		if (Buffer.from(current).equals(Buffer.from(previous))) throw new RotationRefused(SAME_KEY);
		return { current, previous };
	}
	if (isPostgresLocation(location))
		throw new RotationRefused(
			`With DATABASE_URL, set ${TWO_STEP_KEY_VARIABLE} to the new key and ${PREVIOUS_TWO_STEP_KEY_VARIABLE} to the one being replaced.`
		);
	return rotateKeyFile(location);
}

/**
 * On SQLite with the key file: the key file is hard-linked to
 * `<database>.key.previous` (so the old key is never out of a file), then a
 * new key replaces `<database>.key` in one rename. A run that stopped
 * before its re-seal committed left both files: the next run goes on with
 * them rather than making yet another key, and a server started meanwhile
 * opens with either.
 */
function rotateKeyFile(location: string): RotationKeys {
	const keyFile = keyFileFor(location);
	const previousKeyFile = previousKeyFileFor(location);
	if (!fs.existsSync(keyFile))
		throw new RotationRefused(
			`There is no two-step key file at ${keyFile}: if the server runs with ${TWO_STEP_KEY_VARIABLE}, set it to the new key and ${PREVIOUS_TWO_STEP_KEY_VARIABLE} to the one being replaced.`
		);
	let madeKeyFile = false;
	if (!fs.existsSync(previousKeyFile)) {
		asRefusal(() => keyFromFile(keyFile));
		fs.linkSync(keyFile, previousKeyFile);
		syncFolderOf(previousKeyFile);
	}
	const previous = asRefusal(() => keyFromFile(previousKeyFile));
	let current = asRefusal(() => keyFromFile(keyFile));
	// Both name the same key until the new one is in place (also after a stop in between).
	if (Buffer.from(current).equals(Buffer.from(previous))) {
		current = replaceKeyFile(keyFile);
		madeKeyFile = true;
	}
	return { current, previous, previousKeyFile, madeKeyFile };
}

/** After the re-seal has committed, the previous key file opens nothing stored: it goes. */
export function forgetPreviousKeyFile(keys: RotationKeys): void {
	if (!keys.previousKeyFile) return;
	fs.rmSync(keys.previousKeyFile, { force: true });
	syncFolderOf(keys.previousKeyFile);
}

function asRefusal<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof StartupError) throw new RotationRefused(error.message);
		throw error;
	}
}

export interface ResealReport {
	/** Sealed with the current key now (from the previous key, or stored plain). */
	resealed: number;
	/** Already sealed with the current key. */
	alreadyCurrent: number;
	/** Accounts whose value opens with neither key: left as they were. */
	unopenable: string[];
}

/**
 * Every stored TOTP key sealed with the current key, in one write
 * transaction: all or none, so a failure leaves the previous key needed
 * and enough. A value that opens with neither key is left untouched (a
 * wrong key given by mistake must not cost anyone their app).
 */
export async function resealTotpKeys(
	db: Database,
	keys: Pick<RotationKeys, 'current' | 'previous'>
): Promise<ResealReport> {
	const report = await writeTransaction(db, async (trx) => {
		const stored = await trx
			.selectFrom('users')
			.select(['id', 'totp_key'])
			.where('totp_key', 'is not', null)
			.orderBy('id')
			.execute();
		const counted: ResealReport = { resealed: 0, alreadyCurrent: 0, unopenable: [] };
		for (const user of stored) {
			if (user.totp_key === null) continue;
			let plain: string | null;
			if (!isSealed(user.totp_key)) plain = user.totp_key;
			else if (openTotpKey(keys.current, user.id, user.totp_key) !== null) {
				counted.alreadyCurrent += 1;
				continue;
			} else plain = openTotpKey(keys.previous, user.id, user.totp_key);
			if (plain === null) {
				counted.unopenable.push(user.id);
				continue;
			}
			await trx
				.updateTable('users')
				.set({ totp_key: sealTotpKey(keys.current, user.id, plain) })
				.where('id', '=', user.id)
				.execute();
			counted.resealed += 1;
		}
		return counted;
	});
	// Values sealed with a key that may have leaked leave the file now, as far as the engine allows.
	if (report.resealed > 0) await engineOf(db).forgetOverwritten(db);
	return report;
}
