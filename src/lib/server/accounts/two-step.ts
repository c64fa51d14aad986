import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type Actor, type SignedInActor } from '../audit/audit';
import { FailureThrottle, type Admission } from './rate-limit';
import { newRecoveryCodes, useRecoveryCode } from './recovery-codes';
import { openingKeysOf, twoStepKeyOf } from './two-step-key';
import { openTotpKeyWithAny, sealTotpKey } from './sealed-totp-key';

// Two-step sign-in with a time-based code (RFC 6238, as authenticator apps
// make them): setting it up, checking a code at sign-in, and turning it off.
// A code is accepted one step either side of now (a phone's clock drifts),
// and once only: the last step accepted is stored, so a code seen over a
// shoulder cannot be used again. Wrong codes are throttled like passwords.
// The key is stored sealed (sealed-totp-key.ts) and opened only here.

export const CODE_PERIOD_SECONDS = 30;
export const CODE_DIGITS = 6;
/** Steps either side of now that still count. */
const DRIFT_STEPS = 1;
const ISSUER = 'Common Ground';

/** One throttle for the running server, per account, with the password's delays. */
export const serverSecondStepThrottle = new FailureThrottle('second-step');

/**
 * The stored key opened, or null. One that does not open (the database was
 * restored without its two-step key, or the key was changed) makes the app's
 * codes unusable rather than failing the request: one log line, and the
 * person signs in with a recovery code and sets up again.
 */
function readTotpKey(keys: Uint8Array[], userId: string, stored: string): string | null {
	const opened = openTotpKeyWithAny(keys, userId, stored);
	if (opened === null)
		console.error(
			`Two-step: the app key of account ${userId} does not open with this server's two-step key (TWO_STEP_KEY or the .key file beside the database), nor with a previous one during a rotation; its app codes are refused until it is set up again.`
		);
	return opened;
}

function stepAt(now: Date): number {
	return Math.floor(now.getTime() / 1000 / CODE_PERIOD_SECONDS);
}

/** The step a code matches, one step either side of now, or null. */
export function matchingStep(keyBase32: string, code: string, now: Date): number | null {
	if (!/^\d{6}$/u.test(code)) return null;
	const key = decodeBase32IgnorePadding(keyBase32);
	const step = stepAt(now);
	for (let candidate = step - DRIFT_STEPS; candidate <= step + DRIFT_STEPS; candidate++)
		if (verifyHOTP(key, BigInt(candidate), CODE_DIGITS, code)) return candidate;
	return null;
}

export interface TwoStepSetup {
	/** The key as the person types it into an app, in groups of four. */
	keyText: string;
	/** What the QR code holds: an otpauth:// link. */
	keyUri: string;
}

/**
 * A new key for an account whose two-step is not on yet. The key is shown on
 * the setup page until a code from it confirms it; after that no page sends it.
 */
export async function startTwoStepSetup(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<boolean> {
	const sealingKey = twoStepKeyOf(db);
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select('totp_confirmed_at')
			.where('id', '=', actor.userId)
			.executeTakeFirst();
		if (!user || user.totp_confirmed_at !== null) return false;
		const key = new Uint8Array(20);
		crypto.getRandomValues(key);
		await trx
			.updateTable('users')
			.set({
				totp_key: sealTotpKey(sealingKey, actor.userId, encodeBase32UpperCaseNoPadding(key)),
				totp_last_step: null
			})
			.where('id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'two-step.start', { type: 'user', id: actor.userId }, now);
		return true;
	});
}

/** The key of a setup in progress, to show; null once confirmed, or when none was started. */
export async function setupInProgress(db: Database, userId: string): Promise<TwoStepSetup | null> {
	const user = await db
		.selectFrom('users')
		.select(['email', 'totp_key', 'totp_confirmed_at'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user?.totp_key || user.totp_confirmed_at !== null) return null;
	// Unreadable: the page offers a new setup, which replaces it.
	const totpKey = readTotpKey(openingKeysOf(db), userId, user.totp_key);
	if (totpKey === null) return null;
	return {
		keyText: totpKey.match(/.{1,4}/gu)?.join(' ') ?? totpKey,
		keyUri: createTOTPKeyURI(
			ISSUER,
			user.email,
			decodeBase32IgnorePadding(totpKey),
			CODE_PERIOD_SECONDS,
			CODE_DIGITS
		)
	};
}

export async function twoStepIsOn(db: Database, userId: string): Promise<boolean> {
	const user = await db
		.selectFrom('users')
		.select('totp_confirmed_at')
		.where('id', '=', userId)
		.executeTakeFirst();
	return user?.totp_confirmed_at != null;
}

export type CodeCheck =
	| { outcome: 'accepted' }
	// appCodesUnusable: the stored key did not open, so only a recovery code can work.
	| { outcome: 'refused'; appCodesUnusable?: true }
	| { outcome: 'throttled'; retryAt: Date };

/**
 * Confirms a setup with a code from the new key: two-step is on from now,
 * and the ten recovery codes are returned to be shown once.
 */
export async function confirmTwoStepSetup(
	db: Database,
	actor: SignedInActor,
	code: string,
	now: Date,
	throttle: FailureThrottle = serverSecondStepThrottle
): Promise<
	{ outcome: 'on'; recoveryCodes: string[] } | Exclude<CodeCheck, { outcome: 'accepted' }>
> {
	const allowed = await throttle.check(db, actor.userId, now);
	if (!allowed.allowed) return { outcome: 'throttled', retryAt: allowed.retryAt };
	const openingKeys = openingKeysOf(db);
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['totp_key', 'totp_confirmed_at'])
			.where('id', '=', actor.userId)
			.executeTakeFirst();
		const totpKey =
			user?.totp_key && user.totp_confirmed_at === null
				? readTotpKey(openingKeys, actor.userId, user.totp_key)
				: null;
		const step = totpKey === null ? null : matchingStep(totpKey, normalizeCode(code), now);
		if (step === null) {
			await throttle.recordFailure(trx, actor.userId, now);
			return { outcome: 'refused' as const };
		}
		await throttle.reset(trx, actor.userId);
		await trx
			.updateTable('users')
			.set({ totp_confirmed_at: now.toISOString(), totp_last_step: step, two_step_reset_at: null })
			.where('id', '=', actor.userId)
			.execute();
		const recoveryCodes = await newRecoveryCodes(trx, actor.userId, now);
		await recordAudit(trx, actor, 'two-step.on', { type: 'user', id: actor.userId }, now);
		return { outcome: 'on' as const, recoveryCodes };
	});
}

