import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, DEMO_PASSWORD, NotADemoDatabaseError, seedDemoPractice, type DemoSeedReport } from './demo-practice';
import { passwordProblem } from './password';
import { FailureThrottle, TokenBucket } from './rate-limit';
import { signIn } from './sign-in';
import { createTestDatabase, insertTestUser, type TestDatabase } from './testing/test-database';

const now = new Date('2026-11-27T14:00:00.000Z');

async function snapshot(t: TestDatabase) {
	return {
		users: await t.db.selectFrom('users').selectAll().orderBy('email').execute(),
		couples: await t.db.selectFrom('couples').selectAll().orderBy('name').execute()
	};
}

describe('seedDemoPractice into an empty database', () => {
	// Seeding hashes six passwords: done once for the checks that only read.
	let t: TestDatabase;
	let report: DemoSeedReport;

	beforeAll(async () => {
		t = await createTestDatabase();
		report = await seedDemoPractice(t.db, now);
	});

	afterAll(async () => {
		await t.cleanup();
	});

	it('reports every demo account as created', () => {
		expect(report.created.sort()).toEqual([...DEMO_EMAILS].sort());
		expect(report.alreadyThere).toEqual([]);
	});

	it('creates two therapists, each with one couple of two partners', async () => {
		const { users, couples } = await snapshot(t);
		const therapists = users.filter((user) => user.role === 'therapist');
		expect(therapists.map((user) => user.email).sort()).toEqual(['therapist2@example.com', 'therapist@example.com']);
		expect(users.filter((user) => user.role === 'partner')).toHaveLength(4);
		expect(couples).toHaveLength(2);

		const byEmail = new Map(users.map((user) => [user.email, user]));
		const coupleOf = (email: string) => couples.find((couple) => couple.id === byEmail.get(email)?.couple_id);
		expect(coupleOf('alex@example.com')).toMatchObject({ name: 'Alex & Sam', therapist_id: byEmail.get('therapist@example.com')?.id });
		expect(coupleOf('sam@example.com')?.name).toBe('Alex & Sam');
		expect(coupleOf('jordan@example.com')).toMatchObject({
			name: 'Jordan & Casey',
			therapist_id: byEmail.get('therapist2@example.com')?.id
		});
		expect(coupleOf('casey@example.com')?.name).toBe('Jordan & Casey');
		for (const therapist of therapists) expect(therapist.couple_id).toBeNull();
	});

	it('uses a password the app would accept, and it signs in', async () => {
		expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
		const result = await signIn(t.db, { email: 'therapist@example.com', password: DEMO_PASSWORD, clientAddress: '127.0.0.1' }, now, {
			perAccount: new FailureThrottle(),
			perAddress: new TokenBucket(30, 2_000)
		});
		expect(result).toMatchObject({ outcome: 'signed-in', user: { role: 'therapist' } });
	});

	it('creates nothing new the second time', async () => {
		const before = await snapshot(t);
		const again = await seedDemoPractice(t.db, new Date('2026-11-28T14:00:00.000Z'));
		expect(again.created).toEqual([]);
		expect(again.alreadyThere.sort()).toEqual([...DEMO_EMAILS].sort());
		expect(await snapshot(t)).toEqual(before);
	});
});

describe('seedDemoPractice into a database that is not empty', () => {
	let t: TestDatabase;

	beforeEach(async () => {
		t = await createTestDatabase();
	});

	afterEach(async () => {
		await t.cleanup();
	});

	it('refuses a database with a real account, and leaves it untouched', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'dr.real@clinic.example' });
		const before = await snapshot(t);
		await expect(seedDemoPractice(t.db, now)).rejects.toBeInstanceOf(NotADemoDatabaseError);
		expect(await snapshot(t)).toEqual(before);
	});

	it('refuses even when the real account sits beside demo ones', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'therapist@example.com' });
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'dr.real@clinic.example' });
		const before = await snapshot(t);
		await expect(seedDemoPractice(t.db, now)).rejects.toThrow(/1 account\(s\) that are not part of the demo/);
		expect(await snapshot(t)).toEqual(before);
	});
});
