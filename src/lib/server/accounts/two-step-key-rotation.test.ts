import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailureThrottle } from './rate-limit';
import {
	CODE_PERIOD_SECONDS,
	checkSecondStep,
	confirmTwoStepSetup,
	setupInProgress,
	startTwoStepSetup
} from './two-step';
import { openTotpKey, sealTotpKey } from './sealed-totp-key';
import {
	keyFileFor,
	loadPreviousTwoStepKey,
	loadTwoStepKey,
	previousKeyFileFor,
	useTwoStepKey
} from './two-step-key';
import {
	forgetPreviousKeyFile,
	resealTotpKeys,
	rotationKeys,
	RotationRefused
} from './two-step-key-rotation';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

const start = new Date('2026-12-02T09:00:00.000Z');
const STEP_MS = CODE_PERIOD_SECONDS * 1000;
const at = (steps: number) => new Date(start.getTime() + steps * STEP_MS);
const oldKey = crypto.randomBytes(32);
const newKey = crypto.randomBytes(32);
const strangeKey = crypto.randomBytes(32);

let t: TestDatabase;
let throttle: FailureThrottle;

beforeEach(async () => {
	t = await createTestDatabase();
	throttle = new FailureThrottle('second-step');
});

afterEach(async () => {
	await t.cleanup();
});

function codeAt(keyText: string, now: Date): string {
	const key = decodeBase32IgnorePadding(keyText.replace(/ /gu, ''));
	return generateHOTP(key, BigInt(Math.floor(now.getTime() / STEP_MS)), 6);
}

/** A therapist with app codes on, sealed under whichever key the database holds now. */
async function therapistWithAppCodes(): Promise<{
	actor: { userId: string; clientAddress: string };
	keyText: string;
}> {
	const user = await insertTestUser(t.db, { role: 'therapist' });
	const actor = { userId: user.id, clientAddress: '203.0.113.7' };
	await startTwoStepSetup(t.db, actor, start);
	const setup = await setupInProgress(t.db, user.id);
	const confirmed = await confirmTwoStepSetup(
		t.db,
		actor,
		codeAt(setup!.keyText, start),
		start,
		throttle
	);
	expect(confirmed.outcome).toBe('on');
	return { actor, keyText: setup!.keyText };
}

async function storedOf(userId: string): Promise<string | null> {
	const row = await t.db
		.selectFrom('users')
		.select('totp_key')
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	return row.totp_key;
}