/** Spaces and dashes as people type them do not matter. */
function normalizeCode(code: string): string {
	return code.replace(/[\s-]/gu, '').toLowerCase();
}

/**
 * The second step of a sign-in: a code from the app, or one of the recovery
 * codes. Each works once. Throttled per account before anything is checked.
 */
export async function checkSecondStep(
	db: Database,
	actor: Actor & { userId: string },
	typed: string,
	now: Date,
	throttle: FailureThrottle = serverSecondStepThrottle
): Promise<CodeCheck & { usedRecoveryCode?: boolean }> {
	// Counted as a failure until it proves otherwise, as for passwords.
	const allowed: Admission = await throttle.admit(db, actor.userId, now);
	if (!allowed.allowed) return { outcome: 'throttled', retryAt: allowed.retryAt };
	const code = normalizeCode(typed);
	const openingKeys = openingKeysOf(db);
	let appCodesUnusable = false;
	const result = await writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['totp_key', 'totp_confirmed_at', 'totp_last_step'])
			.where('id', '=', actor.userId)
			.executeTakeFirst();
		if (!user) return null;
		// An account with passkeys alone still has recovery codes.
		const totpKey =
			user.totp_key && user.totp_confirmed_at !== null
				? readTotpKey(openingKeys, actor.userId, user.totp_key)
				: null;
		appCodesUnusable = user.totp_key !== null && user.totp_confirmed_at !== null && !totpKey;
		const step = totpKey === null ? null : matchingStep(totpKey, code, now);
		if (step !== null) {
			// Only a step later than the last one accepted: each code works once.
			const taken = await trx
				.updateTable('users')
				.set({ totp_last_step: step })
				.where('id', '=', actor.userId)
				.where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
				.executeTakeFirst();
			return taken.numUpdatedRows === 1n ? 'code' : null;
		}
		if (await useRecoveryCode(trx, actor.userId, code, now)) {
			await recordAudit(
				trx,
				actor,
				'two-step.recovery-code',
				{ type: 'user', id: actor.userId },
				now
			);
			return 'recovery-code';
		}
		return null;
	});
	if (result === null) {
		await recordAudit(db, actor, 'two-step.failure', { type: 'user', id: actor.userId }, now);
		return appCodesUnusable
			? { outcome: 'refused', appCodesUnusable: true }
			: { outcome: 'refused' };
	}
	await throttle.reset(db, actor.userId);
	return { outcome: 'accepted', usedRecoveryCode: result === 'recovery-code' };
}

/**
 * Codes from an app off for an account: the key goes, and the recovery
 * codes too unless passkeys still need them. The caller has checked that the
 * person may (their password, or an administrator resetting a colleague's).
 */
export async function removeTwoStep(
	trx: Database,
	actor: SignedInActor,
	userId: string,
	now: Date
): Promise<void> {
	await trx
		.updateTable('users')
		.set({ totp_key: null, totp_confirmed_at: null, totp_last_step: null })
		.where('id', '=', userId)
		.execute();
	if (!(await hasAnyPasskey(trx, userId)))
		await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
	await recordAudit(trx, actor, 'two-step.off', { type: 'user', id: userId }, now);
}

export async function hasAnyPasskey(db: Database, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('passkeys')
		.select('id')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Whether the account is a therapist's in a practice that requires two-step sign-in. */
export async function practiceRequiresTwoStep(db: Database, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('users')
		.innerJoin('practices', 'practices.id', 'users.practice_id')
		.select('practices.two_step_required')
		.where('users.id', '=', userId)
		.where('users.role', '=', 'therapist')
		.executeTakeFirst();
	return row?.two_step_required === 1;
}

/**
 * The person turns their own two-step off (not a therapist whose practice
 * requires it), proving it with a current code
 * (or a recovery code), throttled as at sign-in.
 */
export async function turnOffTwoStep(
	db: Database,
	actor: SignedInActor,
	code: string,
	now: Date,
	throttle: FailureThrottle = serverSecondStepThrottle
): Promise<CodeCheck | { outcome: 'required' }> {
	// Passkeys alone still make two steps.
	if ((await practiceRequiresTwoStep(db, actor.userId)) && !(await hasAnyPasskey(db, actor.userId)))
		return { outcome: 'required' };
	const check = await checkSecondStep(db, actor, code, now, throttle);
	if (check.outcome !== 'accepted') return check;
	await writeTransaction(db, (trx) => removeTwoStep(trx, actor, actor.userId, now));
	return { outcome: 'accepted' };
}
