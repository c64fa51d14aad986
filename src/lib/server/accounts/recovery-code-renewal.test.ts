import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailureThrottle } from './rate-limit';
import { checkSecondStep } from './two-step';
import { recoveryCodesLeft } from './recovery-codes';
import { addPasskey, passkeyRegistrationOptions, removePasskey } from './passkeys';
import { secondStepPasskeyOptions } from './passkey-sign-in';
import { replaceRecoveryCodes } from './recovery-code-renewal';
import { secondStepsOf } from './two-step-methods';
import { relyingParty } from './relying-party';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { SoftwareAuthenticator } from '../testing/software-authenticator';
import { by } from '../testing/actors';

// Recovery codes for an account whose second step is passkeys alone: given
// with the first passkey, usable at sign-in, made anew with a fresh passkey
// answer or one of the codes, and gone with the last passkey.

const now = new Date('2026-12-02T10:00:00.000Z');
const ORIGIN = 'https://therapy.example.org';
const rp = relyingParty(ORIGIN);

type Person = { id: string; email: string; displayName: string };

let t: TestDatabase;
let throttle: FailureThrottle;
/** Counts like the real one but never makes anyone wait: for tests of what is refused. */
let unthrottled: FailureThrottle;
let lee: Person;
let kim: Person;

beforeEach(async () => {
	t = await createTestDatabase();
	throttle = new FailureThrottle('second-step');
	unthrottled = new FailureThrottle('second-step', [0]);
	lee = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Lee' };
	kim = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Kim' };
});

afterEach(async () => {
	await t.cleanup();
});

/** A passkey added as the two-step page adds it; the recovery codes that came with it, if any. */
async function addPasskeyFor(person: Person, device = new SoftwareAuthenticator(ORIGIN)) {
	const options = await passkeyRegistrationOptions(t.db, person, rp, now);
	const added = await addPasskey(t.db, by(person.id), 'Laptop', device.register(options), rp, now);
	if (added.outcome !== 'added') throw new Error('expected the passkey added');
	return { device, recoveryCodes: added.recoveryCodes ?? [] };
}

/** The device's answer to a challenge made for confirming with a passkey. */
async function passkeyAnswer(person: Person, device: SoftwareAuthenticator) {
	return device.authenticate(await secondStepPasskeyOptions(t.db, person.id, rp, now));
}

async function auditActions(userId: string): Promise<string[]> {
	const rows = await t.db
		.selectFrom('audit_log')
		.select('action')
		.where('user_id', '=', userId)
		.where('action', 'like', 'two-step.%')
		.orderBy('id')
		.execute();
	return rows.map((row) => row.action);
}

describe('new recovery codes for an account with passkeys alone', () => {
	it('are made with a fresh passkey answer, and only the new ones work at sign-in', async () => {
		const { device, recoveryCodes: first } = await addPasskeyFor(lee);
		expect(first).toHaveLength(10);
		expect(await secondStepsOf(t.db, lee.id)).toEqual({ appCodes: false, passkeys: true });

		const replaced = await replaceRecoveryCodes(
			t.db,
			by(lee.id),
			{ passkey: await passkeyAnswer(lee, device) },
			rp,
			now,
			throttle
		);
		if (replaced.outcome !== 'replaced') throw new Error('expected new codes');
		expect(replaced.recoveryCodes).toHaveLength(10);
		expect(replaced.recoveryCodes).not.toContain(first[0]);
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
		expect(await auditActions(lee.id)).toEqual(['two-step.new-recovery-codes']);

		expect((await checkSecondStep(t.db, by(lee.id), first[0]!, now, throttle)).outcome).toBe(
			'refused'
		);
		expect(
			await checkSecondStep(t.db, by(lee.id), replaced.recoveryCodes[0]!, now, throttle)
		).toEqual({ outcome: 'accepted', usedRecoveryCode: true });
	});

	it('are made with one of the old codes, which is spent like any other use', async () => {
		const { recoveryCodes: first } = await addPasskeyFor(lee);
		const replaced = await replaceRecoveryCodes(
			t.db,
			by(lee.id),
			{ code: first[3]! },
			rp,
			now,
			throttle
		);
		expect(replaced).toMatchObject({ outcome: 'replaced' });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
		expect(await auditActions(lee.id)).toEqual([
			'two-step.recovery-code',
			'two-step.new-recovery-codes'
		]);
	});

	it('are still made when every old code is spent: the passkey alone is enough', async () => {
		const { device, recoveryCodes } = await addPasskeyFor(lee);
		for (const code of recoveryCodes)
			expect((await checkSecondStep(t.db, by(lee.id), code, now, throttle)).outcome).toBe(
				'accepted'
			);
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(0);
		const replaced = await replaceRecoveryCodes(
			t.db,
			by(lee.id),
			{ passkey: await passkeyAnswer(lee, device) },
			rp,
			now,
			throttle
		);
		expect(replaced).toMatchObject({ outcome: 'replaced' });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
	});
});

