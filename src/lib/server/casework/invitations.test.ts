import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmailTakenError } from '../accounts/accounts';
import { createCouple, setCoupleArchived } from './couples';
import {
	INVITATION_LIFETIME_MS,
	InvitationClosedError,
	acceptInvitation,
	joinWithInvitation,
	issueInvitation,
	lookUpInvitation,
	openInvitations,
	revokeInvitation
} from './invitations';
import { verifyPassword } from '../accounts/password';
import { generateSessionToken } from '../accounts/session';
import {
	createTestDatabase,
	everyStoredValue,
	failEvery,
	insertTestUser,
	type TestDatabase,
	nameTestPractice
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const policyText = 'I work with the two of you as a couple.';
/** Whoever opens the link: not signed in, known only by their address. */
const visitor = { clientAddress: '203.0.113.9' };

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
let coupleId: string;
let alexPlace: string;
let samPlace: string;

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	await t.db
		.updateTable('users')
		.set({ display_name: 'Dr. Reyes', time_zone: 'Europe/London' })
		.where('id', '=', therapist)
		.execute();
	coupleId = await createCouple(
		t.db,
		by(therapist),
		{ name: 'Alex & Sam', partnerNames: ['Alex', 'Sam'], secretsPolicy: 'no-secrets', policyText },
		now
	);
	const places = await t.db
		.selectFrom('partners')
		.select(['id', 'position'])
		.where('couple_id', '=', coupleId)
		.orderBy('position')
		.execute();
	[alexPlace, samPlace] = places.map((place) => place.id) as [string, string];
});

afterEach(async () => {
	await t.cleanup();
});

const alexAccount = {
	email: 'alex@example.com',
	displayName: 'Alex Rivera',
	password: 'a long walk on sunday',
	timeZone: 'Europe/Lisbon'
};

async function issue(partnerId = alexPlace, at = now): Promise<string> {
	const issued = await issueInvitation(t.db, by(therapist), partnerId, at);
	if (!issued) throw new Error('expected an invitation');
	return issued.token;
}

async function invitationRows() {
	return t.db.selectFrom('invitations').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** The audit log's record of partners joining (the therapist's own rows aside), without ids. */
async function auditRows() {
	return t.db
		.selectFrom('audit_log')
		.select(['at', 'user_id', 'action', 'object_type', 'object_id', 'client_address'])
		.where('action', '=', 'invitation.accept')
		.orderBy('id')
		.execute();
}

async function userCount() {
	return (await t.db.selectFrom('users').select('id').execute()).length;
}

describe('issueInvitation', () => {
	it('gives a 160-bit token that lasts seven days', async () => {
		const issued = await issueInvitation(t.db, by(therapist), alexPlace, now);
		// 20 random bytes in base32: 32 characters of 5 bits each.
		expect(issued?.token).toMatch(/^[a-z2-7]{32}$/);
		expect(issued?.expiresAt).toBe(later(7 * 24 * 60 * 60 * 1000).toISOString());
		expect(INVITATION_LIFETIME_MS).toBe(7 * 24 * 60 * 60 * 1000);
		expect(await invitationRows()).toEqual([
			{
				id: expect.any(String),
				partner_id: alexPlace,
				token_hash: expect.any(String),
				created_by: therapist,
				created_at: now.toISOString(),
				expires_at: issued?.expiresAt,
				used_at: null,
				revoked_at: null
			}
		]);
	});

	it('stores only the SHA-256 of the token: the token is nowhere in the database', async () => {
		const token = await issue();
		const [row] = await invitationRows();
		expect(row?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
		const values = await everyStoredValue(t.db);
		expect(values.length).toBeGreaterThan(0);
		for (const value of values) expect(value.toLowerCase()).not.toContain(token);
	});

	it('gives a different token every time', async () => {
		const tokens = new Set<string>();
		for (let i = 0; i < 20; i += 1) tokens.add(await issue());
		expect(tokens.size).toBe(20);
	});

	it('stops the earlier link when a new one is issued', async () => {
		const first = await issue();
		const second = await issue(alexPlace, later(60_000));
		expect(await lookUpInvitation(t.db, first, later(120_000))).toEqual({
			state: 'revoked',
			therapistName: 'Dr. Reyes'
		});
		expect(await lookUpInvitation(t.db, second, later(120_000))).toMatchObject({ state: 'open' });
		const rows = await invitationRows();
		expect(rows.map((row) => row.revoked_at)).toEqual([later(60_000).toISOString(), null]);
	});

	it('leaves the other partner’s link alone', async () => {
		const sams = await issue(samPlace);
		await issue(alexPlace);
		await issue(alexPlace);
		expect(await lookUpInvitation(t.db, sams, now)).toMatchObject({
			state: 'open',
			partnerId: samPlace
		});
	});

	it('refuses another therapist’s partner, an unknown partner, an archived couple and a partner who joined', async () => {
		expect(await issueInvitation(t.db, by(otherTherapist), alexPlace, now)).toBeNull();
		expect(await issueInvitation(t.db, by(therapist), 'no-such-partner', now)).toBeNull();

		await acceptInvitation(
			t.db,
			visitor,
			await issue(samPlace),
			{ ...alexAccount, email: 'sam@example.com' },
			now
		);
		const before = await invitationRows();
		expect(await issueInvitation(t.db, by(therapist), samPlace, now)).toBeNull();
		expect(await invitationRows()).toEqual(before);

		await setCoupleArchived(t.db, by(therapist), coupleId, true, now);
		expect(await issueInvitation(t.db, by(therapist), alexPlace, now)).toBeNull();
		expect(await invitationRows()).toEqual(before);
	});

	it('does not let another therapist revoke a link', async () => {
		const token = await issue();
		expect(await revokeInvitation(t.db, by(otherTherapist), alexPlace, now)).toBe(false);
		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'open' });
		expect(await revokeInvitation(t.db, by(therapist), alexPlace, now)).toBe(true);
		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'revoked' });
	});
});