describe('during a rotation', () => {
	it('opens with the previous key and seals only with the current one', async () => {
		useTwoStepKey(t.db, oldKey);
		const before = await therapistWithAppCodes();

		useTwoStepKey(t.db, newKey, oldKey);
		expect(
			await checkSecondStep(t.db, before.actor, codeAt(before.keyText, at(1)), at(1), throttle)
		).toMatchObject({ outcome: 'accepted' });
		// Opening never re-seals: the stored value is still the old key's.
		expect(openTotpKey(oldKey, before.actor.userId, (await storedOf(before.actor.userId))!)).toBe(
			before.keyText.replace(/ /gu, '')
		);

		const after = await therapistWithAppCodes();
		const sealed = (await storedOf(after.actor.userId))!;
		expect(openTotpKey(newKey, after.actor.userId, sealed)).toBe(after.keyText.replace(/ /gu, ''));
		expect(openTotpKey(oldKey, after.actor.userId, sealed)).toBeNull();
	});

	it('re-seals every key with the current one, after which the previous key is not needed', async () => {
		useTwoStepKey(t.db, oldKey);
		const first = await therapistWithAppCodes();
		const second = await therapistWithAppCodes();
		useTwoStepKey(t.db, newKey, oldKey);
		const third = await therapistWithAppCodes();

		expect(await resealTotpKeys(t.db, { current: newKey, previous: oldKey })).toEqual({
			resealed: 2,
			alreadyCurrent: 1,
			unopenable: []
		});
		for (const { actor } of [first, second])
			expect(openTotpKey(oldKey, actor.userId, (await storedOf(actor.userId))!)).toBeNull();

		// The server restarted without the previous key: everyone's app still works.
		useTwoStepKey(t.db, newKey);
		for (const { actor, keyText } of [first, second, third])
			expect(
				await checkSecondStep(t.db, actor, codeAt(keyText, at(2)), at(2), throttle)
			).toMatchObject({ outcome: 'accepted' });

		// Again: nothing left to re-seal, nothing changed.
		const stored = await storedOf(first.actor.userId);
		expect(await resealTotpKeys(t.db, { current: newKey, previous: oldKey })).toEqual({
			resealed: 0,
			alreadyCurrent: 3,
			unopenable: []
		});
		expect(await storedOf(first.actor.userId)).toBe(stored);
	});

	it('names a key that opens with neither and leaves it untouched, sealing a plain one', async () => {
		useTwoStepKey(t.db, oldKey);
		const fine = await therapistWithAppCodes();
		const stranger = await insertTestUser(t.db, { role: 'therapist' });
		const foreign = sealTotpKey(strangeKey, stranger.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
		const plain = await insertTestUser(t.db, { role: 'therapist' });
		await t.db
			.updateTable('users')
			.set({ totp_key: foreign })
			.where('id', '=', stranger.id)
			.execute();
		await t.db
			.updateTable('users')
			.set({ totp_key: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })
			.where('id', '=', plain.id)
			.execute();

		expect(await resealTotpKeys(t.db, { current: newKey, previous: oldKey })).toEqual({
			resealed: 2,
			alreadyCurrent: 0,
			unopenable: [stranger.id]
		});
		expect(await storedOf(stranger.id)).toBe(foreign);
		expect(openTotpKey(newKey, plain.id, (await storedOf(plain.id))!)).toBe(
			'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
		);
		expect(openTotpKey(newKey, fine.actor.userId, (await storedOf(fine.actor.userId))!)).toBe(
			fine.keyText.replace(/ /gu, '')
		);
	});
});

describe('which keys a rotation uses', () => {
	const folders: string[] = [];
	afterEach(() => {
		for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
	});
	function databaseFile(): string {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-rotation-'));
		folders.push(folder);
		const file = path.join(folder, 'app.db');
		fs.writeFileSync(file, '');
		return file;
	}
	const base64 = (key: Uint8Array) => Buffer.from(key).toString('base64');

	function refusal(location: string, environment: NodeJS.ProcessEnv): string {
		try {
			rotationKeys(location, environment);
		} catch (error) {
			expect(error).toBeInstanceOf(RotationRefused);
			const message = (error as Error).message;
			// One line, and never a key.
			expect(message).not.toContain('\n');
			for (const value of Object.values(environment)) expect(message).not.toContain(value);
			return message;
		}
		throw new Error('expected a refusal');
	}

	it('takes the new and the previous key from the environment, in base64 or hex', () => {
		const keys = rotationKeys('/nowhere/app.db', {
			TWO_STEP_KEY: base64(newKey),
			TWO_STEP_KEY_PREVIOUS: oldKey.toString('hex')
		});
		expect(Buffer.from(keys.current)).toEqual(newKey);
		expect(Buffer.from(keys.previous)).toEqual(oldKey);
		expect(keys.previousKeyFile).toBeUndefined();
	});

	it('refuses a missing, malformed or unchanged previous key, in one line without the key', () => {
		const file = databaseFile();
		const postgres = 'postgres://app@db:5432/practice';
		expect(refusal(file, { TWO_STEP_KEY: base64(newKey) })).toMatch(
			/^Set TWO_STEP_KEY_PREVIOUS to the key being replaced/u
		);
		expect(refusal(postgres, { TWO_STEP_KEY: base64(newKey) })).toMatch(/TWO_STEP_KEY_PREVIOUS/u);
		expect(refusal(file, { TWO_STEP_KEY_PREVIOUS: base64(oldKey) })).toMatch(
			/^Set TWO_STEP_KEY to the new key/u
		);
		expect(
			refusal(file, { TWO_STEP_KEY: base64(newKey), TWO_STEP_KEY_PREVIOUS: 'c2hvcnQ=' })
		).toMatch(/^TWO_STEP_KEY_PREVIOUS must be 32 random bytes/u);
		expect(
			refusal(file, { TWO_STEP_KEY: 'c2hvcnQ=', TWO_STEP_KEY_PREVIOUS: base64(oldKey) })
		).toMatch(/^TWO_STEP_KEY must be 32 random bytes/u);
		expect(
			refusal(file, { TWO_STEP_KEY: base64(oldKey), TWO_STEP_KEY_PREVIOUS: oldKey.toString('hex') })
		).toMatch(/are the same key/u);
		expect(refusal(postgres, {})).toMatch(/^With DATABASE_URL, set TWO_STEP_KEY/u);
		// No key file to rotate: none is made.
		expect(refusal(file, {})).toMatch(/^There is no two-step key file/u);
		expect(fs.existsSync(keyFileFor(file))).toBe(false);
		fs.writeFileSync(keyFileFor(file), 'damaged\n', { mode: 0o600 });
		expect(refusal(file, {})).toMatch(/is damaged/u);
		expect(fs.existsSync(previousKeyFileFor(file))).toBe(false);
	});

	it('on SQLite with the key file: makes the new one, keeps the old as previous until told', () => {
		const file = databaseFile();
		const old = loadTwoStepKey(file, {});
		const keys = rotationKeys(file, {});
		expect(keys.madeKeyFile).toBe(true);
		expect(Buffer.from(keys.previous)).toEqual(Buffer.from(old));
		expect(Buffer.from(keys.current)).not.toEqual(Buffer.from(old));
		for (const keyFile of [keyFileFor(file), previousKeyFileFor(file)])
			expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([
			'app.db',
			'app.db.key',
			'app.db.key.previous'
		]);
		// A server started now seals with the new key and opens with either.
		expect(Buffer.from(loadTwoStepKey(file, {}))).toEqual(Buffer.from(keys.current));
		expect(Buffer.from(loadPreviousTwoStepKey(file, {})!)).toEqual(Buffer.from(old));

		// A run stopped before its re-seal committed: the next goes on with the same two keys.
		const again = rotationKeys(file, {});
		expect(again.madeKeyFile).toBe(false);
		expect(Buffer.from(again.current)).toEqual(Buffer.from(keys.current));
		expect(Buffer.from(again.previous)).toEqual(Buffer.from(old));

		forgetPreviousKeyFile(again);
		expect(fs.existsSync(previousKeyFileFor(file))).toBe(false);
		expect(loadPreviousTwoStepKey(file, {})).toBeNull();
	});

	it('after a stop between keeping the old key and making the new one, makes the new one', () => {
		const file = databaseFile();
		const old = loadTwoStepKey(file, {});
		fs.linkSync(keyFileFor(file), previousKeyFileFor(file));
		const keys = rotationKeys(file, {});
		expect(keys.madeKeyFile).toBe(true);
		expect(Buffer.from(keys.previous)).toEqual(Buffer.from(old));
		expect(Buffer.from(keys.current)).not.toEqual(Buffer.from(old));
		// The old file was replaced, not written through the link.
		expect(Buffer.from(loadPreviousTwoStepKey(file, {})!)).toEqual(Buffer.from(old));
	});
});
