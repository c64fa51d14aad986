import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirstTherapist } from '../accounts/setup';
import { createSession, generateSessionToken, validateSessionToken } from '../accounts/session';
import {
	checkSecondStep,
	startTwoStepSetup,
	confirmTwoStepSetup,
	setupInProgress,
	turnOffTwoStep
} from '../accounts/two-step';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { FailureThrottle, TokenBucket } from '../accounts/rate-limit';
import { signIn } from '../accounts/sign-in';
import { twoStepSetupDetour } from '../access/two-step-required';
import { createTestDatabase, insertTestCouple, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { recipient } from '../mail/notify';
import {
	issueColleagueInvitation,
	joinPracticeWithInvitation,
	lookUpColleagueInvitation
} from './colleague-invitations';
import {
	colleaguesOf,
	deactivateColleague,
	reactivateColleague,
	resetColleagueTwoStep
} from './colleagues';
import { handOverDeactivatedColleaguesCouples } from '../casework/handover';
import {
	createPractice,
	practicePolicies,
	readKeepSignedInDays,
	readRetentionYears,
	setPracticePolicies
} from './practices';

const now = new Date('2026-11-27T14:00:00.000Z');
const PASSWORD = 'violet tram under quiet harbours';
const visitor = { clientAddress: '203.0.113.9' };

let t: TestDatabase;
let adminId: string;
let practiceId: string;
let admin: ReturnType<typeof by> & { practiceId: string };

beforeEach(async () => {
	t = await createTestDatabase();
	adminId = (await createFirstTherapist(
		t.db,
		visitor,
		{ email: 'lee@example.com', displayName: 'Lee Okafor', password: PASSWORD },
		now
	))!;
	const row = await t.db
		.selectFrom('users')
		.select(['practice_id', 'practice_role'])
		.where('id', '=', adminId)
		.executeTakeFirstOrThrow();
	practiceId = row.practice_id!;
	admin = { ...by(adminId), practiceId };
});

afterEach(async () => {
	await t.cleanup();
});

async function joinColleague(email = 'kim@example.com'): Promise<string> {
	const { token } = await issueColleagueInvitation(t.db, admin, null, now);
	expect(
		await joinPracticeWithInvitation(
			t.db,
			visitor,
			token,
			{ email, displayName: 'Kim Adeyemi', password: PASSWORD, timeZone: 'Europe/London' },
			now
		)
	).toBe('joined');
	const row = await t.db
		.selectFrom('users')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirstOrThrow();
	return row.id;
}

async function sessionFor(userId: string): Promise<string> {
	const token = generateSessionToken();
	await createSession(t.db, token, { id: userId, role: 'therapist' }, now, {
		keepSignedIn: false,
		device: null
	});
	return token;
}

describe('first-run setup', () => {
	it('makes the first therapist administrator of a new practice that requires two-step', async () => {
		const row = await t.db
			.selectFrom('users')
			.select('practice_role')
			.where('id', '=', adminId)
			.executeTakeFirstOrThrow();
		expect(row.practice_role).toBe('administrator');
		expect(await practicePolicies(t.db, practiceId)).toEqual({
			twoStepRequired: true,
			retentionYears: 7,
			partnerKeepSignedInDays: 30,
			name: null
		});
	});
});

describe('two-step required by the practice', () => {
	it('closes every page but its setup to a therapist without it, until it is set up', async () => {
		const token = await sessionFor(adminId);
		const { user } = await validateSessionToken(t.db, token, now);
		expect(user?.mustSetUpTwoStep).toBe(true);
		expect(twoStepSetupDetour(user, '/practice')).toBe('/account/two-step?required');
		expect(twoStepSetupDetour(user, '/couples/x/__data.json')).toBe('/account/two-step?required');
		expect(twoStepSetupDetour(user, '/account/two-step')).toBeNull();
		expect(twoStepSetupDetour(user, '/sign-out')).toBeNull();

		await startTwoStepSetup(t.db, by(adminId), now);
		const setup = await setupInProgress(t.db, adminId);
		const code = generateHOTP(
			decodeBase32IgnorePadding(setup!.keyText.replace(/ /g, '')),
			BigInt(Math.floor(now.getTime() / 30_000)),
			6
		);
		await confirmTwoStepSetup(t.db, by(adminId), code, now, new FailureThrottle('second-step'));
		const after = await validateSessionToken(t.db, token, now);
		expect(after.user?.mustSetUpTwoStep).toBe(false);
		// ...and it cannot be turned off while the practice requires it.
		expect(
			await turnOffTwoStep(t.db, by(adminId), code, now, new FailureThrottle('second-step'))
		).toEqual({
			outcome: 'required'
		});
	});

	it('asks nothing of a therapist when the practice does not require it', async () => {
		await setPracticePolicies(
			t.db,
			admin,
			practiceId,
			{ twoStepRequired: false, retentionYears: 7, partnerKeepSignedInDays: 30, name: null },
			now
		);
		const { user } = await validateSessionToken(t.db, await sessionFor(adminId), now);
		expect(user?.mustSetUpTwoStep).toBe(false);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('action', '=', 'practice.policies-change')
			.execute();
		expect(audit).toHaveLength(1);
	});
});

describe('colleague invitations', () => {
	it('make a therapist of the practice, once per link', async () => {
		const { token } = await issueColleagueInvitation(t.db, admin, 'kim@example.com', now);
		expect((await lookUpColleagueInvitation(t.db, token, now)).state).toBe('open');
		await joinPracticeWithInvitation(
			t.db,
			visitor,
			token,
			{ email: 'kim@example.com', displayName: 'Kim', password: PASSWORD, timeZone: 'UTC' },
			now
		);
		expect((await lookUpColleagueInvitation(t.db, token, now)).state).toBe('used');
		const colleagues = await colleaguesOf(t.db, practiceId);
		expect(colleagues.map((c) => [c.email, c.role])).toEqual([
			['kim@example.com', 'member'],
			['lee@example.com', 'administrator']
		]);
		const mail = await t.db.selectFrom('outbox').select(['kind', 'to_address']).execute();
		expect(mail).toContainEqual({ kind: 'invitation', to_address: 'kim@example.com' });
	});

	it('answer an address with an account the same way, spend the link and tell the owner', async () => {
		await t.db.updateTable('users').set({ email_confirmed_at: now.toISOString() }).execute();
		const { token } = await issueColleagueInvitation(t.db, admin, null, now);
		const result = await joinPracticeWithInvitation(
			t.db,
			visitor,
			token,
			{ email: 'LEE@example.com', displayName: 'Intruder', password: PASSWORD, timeZone: 'UTC' },
			now
		);
		expect(result).toBe('address-taken');
		expect((await lookUpColleagueInvitation(t.db, token, now)).state).toBe('used');
		expect(await colleaguesOf(t.db, practiceId)).toHaveLength(1);
		const mail = await t.db.selectFrom('outbox').select(['kind']).execute();
		expect(mail.map((m) => m.kind)).toContain('address-in-use');
	});

	it('refuse an unknown, expired or garbled link', async () => {
		const { token } = await issueColleagueInvitation(t.db, admin, null, now);
		expect((await lookUpColleagueInvitation(t.db, 'x'.repeat(200), now)).state).toBe('unknown');
		expect((await lookUpColleagueInvitation(t.db, 'nope', now)).state).toBe('unknown');
		const later = new Date(now.getTime() + 8 * 24 * 60 * 60 * 1000);
		expect((await lookUpColleagueInvitation(t.db, token, later)).state).toBe('expired');
	});
});

describe('deactivation', () => {
	it('ends every session at once, refuses sign-in, and deletes nothing', async () => {
		const kim = await joinColleague();
		const token = await sessionFor(kim);
		expect(await deactivateColleague(t.db, admin, kim, now)).toBe(true);
		expect((await validateSessionToken(t.db, token, now)).session).toBeNull();
		const limits = {
			perAccount: new FailureThrottle('sign-in.account'),
			perKnownDevice: new FailureThrottle('sign-in.known-device'),
			perAddress: new TokenBucket('sign-in.client', 30, 2_000)
		};
		expect(
			await signIn(
				t.db,
				{ email: 'kim@example.com', password: PASSWORD, clientAddress: '203.0.113.1' },
				now,
				limits
			)
		).toEqual({ outcome: 'refused' });
		const colleagues = await colleaguesOf(t.db, practiceId);
		expect(colleagues.find((c) => c.id === kim)?.deactivated).toBe(true);
	});

	it('is refused for the administrator themself and for another practice’s therapist', async () => {
		expect(await deactivateColleague(t.db, admin, adminId, now)).toBe(false);
		const otherPractice = await createPractice(t.db, { twoStepRequired: false }, now);
		const kim = await joinColleague();
		await t.db
			.updateTable('users')
			.set({ practice_id: otherPractice })
			.where('id', '=', kim)
			.execute();
		expect(await deactivateColleague(t.db, admin, kim, now)).toBe(false);
		expect(await resetColleagueTwoStep(t.db, admin, kim, now)).toBe(false);
	});
});

describe('the administrator resets a colleague’s two-step', () => {
	it('removes it, audits it, signs them out, and makes them set it up again', async () => {
		await setPracticePolicies(
			t.db,
			admin,
			practiceId,
			{ twoStepRequired: false, retentionYears: 7, partnerKeepSignedInDays: 30, name: null },
			now
		);
		const kim = await joinColleague();
		await startTwoStepSetup(t.db, by(kim), now);
		const setup = await setupInProgress(t.db, kim);
		const code = generateHOTP(
			decodeBase32IgnorePadding(setup!.keyText.replace(/ /g, '')),
			BigInt(Math.floor(now.getTime() / 30_000)),
			6
		);
		await confirmTwoStepSetup(t.db, by(kim), code, now, new FailureThrottle('second-step'));
		const token = await sessionFor(kim);

		expect(await resetColleagueTwoStep(t.db, admin, kim, now)).toBe(true);
		expect((await validateSessionToken(t.db, token, now)).session).toBeNull();
		const { user } = await validateSessionToken(t.db, await sessionFor(kim), now);
		expect(user?.mustSetUpTwoStep).toBe(true);
		expect(
			(await checkSecondStep(t.db, by(kim), code, now, new FailureThrottle('second-step'))).outcome
		).toBe('refused');
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'user_id', 'object_id'])
			.where('action', 'in', ['colleague.two-step-reset', 'two-step.off'])
			.execute();
		expect(audit).toEqual([
			{ action: 'two-step.off', user_id: adminId, object_id: kim },
			{ action: 'colleague.two-step-reset', user_id: adminId, object_id: kim }
		]);
	});
});

