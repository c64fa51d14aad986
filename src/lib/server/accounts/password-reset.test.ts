import { createHash } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	GIVEN_LINK_LIFETIME_MS,
	MAILED_LINK_LIFETIME_MS,
	OPERATOR_LINK_LIFETIME_MS,
	askForResetLink,
	giveResetLink,
	lookUpResetLink,
	operatorResetLink,
	resetPassword,
	type ResetRequestLimits
} from './password-reset';
import { hashPassword, verifyPassword } from './password';
import { changePassword } from './password-change';
import { TokenBucket } from './rate-limit';
import { createSession, generateSessionToken } from './session';
import { setCoupleArchived } from '../casework/couples';
import {
	createTestDatabase,
	failEvery,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	onPostgres,
	type TestDatabase,
	nameTestPractice
} from '../testing/test-database';
import { by } from '../testing/actors';

const OLD = 'violet tram under quiet harbours';
const NEW = 'seven lanterns over a green canal';
const now = new Date('2026-11-27T14:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;
/** Whoever opens the link or asks for one: not signed in, known only by their address. */
const visitor = { clientAddress: '203.0.113.9' };

let oldHash: string;
let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
let coupleId: string;
/** Sam: a partner who joined, with a confirmed address. */
let sam: { partnerId: string; userId: string; email: string };
let limits: ResetRequestLimits;
/** Work started after an answer, finished before the database is closed. */
let pending: Promise<unknown>[];

beforeAll(async () => {
	oldHash = await hashPassword(OLD);
});

beforeEach(async () => {
	// Links in mail start with the address people reach the app at; no mail server is needed to queue.
	vi.stubEnv('ORIGIN', 'https://therapy.example.org');
	vi.stubEnv('SMTP_URL', 'smtp://127.0.0.1:2525');
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	await nameTestPractice(t.db, therapist, 'Harbour Counselling');
	coupleId = await insertTestCouple(t.db, therapist, 'Alex & Sam');
	const place = await insertTestPartner(t.db, coupleId, { position: 2, joined: true });
	const userId = place.userId!;
	await t.db
		.updateTable('users')
		.set({
			email: 'sam@example.com',
			password_hash: oldHash,
			time_zone: 'Europe/London',
			email_confirmed_at: now.toISOString()
		})
		.where('id', '=', userId)
		.execute();
	sam = { partnerId: place.partnerId, userId, email: 'sam@example.com' };
	pending = [];
	limits = {
		perEmail: new TokenBucket('reset-link.email', 3, 10 * MINUTE),
		perClient: new TokenBucket('reset-link.client', 10, MINUTE)
	};
});

afterEach(async () => {
	await Promise.all(pending);
	await t.cleanup();
	vi.unstubAllEnvs();
});

async function ask(email: string, at = now, clientAddress = visitor.clientAddress) {
	const request = await askForResetLink(t.db, { email, clientAddress }, at, limits);
	if (request.outcome === 'accepted') pending.push(request.handled);
	return request;
}

/** Asks, waits for the work done after the answer, and says what it was. */
async function askAndWait(email: string, at = now) {
	const request = await ask(email, at);
	if (request.outcome !== 'accepted') throw new Error(`expected the request to be accepted`);
	return request.handled;
}

async function outbox() {
	return t.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();
}

async function resets() {
	return t.db.selectFrom('password_resets').selectAll().orderBy('created_at').execute();
}

async function audit() {
	return t.db
		.selectFrom('audit_log')
		.select(['action', 'user_id', 'object_type', 'object_id', 'client_address'])
		.orderBy('id')
		.execute();
}

async function samsAccount() {
	const row = await t.db
		.selectFrom('users')
		.select(['password_hash', 'password_changed_at'])
		.where('id', '=', sam.userId)
		.executeTakeFirstOrThrow();
	const sessions = await t.db
		.selectFrom('sessions')
		.select('id')
		.where('user_id', '=', sam.userId)
		.execute();
	return { ...row, sessions: sessions.length };
}

/** The token of the link in the newest mail. */
async function mailedToken(): Promise<string> {
	const mail = (await outbox()).at(-1);
	const match = /https:\/\/therapy\.example\.org\/reset-password\/([a-z2-7]+)/.exec(
		mail?.body ?? ''
	);
	if (!match) throw new Error(`No reset link in: ${mail?.body}`);
	return match[1]!;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function reset(token: string, at = now, newPassword = NEW, newPasswordAgain = newPassword) {
	return resetPassword(t.db, visitor, token, { newPassword, newPasswordAgain }, at);
}

describe('asking for a link on /forgot-password', () => {
	it('mails a confirmed address a link that works for 30 minutes, stored only as its SHA-256', async () => {
		expect(await askAndWait('  Sam@Example.com ')).toBe('mailed');

		const [mail] = await outbox();
		expect(mail).toMatchObject({
			kind: 'password-reset',
			to_address: 'sam@example.com',
			user_id: sam.userId,
			from_name: 'Harbour Counselling',
			subject: 'Set a new password',
			send_by: later(MAILED_LINK_LIFETIME_MS).toISOString()
		});
		// The reader's own clock: 14:30 in London.
		expect(mail!.body).toContain(
			'The link works once, until Friday, 27 November 2026 at 14:30 London time.'
		);
		const token = await mailedToken();
		expect(await resets()).toEqual([
			{
				token_hash: sha256(token),
				user_id: sam.userId,
				created_by: null,
				created_at: now.toISOString(),
				expires_at: later(30 * MINUTE).toISOString(),
				used_at: null
			}
		]);
		expect(
			JSON.stringify(await t.db.selectFrom('password_resets').selectAll().execute())
		).not.toContain(token);
		expect(await audit()).toEqual([
			{
				action: 'password.reset-request',
				user_id: null,
				object_type: 'user',
				object_id: sam.userId,
				client_address: visitor.clientAddress
			}
		]);
	});

	// Reading the tables synchronously, straight after the answer, needs SQLite's synchronous driver.
	it.skipIf(onPostgres())(
		'answers before it looks the address up, so the answer and its time are the same for any address',
		async () => {
			for (const email of ['sam@example.com', 'nobody@example.com']) {
				const request = await ask(email);
				expect(Object.keys(request)).toEqual(['outcome', 'handled']);
				expect(request.outcome).toBe('accepted');
				// Read synchronously, straight after the answer: no work on the database has begun.
				expect(t.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
				expect(t.sqlite.prepare('SELECT count(*) FROM password_resets').pluck().get()).toBe(0);
			}
		}
	);

	it('queues nothing for an address with no account, and records the request', async () => {
		expect(await askAndWait('nobody@example.com')).toBe('no-account');
		expect(await outbox()).toEqual([]);
		expect(await resets()).toEqual([]);
		expect(await audit()).toEqual([
			expect.objectContaining({ action: 'password.reset-request', object_id: null })
		]);
	});

	it('queues nothing, and makes no link, for an address not yet confirmed', async () => {
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: null })
			.where('id', '=', sam.userId)
			.execute();
		expect(await askAndWait(sam.email)).toBe('unconfirmed');
		expect(await outbox()).toEqual([]);
		expect(await resets()).toEqual([]);
	});

	it('stores the link and its mail together or not at all', async () => {
		await failEvery(t, 'INSERT', 'outbox');
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		expect(await askAndWait(sam.email)).toBe('failed');
		expect(logged).toHaveBeenCalledOnce();
		expect(await resets()).toEqual([]);
		expect(await audit()).toEqual([]);
	});

	it('a new link spends the older one', async () => {
		await askAndWait(sam.email);
		const first = await mailedToken();
		await askAndWait(sam.email, later(MINUTE));
		const second = await mailedToken();
		expect((await lookUpResetLink(t.db, first, later(2 * MINUTE))).state).toBe('used');
		expect((await lookUpResetLink(t.db, second, later(2 * MINUTE))).state).toBe('open');
		expect(await reset(first, later(2 * MINUTE))).toEqual({ outcome: 'closed', state: 'used' });
	});

	describe('is throttled', () => {
		it('per address typed: three at once, then one every ten minutes, with or without an account', async () => {
			for (const email of [sam.email, 'nobody@example.com']) {
				const answers = [];
				for (const i of [0, 1, 2, 3]) answers.push((await ask(email, later(i))).outcome);
				expect(answers).toEqual(['accepted', 'accepted', 'accepted', 'throttled']);
				expect(await ask(email, later(10 * MINUTE - 1))).toEqual({
					outcome: 'throttled',
					retryAt: later(10 * MINUTE)
				});
				expect((await ask(email, later(10 * MINUTE))).outcome).toBe('accepted');
			}
			// Another client asking for the same address is held back as well: the inbox is what is protected.
			expect((await ask(sam.email, later(10 * MINUTE + 1), '198.51.100.4')).outcome).toBe(
				'throttled'
			);
		});

		it('per client: ten addresses, then one a minute', async () => {
			const answers = [];
			for (let i = 0; i < 11; i++) answers.push((await ask(`person${i}@example.com`)).outcome);
			expect(answers.slice(0, 10).every((outcome) => outcome === 'accepted')).toBe(true);
			expect(answers[10]).toBe('throttled');
			// A throttled client spends nothing of the address's own allowance.
			expect((await ask(sam.email, now, '198.51.100.4')).outcome).toBe('accepted');
			expect((await ask(sam.email)).outcome).toBe('throttled');
			expect((await ask(sam.email, later(MINUTE))).outcome).toBe('accepted');
		});

		it('and a throttled request is not looked up at all', async () => {
			for (let i = 0; i < 3; i++) await askAndWait(sam.email);
			expect((await ask(sam.email)).outcome).toBe('throttled');
			await new Promise((resolve) => setImmediate(resolve));
			expect(await outbox()).toHaveLength(3);
		});
	});
});

describe('setting a new password from a link', () => {
	let token: string;

	beforeEach(async () => {
		await askAndWait(sam.email);
		token = await mailedToken();
		for (let i = 0; i < 2; i++)
			await createSession(t.db, generateSessionToken(), { id: sam.userId, role: 'partner' }, now, {
				keepSignedIn: true,
				device: null
			});
	});

	it('sets it, spends the link, ends every session of the account and records it', async () => {
		const at = later(5 * MINUTE);
		expect(await lookUpResetLink(t.db, token, at)).toEqual({
			state: 'open',
			userId: sam.userId,
			email: sam.email
		});
		expect(await reset(token, at)).toEqual({ outcome: 'changed', userId: sam.userId });

		const account = await samsAccount();
		expect(await verifyPassword(account.password_hash, NEW)).toBe(true);
		expect(await verifyPassword(account.password_hash, OLD)).toBe(false);
		expect(account.password_changed_at).toBe(at.toISOString());
		expect(account.sessions).toBe(0);
		expect((await resets())[0]!.used_at).toBe(at.toISOString());
		expect((await audit()).at(-1)).toEqual({
			action: 'password.reset',
			user_id: sam.userId,
			object_type: 'user',
			object_id: sam.userId,
			client_address: visitor.clientAddress
		});
	});

	it('works once', async () => {
		expect((await reset(token, later(MINUTE))).outcome).toBe('changed');
		expect((await lookUpResetLink(t.db, token, later(2 * MINUTE))).state).toBe('used');
		expect(await reset(token, later(2 * MINUTE), 'another passphrase of my own')).toEqual({
			outcome: 'closed',
			state: 'used'
		});
		expect(await verifyPassword((await samsAccount()).password_hash, NEW)).toBe(true);
		expect((await audit()).at(-1)).toMatchObject({
			action: 'password.reset-refused',
			object_id: sam.userId
		});
	});

	it('works for 30 minutes, and not a moment longer', async () => {
		expect((await lookUpResetLink(t.db, token, later(30 * MINUTE - 1))).state).toBe('open');
		expect((await lookUpResetLink(t.db, token, later(30 * MINUTE))).state).toBe('expired');
		expect(await reset(token, later(30 * MINUTE))).toEqual({ outcome: 'closed', state: 'expired' });
		const account = await samsAccount();
		expect(account.password_hash).toBe(oldHash);
		expect(account.sessions).toBe(2);
	});

	it('is refused once the password changed another way after the link was made', async () => {
		const session = await createSession(
			t.db,
			generateSessionToken(),
			{ id: sam.userId, role: 'partner' },
			now,
			{ keepSignedIn: true, device: null }
		);
		const changed = await changePassword(
			t.db,
			{
				userId: sam.userId,
				sessionId: session.id,
				currentPassword: OLD,
				newPassword: 'a harbour light at dusk',
				newPasswordAgain: 'a harbour light at dusk',
				clientAddress: visitor.clientAddress
			},
			later(MINUTE)
		);
		expect(changed.outcome).toBe('changed');
		expect(await reset(token, later(2 * MINUTE))).toEqual({ outcome: 'closed', state: 'revoked' });
	});

	it('applies the password rules, and leaves the link open to try again', async () => {
		expect(await reset(token, now, 'short')).toEqual({
			outcome: 'refused',
			problems: { newPassword: expect.stringContaining('at least 12 characters') }
		});
		expect(await reset(token, now, 'password1234')).toEqual({
			outcome: 'refused',
			problems: { newPassword: expect.stringContaining('commonly used passwords') }
		});
		expect(await reset(token, now, NEW, `${NEW}!`)).toEqual({
			outcome: 'refused',
			problems: {
				newPasswordAgain: 'The two new passwords are different. Type the same password twice.'
			}
		});
		expect((await samsAccount()).password_hash).toBe(oldHash);
		expect((await reset(token, now)).outcome).toBe('changed');
	});

	it('sets one password when the link is used twice at once', async () => {
		const outcomes = await Promise.all([
			reset(token, now, NEW),
			reset(token, now, 'another passphrase of my own')
		]);
		expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['changed', 'closed']);
		expect(
			await t.db
				.selectFrom('audit_log')
				.select('id')
				.where('action', '=', 'password.reset')
				.execute()
		).toHaveLength(1);
	});

	it('changes nothing when the audit row cannot be written', async () => {
		await failEvery(t, 'INSERT', 'audit_log');
		await expect(reset(token)).rejects.toThrow('refused by the test');
		const account = await samsAccount();
		expect(account.password_hash).toBe(oldHash);
		expect(account.sessions).toBe(2);
		expect((await lookUpResetLink(t.db, token, now)).state).toBe('open');
	});

	it('finds nothing for an unknown, empty or over-long link, and records none of them', async () => {
		const before = (await audit()).length;
		for (const unknown of ['', 'a'.repeat(32), 'a'.repeat(5000), sha256(token)]) {
			expect(await lookUpResetLink(t.db, unknown, now)).toEqual({ state: 'unknown', userId: null });
			expect(await reset(unknown)).toEqual({ outcome: 'closed', state: 'unknown' });
		}
		expect(await audit()).toHaveLength(before);
	});
});

