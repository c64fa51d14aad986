import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FailureThrottle } from './rate-limit';
import {
	CODE_PERIOD_SECONDS,
	checkSecondStep,
	confirmTwoStepSetup,
	setupInProgress,
	startTwoStepSetup,
	turnOffTwoStep,
	twoStepIsOn
} from './two-step';
import { RECOVERY_CODE_COUNT, recoveryCodesLeft } from './recovery-codes';
import { useTwoStepKey } from './two-step-key';
import { replaceRecoveryCodes } from './recovery-code-renewal';
import { relyingParty } from './relying-party';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';

const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const STEP_MS = CODE_PERIOD_SECONDS * 1000;
const rp = relyingParty('https://therapy.example.org');

let t: TestDatabase;
let actor: { userId: string; clientAddress: string };
let throttle: FailureThrottle;

beforeEach(async () => {
	t = await createTestDatabase();
	const user = await insertTestUser(t.db, { role: 'therapist' });
	actor = { userId: user.id, clientAddress: '203.0.113.7' };
	throttle = new FailureThrottle('second-step');
});

afterEach(async () => {
	await t.cleanup();
});

/** What an authenticator app shows at `now` for the key shown on the setup page. */
function codeAt(keyText: string, now: Date): string {
	const key = decodeBase32IgnorePadding(keyText.replace(/ /gu, ''));
	return generateHOTP(key, BigInt(Math.floor(now.getTime() / STEP_MS)), 6);
}

async function setUp(): Promise<{ keyText: string; recoveryCodes: string[] }> {
	await startTwoStepSetup(t.db, actor, start);
	const setup = await setupInProgress(t.db, actor.userId);
	if (!setup) throw new Error('expected a setup');
	const confirmed = await confirmTwoStepSetup(
		t.db,
		actor,
		codeAt(setup.keyText, start),
		start,
		throttle
	);
	if (confirmed.outcome !== 'on') throw new Error('expected two-step on');
	return { keyText: setup.keyText, recoveryCodes: confirmed.recoveryCodes };
}

describe('setting up two-step sign-in', () => {
	it('shows the key and a link for the app only until a code confirms it', async () => {
		expect(await setupInProgress(t.db, actor.userId)).toBeNull();
		await startTwoStepSetup(t.db, actor, start);
		const setup = await setupInProgress(t.db, actor.userId);
		expect(setup?.keyText).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/u);
		expect(setup?.keyUri).toMatch(/^otpauth:\/\/totp\/.*secret=/u);
		expect(await twoStepIsOn(t.db, actor.userId)).toBe(false);

		await confirmTwoStepSetup(t.db, actor, codeAt(setup!.keyText, start), start, throttle);
		expect(await twoStepIsOn(t.db, actor.userId)).toBe(true);
		expect(await setupInProgress(t.db, actor.userId)).toBeNull();
		// Starting again once it is on changes nothing.
		expect(await startTwoStepSetup(t.db, actor, start)).toBe(false);
	});

	it('refuses a wrong code, and gives ten recovery codes stored only as hashes', async () => {
		await startTwoStepSetup(t.db, actor, start);
		expect(await confirmTwoStepSetup(t.db, actor, '000000', start, throttle)).toEqual({
			outcome: 'refused'
		});
		const { recoveryCodes } = await setUp();
		expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
		expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
		const stored = await t.db.selectFrom('recovery_codes').select('code_hash').execute();
		const storedText = JSON.stringify(stored);
		for (const code of recoveryCodes) {
			expect(storedText).not.toContain(code);
			expect(storedText).not.toContain(code.replace(/-/gu, ''));
		}
	});
});