describe('the retention period, a practice policy', () => {
	it('is the server default until the administrator chooses one', async () => {
		const before = process.env.RECORD_RETENTION_YEARS;
		try {
			process.env.RECORD_RETENTION_YEARS = '10';
			expect((await practicePolicies(t.db, practiceId)).retentionYears).toBe(10);
			delete process.env.RECORD_RETENTION_YEARS;
			expect((await practicePolicies(t.db, practiceId)).retentionYears).toBe(7);
			await setPracticePolicies(
				t.db,
				admin,
				practiceId,
				{ twoStepRequired: true, retentionYears: 12, partnerKeepSignedInDays: 30, name: null },
				now
			);
			process.env.RECORD_RETENTION_YEARS = '10';
			expect((await practicePolicies(t.db, practiceId)).retentionYears).toBe(12);
		} finally {
			if (before === undefined) delete process.env.RECORD_RETENTION_YEARS;
			else process.env.RECORD_RETENTION_YEARS = before;
		}
	});

	it('takes a whole number of years from 1 to 30 and says what is wrong otherwise', () => {
		expect(readRetentionYears(' 1 ')).toEqual({ years: 1 });
		expect(readRetentionYears('30')).toEqual({ years: 30 });
		for (const typed of ['0', '31', '100'])
			expect(readRetentionYears(typed)).toEqual({ problem: 'Choose between 1 and 30 years.' });
		for (const typed of ['', 'seven', '7.5', '-3', '1e1'])
			expect(readRetentionYears(typed)).toEqual({
				problem: 'Enter a whole number of years, like 7.'
			});
	});

	it('is refused by the database outside the range, whatever the caller', async () => {
		await expect(
			t.db.updateTable('practices').set({ retention_years: 31 }).execute()
		).rejects.toThrow(/check constraint/i);
	});

	it('audits a change of period, and only a change', async () => {
		const set = (years: number) =>
			setPracticePolicies(
				t.db,
				admin,
				practiceId,
				{ twoStepRequired: true, retentionYears: years, partnerKeepSignedInDays: 30, name: null },
				now
			);
		await set(7);
		await set(9);
		await set(9);
		const rows = await t.db
			.selectFrom('audit_log')
			.select(['user_id', 'object_type', 'object_id'])
			.where('action', '=', 'practice.retention-change')
			.execute();
		expect(rows).toEqual([{ user_id: adminId, object_type: 'practice', object_id: practiceId }]);
	});
});