describe('refusals', () => {
	it('refuses a wrong code and a wrong passkey answer, keeping the old codes', async () => {
		const { device, recoveryCodes } = await addPasskeyFor(lee);
		for (const code of ['', '123456', 'aaaa-bbbb-cccc-dddd'])
			expect(await replaceRecoveryCodes(t.db, by(lee.id), { code }, rp, now, unthrottled)).toEqual({
				outcome: 'refused'
			});
		// An answer to a challenge made to add a passkey proves nothing here.
		const registration = await passkeyRegistrationOptions(t.db, lee, rp, now);
		const wrongUse = device.authenticate({ challenge: registration.challenge, rpId: rp.id });
		expect(
			await replaceRecoveryCodes(t.db, by(lee.id), { passkey: wrongUse }, rp, now, unthrottled)
		).toEqual({ outcome: 'refused' });
		// The same answer twice: the challenge works once.
		const answer = await passkeyAnswer(lee, device);
		await replaceRecoveryCodes(t.db, by(lee.id), { passkey: answer }, rp, now, unthrottled);
		const left = await recoveryCodesLeft(t.db, lee.id);
		expect(
			await replaceRecoveryCodes(t.db, by(lee.id), { passkey: answer }, rp, now, unthrottled)
		).toEqual({ outcome: 'refused' });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(left);
		expect(recoveryCodes).toHaveLength(10);
		expect(await auditActions(lee.id)).toContain('two-step.failure');
	});

	it('throttles wrong tries like the second step at sign-in', async () => {
		await addPasskeyFor(lee);
		const outcomes = [];
		for (let attempt = 0; attempt < 4; attempt++)
			outcomes.push(
				(await replaceRecoveryCodes(t.db, by(lee.id), { code: '000000' }, rp, now, throttle))
					.outcome
			);
		// Two tries come free, the third waits five seconds: the password's delays.
		expect(outcomes).toEqual(['refused', 'refused', 'refused', 'throttled']);
	});

	it('refuses another account’s codes and passkeys, and leaves them as they were', async () => {
		const { recoveryCodes: leeCodes } = await addPasskeyFor(lee);
		const { device: kimDevice, recoveryCodes: kimCodes } = await addPasskeyFor(kim);

		expect(
			await replaceRecoveryCodes(t.db, by(lee.id), { code: kimCodes[0]! }, rp, now, unthrottled)
		).toEqual({ outcome: 'refused' });
		// Kim's passkey, answering a challenge made for Lee, and one made for Kim.
		expect(
			await replaceRecoveryCodes(
				t.db,
				by(lee.id),
				{ passkey: await passkeyAnswer(lee, kimDevice) },
				rp,
				now,
				unthrottled
			)
		).toEqual({ outcome: 'refused' });
		expect(
			await replaceRecoveryCodes(
				t.db,
				by(lee.id),
				{ passkey: await passkeyAnswer(kim, kimDevice) },
				rp,
				now,
				unthrottled
			)
		).toEqual({ outcome: 'refused' });

		expect(await recoveryCodesLeft(t.db, kim.id)).toBe(10);
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
		expect((await checkSecondStep(t.db, by(kim.id), kimCodes[0]!, now, unthrottled)).outcome).toBe(
			'accepted'
		);
		expect((await checkSecondStep(t.db, by(lee.id), leeCodes[0]!, now, unthrottled)).outcome).toBe(
			'accepted'
		);
	});

	it('makes none for an account without a second step, and counts no failure', async () => {
		expect(await secondStepsOf(t.db, lee.id)).toEqual({ appCodes: false, passkeys: false });
		expect(
			await replaceRecoveryCodes(t.db, by(lee.id), { code: '123456' }, rp, now, throttle)
		).toEqual({ outcome: 'no-second-step' });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(0);
		expect(await throttle.check(t.db, lee.id, now)).toEqual({ allowed: true });
		expect(await auditActions(lee.id)).toEqual([]);
	});
});

describe('the last passkey removed', () => {
	it('ends the recovery codes with it; a later first passkey brings a new set', async () => {
		const { device, recoveryCodes } = await addPasskeyFor(lee);
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({
			outcome: 'removed'
		});
		expect(await secondStepsOf(t.db, lee.id)).toEqual({ appCodes: false, passkeys: false });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(0);
		expect(
			(await checkSecondStep(t.db, by(lee.id), recoveryCodes[0]!, now, throttle)).outcome
		).toBe('refused');
		expect(
			await replaceRecoveryCodes(t.db, by(lee.id), { code: recoveryCodes[1]! }, rp, now, throttle)
		).toEqual({ outcome: 'no-second-step' });

		const again = await addPasskeyFor(lee);
		expect(again.recoveryCodes).toHaveLength(10);
	});

	it('keeps the codes while another passkey remains', async () => {
		const { device } = await addPasskeyFor(lee);
		await addPasskeyFor(lee);
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({
			outcome: 'removed'
		});
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
	});
});