describe('openInvitations', () => {
	it('lists the partners with a working link, until when', async () => {
		const issued = await issueInvitation(t.db, by(therapist), alexPlace, now);
		await issue(samPlace, later(-INVITATION_LIFETIME_MS - 1));
		expect(await openInvitations(t.db, coupleId, now)).toEqual([
			{ partnerId: alexPlace, openUntil: issued?.expiresAt }
		]);
	});
});

describe('lookUpInvitation', () => {
	it('opens a fresh link, with what the join page shows', async () => {
		const token = await issue();
		expect(await lookUpInvitation(t.db, token, now)).toEqual({
			state: 'open',
			invitationId: expect.any(String),
			partnerId: alexPlace,
			coupleId,
			partnerName: 'Alex',
			therapistName: 'Dr. Reyes',
			therapistTimeZone: 'Europe/London',
			secretsPolicy: 'no-secrets',
			policyText
		});
	});

	it.each([
		['a random token of the right shape', () => generateSessionToken()],
		['an empty token', () => ''],
		['an overlong token', () => 'a'.repeat(65)],
		['a very long token', () => 'a'.repeat(100_000)],
		['SQL', () => "' OR 1=1 --"],
		['control characters', () => '\u0000\r\n%00'],
		['emoji', () => '🔗'.repeat(10)]
	])('knows nothing of %s, and names no therapist', async (_kind, token) => {
		await issue();
		expect(await lookUpInvitation(t.db, token(), now)).toEqual({
			state: 'unknown',
			therapistName: null
		});
	});

	it('does not accept the stored hash in place of the token, nor the token changed by a letter', async () => {
		const token = await issue();
		const [row] = await invitationRows();
		expect(await lookUpInvitation(t.db, row!.token_hash, now)).toMatchObject({ state: 'unknown' });
		expect(await lookUpInvitation(t.db, token.toUpperCase(), now)).toMatchObject({
			state: 'unknown'
		});
		expect(await lookUpInvitation(t.db, token.slice(0, -1), now)).toMatchObject({
			state: 'unknown'
		});
	});

	it('is open until seven days have passed, and expired from then on', async () => {
		const token = await issue();
		expect(await lookUpInvitation(t.db, token, later(INVITATION_LIFETIME_MS - 1))).toMatchObject({
			state: 'open'
		});
		expect(await lookUpInvitation(t.db, token, later(INVITATION_LIFETIME_MS + 1))).toEqual({
			state: 'expired',
			therapistName: 'Dr. Reyes'
		});
	});

	it('says revoked when the therapist stopped the link or archived the couple', async () => {
		const token = await issue();
		await revokeInvitation(t.db, by(therapist), alexPlace, now);
		expect(await lookUpInvitation(t.db, token, now)).toEqual({
			state: 'revoked',
			therapistName: 'Dr. Reyes'
		});

		const samsToken = await issue(samPlace);
		await setCoupleArchived(t.db, by(therapist), coupleId, true, now);
		expect(await lookUpInvitation(t.db, samsToken, now)).toEqual({
			state: 'revoked',
			therapistName: 'Dr. Reyes'
		});
	});

	it('says used once the link made an account', async () => {
		const token = await issue();
		await acceptInvitation(t.db, visitor, token, alexAccount, now);
		expect(await lookUpInvitation(t.db, token, now)).toEqual({
			state: 'used',
			therapistName: 'Dr. Reyes'
		});
	});

	it('says joined for an older link of a partner who joined through a newer one', async () => {
		const older = await issue();
		const newer = await issue();
		await acceptInvitation(t.db, visitor, newer, alexAccount, now);
		expect(await lookUpInvitation(t.db, older, now)).toEqual({
			state: 'joined',
			therapistName: 'Dr. Reyes'
		});
	});
});

