import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirstTherapist } from './setup';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import { signIn } from './sign-in';
import { FailureThrottle, TokenBucket } from './rate-limit';
import { checkSecondStep } from './two-step';
import { recoveryCodesLeft } from './recovery-codes';
import {
	addPasskey,
	checkPasskeyName,
	passkeyRegistrationOptions,
	passkeysOf,
	removePasskey
} from './passkeys';
import {
	checkSecondStepPasskey,
	passkeySignInOptions,
	secondStepPasskeyOptions,
	signInWithPasskey
} from './passkey-sign-in';
import { CHALLENGE_LIFETIME_MS } from './passkey-challenges';
import { relyingParty } from './relying-party';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { SoftwareAuthenticator } from '../testing/software-authenticator';
import { by } from '../testing/actors';
import { deactivateColleague, resetColleagueTwoStep } from '../practice/colleagues';
import {
	issueColleagueInvitation,
	joinPracticeWithInvitation
} from '../practice/colleague-invitations';

const now = new Date('2026-12-02T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const ORIGIN = 'https://therapy.example.org';
const rp = relyingParty(ORIGIN);
const PASSWORD = 'violet tram under quiet harbours';
const visitor = '203.0.113.9';

let t: TestDatabase;
let lee: { id: string; email: string; displayName: string };
let practiceId: string;

beforeEach(async () => {
	t = await createTestDatabase();
	const id = (await createFirstTherapist(
		t.db,
		{ clientAddress: visitor },
		{ email: 'lee@example.com', displayName: 'Lee Okafor', password: PASSWORD },
		now
	))!;
	lee = { id, email: 'lee@example.com', displayName: 'Lee Okafor' };
	const row = await t.db
		.selectFrom('users')
		.select('practice_id')
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	practiceId = row.practice_id!;
});

afterEach(async () => {
	await t.cleanup();
});

/** A passkey made on `device` for `user`, as the two-step page does it. */
async function register(
	user: { id: string; email: string; displayName: string },
	device = new SoftwareAuthenticator(ORIGIN),
	name = 'Laptop'
) {
	const options = await passkeyRegistrationOptions(t.db, user, rp, now);
	const result = await addPasskey(t.db, by(user.id), name, device.register(options), rp, now);
	return { device, result };
}

async function signInOptions(at = now) {
	const result = await passkeySignInOptions(t.db, visitor, rp, at, {
		perAccount: new FailureThrottle('sign-in.account'),
		perKnownDevice: new FailureThrottle('sign-in.known-device'),
		perAddress: new TokenBucket('sign-in.client', 30, 2_000)
	});
	if (result.outcome !== 'options') throw new Error('expected options');
	return result.options;
}

describe('adding a passkey', () => {
	it('keeps it under its name, bound to the origin, with recovery codes for the first', async () => {
		const { device, result } = await register(lee);
		expect(result).toMatchObject({ outcome: 'added' });
		expect(result.outcome === 'added' && result.recoveryCodes).toHaveLength(10);
		expect(await passkeysOf(t.db, lee.id)).toEqual([
			{ id: device.id, name: 'Laptop', createdAt: now, lastUsedAt: null }
		]);
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_id'])
			.where('action', '=', 'passkey.add')
			.execute();
		expect(audit).toEqual([{ action: 'passkey.add', object_id: device.id }]);

		// The second is one more way past the password: the codes already given stay.
		const second = await register(lee, new SoftwareAuthenticator(ORIGIN), 'Phone');
		expect(second.result).toEqual({ outcome: 'added', recoveryCodes: null });
		expect(await recoveryCodesLeft(t.db, lee.id)).toBe(10);
	});

	it('refuses an answer for a challenge already used', async () => {
		const device = new SoftwareAuthenticator(ORIGIN);
		const options = await passkeyRegistrationOptions(t.db, lee, rp, now);
		const answer = device.register(options);
		expect((await addPasskey(t.db, by(lee.id), 'Laptop', answer, rp, now)).outcome).toBe('added');
		await t.db.deleteFrom('passkeys').execute();
		expect(await addPasskey(t.db, by(lee.id), 'Laptop', answer, rp, now)).toEqual({
			outcome: 'refused'
		});
		expect(await passkeysOf(t.db, lee.id)).toEqual([]);
	});

	it('refuses a challenge given to someone else, an old one, another origin and nonsense', async () => {
		const kim = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Kim' };
		const device = new SoftwareAuthenticator(ORIGIN);
		const forKim = await passkeyRegistrationOptions(t.db, kim, rp, now);
		expect(await addPasskey(t.db, by(lee.id), 'Laptop', device.register(forKim), rp, now)).toEqual({
			outcome: 'refused'
		});

		const old = await passkeyRegistrationOptions(t.db, lee, rp, now);
		expect(
			await addPasskey(
				t.db,
				by(lee.id),
				'Laptop',
				device.register(old),
				rp,
				later(CHALLENGE_LIFETIME_MS)
			)
		).toEqual({ outcome: 'refused' });

		const elsewhere = await passkeyRegistrationOptions(t.db, lee, rp, now);
		const phished = device.register(elsewhere, { origin: 'https://therapy.example.org.evil.test' });
		expect(await addPasskey(t.db, by(lee.id), 'Laptop', phished, rp, now)).toEqual({
			outcome: 'refused'
		});

		for (const nonsense of ['', 'not json', '{}', '{"id":"x","response":{}}', '[]'])
			expect(await addPasskey(t.db, by(lee.id), 'Laptop', nonsense, rp, now)).toEqual({
				outcome: 'refused'
			});
		expect(await passkeysOf(t.db, lee.id)).toEqual([]);
	});

	it('never takes over a passkey already kept for another account', async () => {
		const { device } = await register(lee);
		const kim = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Kim' };
		const options = await passkeyRegistrationOptions(t.db, kim, rp, now);
		expect(
			await addPasskey(t.db, by(kim.id), 'Mine now', device.register(options), rp, now)
		).toEqual({ outcome: 'refused' });
		expect(await passkeysOf(t.db, kim.id)).toEqual([]);
	});

	it('asks for a name of 1 to 60 characters', () => {
		expect(checkPasskeyName('  Work   laptop ')).toEqual({ ok: true, name: 'Work laptop' });
		expect(checkPasskeyName('   ')).toMatchObject({ ok: false });
		expect(checkPasskeyName('x'.repeat(61))).toMatchObject({ ok: false });
	});
});

describe('signing in with a passkey alone', () => {
	it('signs in whoever the passkey belongs to, and moves its counter on', async () => {
		const { device } = await register(lee);
		const result = await signInWithPasskey(
			t.db,
			device.authenticate(await signInOptions()),
			visitor,
			rp,
			now
		);
		expect(result).toEqual({
			outcome: 'signed-in',
			user: { id: lee.id, role: 'therapist', email: lee.email }
		});
		const [kept] = await passkeysOf(t.db, lee.id);
		expect(kept?.lastUsedAt).toEqual(now);
	});

	it('refuses the same answer twice: each challenge works once', async () => {
		const { device } = await register(lee);
		const answer = device.authenticate(await signInOptions());
		expect((await signInWithPasskey(t.db, answer, visitor, rp, now)).outcome).toBe('signed-in');
		expect((await signInWithPasskey(t.db, answer, visitor, rp, now)).outcome).toBe('refused');
	});

	it('refuses a challenge made to add a passkey, or one past its five minutes', async () => {
		const { device } = await register(lee);
		const registration = await passkeyRegistrationOptions(t.db, lee, rp, now);
		const wrongUse = device.authenticate({ challenge: registration.challenge, rpId: rp.id });
		expect((await signInWithPasskey(t.db, wrongUse, visitor, rp, now)).outcome).toBe('refused');

		const late = device.authenticate(await signInOptions());
		expect(
			(await signInWithPasskey(t.db, late, visitor, rp, later(CHALLENGE_LIFETIME_MS))).outcome
		).toBe('refused');
	});

	it('refuses a copied device whose counter went back', async () => {
		const { device } = await register(lee);
		const copy = device.clone();
		expect(
			(await signInWithPasskey(t.db, device.authenticate(await signInOptions()), visitor, rp, now))
				.outcome
		).toBe('signed-in');
		expect(
			(await signInWithPasskey(t.db, device.authenticate(await signInOptions()), visitor, rp, now))
				.outcome
		).toBe('signed-in');
		// The copy is one use behind: its counter is not past the one stored.
		expect(
			(await signInWithPasskey(t.db, copy.authenticate(await signInOptions()), visitor, rp, now))
				.outcome
		).toBe('refused');
	});

	it('refuses a removed passkey, a passkey never added, and a deactivated account', async () => {
		const { device } = await register(lee);
		await register(lee, new SoftwareAuthenticator(ORIGIN), 'Phone');
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({ outcome: 'removed' });
		expect(
			(await signInWithPasskey(t.db, device.authenticate(await signInOptions()), visitor, rp, now))
				.outcome
		).toBe('refused');

		const stranger = new SoftwareAuthenticator(ORIGIN);
		stranger.userHandle = Buffer.from(lee.id).toString('base64url');
		expect(
			(
				await signInWithPasskey(
					t.db,
					stranger.authenticate(await signInOptions()),
					visitor,
					rp,
					now
				)
			).outcome
		).toBe('refused');

		const { token } = await issueColleagueInvitation(
			t.db,
			{ ...by(lee.id), practiceId },
			null,
			now
		);
		await joinPracticeWithInvitation(
			t.db,
			{ clientAddress: visitor },
			token,
			{ email: 'kim@example.com', displayName: 'Kim', password: PASSWORD, timeZone: 'UTC' },
			now
		);
		const kimId = (
			await t.db
				.selectFrom('users')
				.select('id')
				.where('email', '=', 'kim@example.com')
				.executeTakeFirstOrThrow()
		).id;
		const kimDevice = (await register({ id: kimId, email: 'kim@example.com', displayName: 'Kim' }))
			.device;
		await deactivateColleague(t.db, { ...by(lee.id), practiceId }, kimId, now);
		expect(
			(
				await signInWithPasskey(
					t.db,
					kimDevice.authenticate(await signInOptions()),
					visitor,
					rp,
					now
				)
			).outcome
		).toBe('refused');
		const failures = await t.db
			.selectFrom('audit_log')
			.select('object_type')
			.where('action', '=', 'sign-in.failure')
			.execute();
		expect(failures).toHaveLength(3);
	});

	it('limits how often one client address may ask for a challenge', async () => {
		const limits = {
			perAccount: new FailureThrottle('sign-in.account'),
			perKnownDevice: new FailureThrottle('sign-in.known-device'),
			perAddress: new TokenBucket('sign-in.client', 2, 60_000)
		};
		expect((await passkeySignInOptions(t.db, visitor, rp, now, limits)).outcome).toBe('options');
		expect((await passkeySignInOptions(t.db, visitor, rp, now, limits)).outcome).toBe('options');
		expect((await passkeySignInOptions(t.db, visitor, rp, now, limits)).outcome).toBe('throttled');
	});
});

describe('a passkey as the second step', () => {
	it('counts as two-step: the password alone asks for it, and it finishes the sign-in', async () => {
		const { device } = await register(lee);
		const password = await signIn(
			t.db,
			{ email: lee.email, password: PASSWORD, clientAddress: visitor },
			now
		);
		expect(password).toMatchObject({ outcome: 'signed-in', user: { twoStep: true } });

		const options = await secondStepPasskeyOptions(t.db, lee.id, rp, now);
		expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([device.id]);
		const throttle = new FailureThrottle('second-step');
		expect(
			await checkSecondStepPasskey(
				t.db,
				by(lee.id),
				device.authenticate(options),
				rp,
				now,
				throttle
			)
		).toEqual({ outcome: 'accepted' });
	});

	it('refuses a passkey of another account, even with a challenge given to this one', async () => {
		await register(lee);
		const kim = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Kim' };
		const { device: kimDevice } = await register(kim);
		const options = await secondStepPasskeyOptions(t.db, lee.id, rp, now);
		expect(
			await checkSecondStepPasskey(
				t.db,
				by(lee.id),
				kimDevice.authenticate(options),
				rp,
				now,
				new FailureThrottle('second-step')
			)
		).toEqual({ outcome: 'refused' });
		// Nor may Kim's own passkey spend the challenge given to Lee.
		const forLee = await secondStepPasskeyOptions(t.db, lee.id, rp, now);
		expect(
			await checkSecondStepPasskey(
				t.db,
				by(kim.id),
				kimDevice.authenticate(forLee),
				rp,
				now,
				new FailureThrottle('second-step')
			)
		).toEqual({ outcome: 'refused' });
	});

	it('refuses a sign-in challenge used as a second step', async () => {
		const { device } = await register(lee);
		expect(
			await checkSecondStepPasskey(
				t.db,
				by(lee.id),
				device.authenticate(await signInOptions()),
				rp,
				now,
				new FailureThrottle('second-step')
			)
		).toEqual({ outcome: 'refused' });
	});

	it('lets a passkey-only account past with a recovery code when the device is lost', async () => {
		const { result } = await register(lee);
		const codes = result.outcome === 'added' ? (result.recoveryCodes ?? []) : [];
		expect(
			await checkSecondStep(
				t.db,
				by(lee.id),
				codes[0] ?? '',
				now,
				new FailureThrottle('second-step')
			)
		).toMatchObject({ outcome: 'accepted', usedRecoveryCode: true });
	});
});

describe('the practice’s two-step rule', () => {
	async function mustSetUp(): Promise<boolean> {
		const token = generateSessionToken();
		await createSession(t.db, token, { id: lee.id, role: 'therapist' }, now, {
			keepSignedIn: false,
			device: null
		});
		const validated = await validateSessionToken(t.db, token, now);
		return validated.user?.mustSetUpTwoStep ?? true;
	}

	it('is met by a passkey, and the last one cannot be removed while it is the only way', async () => {
		expect(await mustSetUp()).toBe(true);
		const { device } = await register(lee);
		expect(await mustSetUp()).toBe(false);
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({
			outcome: 'required'
		});
		const phone = await register(lee, new SoftwareAuthenticator(ORIGIN), 'Phone');
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({ outcome: 'removed' });
		expect(await passkeysOf(t.db, lee.id)).toEqual([expect.objectContaining({ name: 'Phone' })]);
		expect(phone.result.outcome).toBe('added');
	});

	it('never removes someone else’s passkey', async () => {
		const kim = { ...(await insertTestUser(t.db, { role: 'therapist' })), displayName: 'Kim' };
		const { device } = await register(kim);
		expect(await removePasskey(t.db, by(lee.id), device.id, now)).toEqual({
			outcome: 'not-found'
		});
		expect(await passkeysOf(t.db, kim.id)).toHaveLength(1);
	});

	it('an administrator’s reset of a colleague’s two-step removes their passkeys too', async () => {
		await register(lee);
		const { token } = await issueColleagueInvitation(
			t.db,
			{ ...by(lee.id), practiceId },
			null,
			now
		);
		await joinPracticeWithInvitation(
			t.db,
			{ clientAddress: visitor },
			token,
			{ email: 'kim@example.com', displayName: 'Kim', password: PASSWORD, timeZone: 'UTC' },
			now
		);
		const kimId = (
			await t.db
				.selectFrom('users')
				.select('id')
				.where('email', '=', 'kim@example.com')
				.executeTakeFirstOrThrow()
		).id;
		await register({ id: kimId, email: 'kim@example.com', displayName: 'Kim' });
		expect(await resetColleagueTwoStep(t.db, { ...by(lee.id), practiceId }, kimId, now)).toBe(true);
		expect(await passkeysOf(t.db, kimId)).toEqual([]);
		expect(await recoveryCodesLeft(t.db, kimId)).toBe(0);
	});
});