describe('partners’ keep-signed-in limit and the practice’s name, practice policies', () => {
	it('reads the limit as 1 to 30 whole days, with a message otherwise', () => {
		expect(readKeepSignedInDays(' 1 ')).toEqual({ days: 1 });
		expect(readKeepSignedInDays('30')).toEqual({ days: 30 });
		for (const typed of ['0', '31', '365'])
			expect(readKeepSignedInDays(typed)).toEqual({ problem: 'Choose between 1 and 30 days.' });
		for (const typed of ['', 'two', '1.5', '-3'])
			expect(readKeepSignedInDays(typed)).toEqual({
				problem: 'Enter a whole number of days, like 14.'
			});
	});

	it('stores both with one audit row, and the name is the sender of every mail of the practice', async () => {
		const kim = await joinColleague();
		await setPracticePolicies(
			t.db,
			admin,
			practiceId,
			{
				twoStepRequired: true,
				retentionYears: 7,
				partnerKeepSignedInDays: 3,
				name: '  Northside Practice '
			},
			now
		);
		expect(await practicePolicies(t.db, practiceId)).toMatchObject({
			partnerKeepSignedInDays: 3,
			name: 'Northside Practice'
		});
		expect((await recipient(t.db, kim))?.senderName).toBe('Northside Practice');
		expect((await recipient(t.db, adminId))?.senderName).toBe('Northside Practice');
		const rows = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_id'])
			.where('action', 'like', 'practice.%')
			.execute();
		expect(rows).toEqual([{ action: 'practice.policies-change', object_id: practiceId }]);
	});

	it('refuses a name that would break a mail header, and changes nothing', async () => {
		await expect(
			setPracticePolicies(
				t.db,
				admin,
				practiceId,
				{ twoStepRequired: true, retentionYears: 7, partnerKeepSignedInDays: 30, name: 'a\nb' },
				now
			)
		).rejects.toThrow(RangeError);
		expect((await practicePolicies(t.db, practiceId)).name).toBeNull();
	});
});