describe('acceptInvitation', () => {
	it('creates a partner account in the couple, takes the place, records the policy read and spends the link', async () => {
		const token = await issue();
		const joinedAt = later(60 * 60 * 1000);
		const { userId, partnerId } = await acceptInvitation(
			t.db,
			visitor,
			token,
			{ ...alexAccount, email: ' Alex@Example.com ' },
			joinedAt
		);
		expect(partnerId).toBe(alexPlace);

		const user = await t.db
			.selectFrom('users')
			.selectAll()
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		// The name and the couple are the place's (below): the account holds neither.
		expect(user).toMatchObject({
			email: 'alex@example.com',
			display_name: null,
			role: 'partner',
			time_zone: 'Europe/Lisbon'
		});
		expect(user).not.toHaveProperty('couple_id');
		expect(user.password_hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(user.password_hash, alexAccount.password)).toBe(true);

		const place = await t.db
			.selectFrom('partners')
			.selectAll()
			.where('id', '=', alexPlace)
			.executeTakeFirstOrThrow();
		expect(place).toMatchObject({
			couple_id: coupleId,
			position: 1,
			display_name: 'Alex Rivera',
			user_id: userId,
			joined_at: joinedAt.toISOString(),
			policy_acknowledged_at: joinedAt.toISOString()
		});
		const samsPlace = await t.db
			.selectFrom('partners')
			.selectAll()
			.where('id', '=', samPlace)
			.executeTakeFirstOrThrow();
		expect(samsPlace.user_id).toBeNull();

		const [invitation] = await invitationRows();
		expect(invitation).toMatchObject({ used_at: joinedAt.toISOString(), revoked_at: null });
	});

	it('refuses the same link a second time, and makes no second account', async () => {
		const token = await issue();
		await acceptInvitation(t.db, visitor, token, alexAccount, now);
		const error = await acceptInvitation(
			t.db,
			visitor,
			token,
			{ ...alexAccount, email: 'someone-else@example.com' },
			now
		).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(InvitationClosedError);
		expect((error as Error).message).toBe('used');
		expect(await userCount()).toBe(3);
	});

	it.each([
		['expired', async (token: string) => ({ token, at: later(INVITATION_LIFETIME_MS + 1) })],
		[
			'revoked',
			async (token: string) => {
				await revokeInvitation(t.db, by(therapist), alexPlace, now);
				return { token, at: now };
			}
		],
		['unknown', async () => ({ token: generateSessionToken(), at: now })]
	])('refuses an %s link and changes nothing', async (state, prepare) => {
		const { token, at } = await prepare(await issue());
		const before = await invitationRows();
		await expect(acceptInvitation(t.db, visitor, token, alexAccount, at)).rejects.toThrow(
			new InvitationClosedError(state)
		);
		expect(await userCount()).toBe(2);
		expect(await invitationRows()).toEqual(before);
	});

	it('refuses an email that already has an account, and leaves the link open to try again', async () => {
		const token = await issue();
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'alex@example.com' });
		await expect(
			acceptInvitation(t.db, visitor, token, { ...alexAccount, email: 'ALEX@example.com' }, now)
		).rejects.toBeInstanceOf(EmailTakenError);

		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'open' });
		expect(
			(
				await t.db
					.selectFrom('partners')
					.select('user_id')
					.where('id', '=', alexPlace)
					.executeTakeFirstOrThrow()
			).user_id
		).toBeNull();
		expect(await userCount()).toBe(3);

		await acceptInvitation(
			t.db,
			visitor,
			token,
			{ ...alexAccount, email: 'alex.rivera@example.com' },
			now
		);
		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'used' });
	});

	it('records the joining in the audit log, as the new partner, from where they joined', async () => {
		const token = await issue();
		const { userId } = await acceptInvitation(t.db, visitor, token, alexAccount, now);
		expect(await auditRows()).toEqual([
			{
				at: now.toISOString(),
				user_id: userId,
				action: 'invitation.accept',
				object_type: 'partner',
				object_id: alexPlace,
				client_address: visitor.clientAddress
			}
		]);
	});

	it('queues a link to confirm the new address, under the therapist’s practice name, with the account', async () => {
		await nameTestPractice(t.db, therapist, 'Northside Practice');
		const token = await issue();
		const { userId } = await acceptInvitation(t.db, visitor, token, alexAccount, now);
		const mail = await t.db.selectFrom('outbox').selectAll().execute();
		expect(mail).toEqual([
			expect.objectContaining({
				kind: 'address-confirmation',
				user_id: userId,
				to_address: alexAccount.email,
				from_name: 'Northside Practice'
			})
		]);
		const confirmations = await t.db
			.selectFrom('address_confirmations')
			.select(['user_id', 'email'])
			.execute();
		expect(confirmations).toEqual([{ user_id: userId, email: alexAccount.email }]);
		// Not confirmed until the link is followed.
		const user = await t.db
			.selectFrom('users')
			.select('email_confirmed_at')
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(user.email_confirmed_at).toBeNull();
	});

	it('makes no account when its confirmation link cannot be queued', async () => {
		const token = await issue();
		await failEvery(t, 'INSERT', 'outbox');
		await expect(acceptInvitation(t.db, visitor, token, alexAccount, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await userCount()).toBe(2);
		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'open' });
	});

	it('makes no account and leaves the link open when its audit row cannot be written', async () => {
		const token = await issue();
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(acceptInvitation(t.db, visitor, token, alexAccount, now)).rejects.toThrow(
			'refused by the test'
		);
		expect(await userCount()).toBe(2);
		expect(await lookUpInvitation(t.db, token, now)).toMatchObject({ state: 'open' });
	});

	it('writes no audit row when the account cannot be made', async () => {
		const token = await issue();
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'alex@example.com' });
		await expect(acceptInvitation(t.db, visitor, token, alexAccount, now)).rejects.toBeInstanceOf(
			EmailTakenError
		);
		expect(await auditRows()).toEqual([]);
	});

	it('makes exactly one account when the same link is used twice at once', async () => {
		const token = await issue();
		const results = await Promise.allSettled([
			acceptInvitation(t.db, visitor, token, { ...alexAccount, email: 'first@example.com' }, now),
			acceptInvitation(t.db, visitor, token, { ...alexAccount, email: 'second@example.com' }, now)
		]);
		const fulfilled = results.filter((result) => result.status === 'fulfilled');
		const rejected = results.filter(
			(result): result is PromiseRejectedResult => result.status === 'rejected'
		);
		expect(fulfilled).toHaveLength(1);
		expect(rejected).toHaveLength(1);
		expect(rejected[0]!.reason).toBeInstanceOf(InvitationClosedError);

		const partners = await t.db
			.selectFrom('users')
			.select(['id', 'email'])
			.where('role', '=', 'partner')
			.execute();
		expect(partners).toHaveLength(1);
		const place = await t.db
			.selectFrom('partners')
			.select('user_id')
			.where('id', '=', alexPlace)
			.executeTakeFirstOrThrow();
		expect(place.user_id).toBe(partners[0]!.id);
	});
});