describe('the second step at sign-in', () => {
	it('accepts a code one step either side of now, and no further', async () => {
		const { keyText } = await setUp();
		const now = at(10 * STEP_MS);
		expect(
			(await checkSecondStep(t.db, actor, codeAt(keyText, at(9 * STEP_MS)), now, throttle)).outcome
		).toBe('accepted');
		expect(
			(await checkSecondStep(t.db, actor, codeAt(keyText, at(11 * STEP_MS)), now, throttle)).outcome
		).toBe('accepted');
		expect(
			(await checkSecondStep(t.db, actor, codeAt(keyText, at(13 * STEP_MS)), now, throttle)).outcome
		).toBe('refused');
	});

	it('accepts each code once, and no older code after a newer one', async () => {
		const { keyText } = await setUp();
		const now = at(20 * STEP_MS);
		const code = codeAt(keyText, now);
		expect((await checkSecondStep(t.db, actor, code, now, throttle)).outcome).toBe('accepted');
		expect((await checkSecondStep(t.db, actor, code, now, throttle)).outcome).toBe('refused');
		const earlier = codeAt(keyText, at(19 * STEP_MS));
		expect((await checkSecondStep(t.db, actor, earlier, now, throttle)).outcome).toBe('refused');
	});

	it('accepts the code used to confirm the setup not a second time', async () => {
		const { keyText } = await setUp();
		expect(
			(await checkSecondStep(t.db, actor, codeAt(keyText, start), start, throttle)).outcome
		).toBe('refused');
	});

	it('accepts each recovery code once, typed with or without dashes', async () => {
		const { recoveryCodes } = await setUp();
		const [first, second] = recoveryCodes as [string, string];
		expect(await checkSecondStep(t.db, actor, first.toUpperCase(), start, throttle)).toEqual({
			outcome: 'accepted',
			usedRecoveryCode: true
		});
		expect((await checkSecondStep(t.db, actor, first, start, throttle)).outcome).toBe('refused');
		expect(
			(await checkSecondStep(t.db, actor, ` ${second.replace(/-/gu, ' ')} `, start, throttle))
				.outcome
		).toBe('accepted');
		expect(await recoveryCodesLeft(t.db, actor.userId)).toBe(RECOVERY_CODE_COUNT - 2);
	});

	it('refuses another account’s recovery code', async () => {
		const { recoveryCodes } = await setUp();
		const other = await insertTestUser(t.db, { role: 'therapist' });
		const otherActor = { userId: other.id, clientAddress: '203.0.113.8' };
		expect(
			(await checkSecondStep(t.db, otherActor, recoveryCodes[0]!, start, throttle)).outcome
		).toBe('refused');
	});

	it('is throttled like a password: wrong codes make the next attempt wait', async () => {
		const { keyText } = await setUp();
		for (let i = 0; i < 3; i += 1)
			await checkSecondStep(t.db, actor, '123456', at(STEP_MS), throttle);
		const result = await checkSecondStep(
			t.db,
			actor,
			codeAt(keyText, at(STEP_MS)),
			at(STEP_MS),
			throttle
		);
		expect(result.outcome).toBe('throttled');
		const failures = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('action', '=', 'two-step.failure')
			.execute();
		expect(failures).toHaveLength(3);
	});

	it('refuses any code for an account without two-step', async () => {
		expect((await checkSecondStep(t.db, actor, '123456', start, throttle)).outcome).toBe('refused');
	});
});

describe('turning it off and new recovery codes', () => {
	it('needs a current code; off removes the key and every recovery code', async () => {
		const { keyText } = await setUp();
		expect((await turnOffTwoStep(t.db, actor, '000000', at(STEP_MS), throttle)).outcome).toBe(
			'refused'
		);
		expect(await twoStepIsOn(t.db, actor.userId)).toBe(true);
		const later = at(5 * STEP_MS);
		expect(
			(await turnOffTwoStep(t.db, actor, codeAt(keyText, later), later, throttle)).outcome
		).toBe('accepted');
		expect(await twoStepIsOn(t.db, actor.userId)).toBe(false);
		expect(await recoveryCodesLeft(t.db, actor.userId)).toBe(0);
	});

	it('new recovery codes, proven with a current code, replace the old ones', async () => {
		const { keyText, recoveryCodes } = await setUp();
		const later = at(5 * STEP_MS);
		expect(
			await replaceRecoveryCodes(t.db, actor, { code: '000000' }, rp, later, throttle)
		).toEqual({ outcome: 'refused' });
		const replaced = await replaceRecoveryCodes(
			t.db,
			actor,
			{ code: codeAt(keyText, later) },
			rp,
			later,
			throttle
		);
		if (replaced.outcome !== 'replaced') throw new Error('expected new codes');
		expect((await checkSecondStep(t.db, actor, recoveryCodes[0]!, later, throttle)).outcome).toBe(
			'refused'
		);
		expect(
			(await checkSecondStep(t.db, actor, replaced.recoveryCodes[0]!, later, throttle)).outcome
		).toBe('accepted');
	});
});

describe('a key that no longer opens (the database restored without its two-step key)', () => {
	it('refuses app codes with a reason, without throwing, and still takes a recovery code', async () => {
		const { keyText, recoveryCodes } = await setUp();
		useTwoStepKey(t.db, crypto.getRandomValues(new Uint8Array(32)));
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const later = at(2 * STEP_MS);
			expect(await checkSecondStep(t.db, actor, codeAt(keyText, later), later, throttle)).toEqual({
				outcome: 'refused',
				appCodesUnusable: true
			});
			expect(errors).toHaveBeenCalledTimes(1);
			expect(String(errors.mock.calls[0]![0])).not.toContain(keyText.replace(/ /gu, ''));
			expect((await checkSecondStep(t.db, actor, recoveryCodes[0]!, later, throttle)).outcome).toBe(
				'accepted'
			);
		} finally {
			errors.mockRestore();
		}
	});
});