describe('a therapist gives a partner a link', () => {
	it('for a partner of their own couple who has joined: a day long, made by them, recorded', async () => {
		const given = await giveResetLink(t.db, by(therapist), sam.partnerId, now);
		expect(given).toEqual({
			token: expect.stringMatching(/^[a-z2-7]{32}$/),
			expiresAt: later(GIVEN_LINK_LIFETIME_MS).toISOString()
		});
		expect(await resets()).toEqual([
			expect.objectContaining({
				token_hash: sha256(given!.token),
				user_id: sam.userId,
				created_by: therapist,
				expires_at: later(24 * 60 * MINUTE).toISOString()
			})
		]);
		// Handed over by the therapist: nothing is mailed.
		expect(await outbox()).toEqual([]);
		expect(await audit()).toEqual([
			{
				action: 'password.reset-give',
				user_id: therapist,
				object_type: 'partner',
				object_id: sam.partnerId,
				client_address: '203.0.113.5'
			}
		]);
		expect((await reset(given!.token, later(23 * 60 * MINUTE))).outcome).toBe('changed');
	});

	it('whether or not the partner confirmed their address', async () => {
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: null })
			.where('id', '=', sam.userId)
			.execute();
		expect(await giveResetLink(t.db, by(therapist), sam.partnerId, now)).not.toBeNull();
	});

	it('never for another therapist’s partner, an archived couple or a partner who has not joined', async () => {
		expect(await giveResetLink(t.db, by(otherTherapist), sam.partnerId, now)).toBeNull();

		const waiting = await insertTestPartner(t.db, coupleId, { position: 1 });
		expect(await giveResetLink(t.db, by(therapist), waiting.partnerId, now)).toBeNull();

		await setCoupleArchived(t.db, by(therapist), coupleId, true, now);
		expect(await giveResetLink(t.db, by(therapist), sam.partnerId, now)).toBeNull();

		expect(await resets()).toEqual([]);
		expect((await audit()).map((row) => row.action)).toEqual(['couple.archive']);
	});
});

describe('the operator prints a link', () => {
	it('for any account by its address, for 30 minutes, recorded', async () => {
		const printed = await operatorResetLink(t.db, ' SAM@example.com', now);
		expect(printed).toEqual({
			token: expect.stringMatching(/^[a-z2-7]{32}$/),
			expiresAt: later(OPERATOR_LINK_LIFETIME_MS).toISOString(),
			email: sam.email
		});
		expect(await resets()).toEqual([
			expect.objectContaining({ user_id: sam.userId, created_by: null })
		]);
		expect(await audit()).toEqual([
			{
				action: 'password.reset-operator',
				user_id: null,
				object_type: 'user',
				object_id: sam.userId,
				client_address: null
			}
		]);
		expect((await lookUpResetLink(t.db, printed!.token, now)).state).toBe('open');
	});

	it('and nothing for an address with no account', async () => {
		expect(await operatorResetLink(t.db, 'nobody@example.com', now)).toBeNull();
		expect(await resets()).toEqual([]);
		expect(await audit()).toEqual([]);
	});
});