describe('reactivating a colleague and handing over their couples', () => {
	const limits = () => ({
		perAccount: new FailureThrottle('sign-in.account'),
		perKnownDevice: new FailureThrottle('sign-in.known-device'),
		perAddress: new TokenBucket('sign-in.client', 30, 2_000)
	});
	const signInKim = () =>
		signIn(
			t.db,
			{ email: 'kim@example.com', password: PASSWORD, clientAddress: '203.0.113.1' },
			now,
			limits()
		);
	const audited = (action: string) =>
		t.db
			.selectFrom('audit_log')
			.select(['user_id', 'object_type', 'object_id'])
			.where('action', '=', action as never)
			.execute();

	it('lets a deactivated colleague sign in again, audited', async () => {
		const kim = await joinColleague();
		await deactivateColleague(t.db, admin, kim, now);
		expect(await reactivateColleague(t.db, admin, kim, now)).toBe(true);
		expect(await signInKim()).toMatchObject({ outcome: 'signed-in' });
		expect((await colleaguesOf(t.db, practiceId)).find((c) => c.id === kim)?.deactivated).toBe(
			false
		);
		expect(await audited('colleague.reactivate')).toEqual([
			{ user_id: adminId, object_type: 'user', object_id: kim }
		]);
	});

	it('is refused for the administrator themself and another practice’s therapist', async () => {
		expect(await reactivateColleague(t.db, admin, adminId, now)).toBe(false);
		const kim = await joinColleague();
		await deactivateColleague(t.db, admin, kim, now);
		const otherPractice = await createPractice(t.db, { twoStepRequired: false }, now);
		await t.db
			.updateTable('users')
			.set({ practice_id: otherPractice })
			.where('id', '=', kim)
			.execute();
		expect(await reactivateColleague(t.db, admin, kim, now)).toBe(false);
		expect(await signInKim()).toEqual({ outcome: 'refused' });
		expect(await audited('colleague.reactivate')).toEqual([]);
	});

	it('moves every couple of a deactivated colleague, each audited with both therapists', async () => {
		const kim = await joinColleague();
		const ana = await joinColleague('ana@example.com');
		const first = await insertTestCouple(t.db, kim, 'A & B');
		const second = await insertTestCouple(t.db, kim, 'C & D');
		const anasOwn = await insertTestCouple(t.db, ana, 'E & F');
		await deactivateColleague(t.db, admin, kim, now);
		expect((await colleaguesOf(t.db, practiceId)).find((c) => c.id === kim)?.coupleCount).toBe(2);

		expect(await handOverDeactivatedColleaguesCouples(t.db, admin, kim, ana, now)).toBe(2);
		const owners = await t.db
			.selectFrom('couples')
			.select(['id', 'therapist_id'])
			.orderBy('id')
			.execute();
		expect(owners).toEqual(
			[
				{ id: first, therapist_id: ana },
				{ id: second, therapist_id: ana },
				{ id: anasOwn, therapist_id: ana }
			].sort((a, b) => a.id.localeCompare(b.id))
		);
		const rows = await audited('couple.hand-over');
		expect(rows).toHaveLength(6);
		for (const couple of [first, second])
			expect(rows).toEqual(
				expect.arrayContaining([
					{ user_id: adminId, object_type: 'couple', object_id: couple },
					{ user_id: adminId, object_type: 'from-therapist', object_id: kim },
					{ user_id: adminId, object_type: 'to-therapist', object_id: ana }
				])
			);
	});

	it('is refused from an active colleague, to a deactivated one, or across practices', async () => {
		const kim = await joinColleague();
		const ana = await joinColleague('ana@example.com');
		const couple = await insertTestCouple(t.db, kim, 'A & B');
		// Kim is still active: their couples stay theirs.
		expect(await handOverDeactivatedColleaguesCouples(t.db, admin, kim, ana, now)).toBeNull();
		await deactivateColleague(t.db, admin, kim, now);
		await deactivateColleague(t.db, admin, ana, now);
		// Nor to someone who cannot sign in.
		expect(await handOverDeactivatedColleaguesCouples(t.db, admin, kim, ana, now)).toBeNull();
		// Nor to a therapist of another practice.
		const otherPractice = await createPractice(t.db, { twoStepRequired: false }, now);
		const lee = await joinColleague('lee@example.org');
		await t.db
			.updateTable('users')
			.set({ practice_id: otherPractice })
			.where('id', '=', lee)
			.execute();
		expect(await handOverDeactivatedColleaguesCouples(t.db, admin, kim, lee, now)).toBeNull();
		const owner = await t.db
			.selectFrom('couples')
			.select('therapist_id')
			.where('id', '=', couple)
			.executeTakeFirstOrThrow();
		expect(owner.therapist_id).toBe(kim);
		expect(await audited('couple.hand-over')).toEqual([]);
		// To the administrator themself it works.
		expect(await handOverDeactivatedColleaguesCouples(t.db, admin, kim, adminId, now)).toBe(1);
	});
});