describe('joinWithInvitation', () => {
	it('joins with a new address as acceptInvitation does', async () => {
		const result = await joinWithInvitation(t.db, visitor, await issue(), alexAccount, now);
		expect(result).toMatchObject({ outcome: 'joined', partnerId: alexPlace });
	});

	it('answers an address that has an account without revealing it: the link is spent, the owner told', async () => {
		const owner = await insertTestUser(t.db, { role: 'partner' }, { email: 'taken@example.com' });
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: now.toISOString() })
			.where('id', '=', owner.id)
			.execute();
		const token = await issue();
		const result = await joinWithInvitation(
			t.db,
			visitor,
			token,
			{ ...alexAccount, email: ' Taken@Example.com' },
			now
		);
		expect(result).toEqual({ outcome: 'address-taken' });

		// Spent as a join would spend it: the link tells its holder nothing more.
		expect((await lookUpInvitation(t.db, token, now)).state).toBe('used');
		const place = await t.db
			.selectFrom('partners')
			.select('user_id')
			.where('id', '=', alexPlace)
			.executeTakeFirstOrThrow();
		expect(place.user_id).toBeNull();
		const mail = await t.db.selectFrom('outbox').select(['kind', 'to_address']).execute();
		expect(mail).toEqual([{ kind: 'address-in-use', to_address: 'taken@example.com' }]);
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_id'])
			.where('action', '=', 'invitation.address-taken')
			.execute();
		expect(audit).toEqual([{ action: 'invitation.address-taken', object_id: alexPlace }]);
	});
});
