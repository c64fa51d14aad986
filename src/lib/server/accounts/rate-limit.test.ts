import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailureThrottle, TokenBucket } from './rate-limit';
import {
	createTestDatabase,
	everyStoredValue,
	onPostgres,
	openSecondConnection,
	type TestDatabase
} from '../testing/test-database';
import type { Database } from '../database/open';

/**
 * Runs the attempts at once on PostgreSQL; on SQLite one after another, as
 * two connections in one process would block each other's thread on the
 * file's lock, where two real processes each wait their turn.
 */
async function together<T>(attempts: (() => Promise<T>)[]): Promise<T[]> {
	if (onPostgres()) return Promise.all(attempts.map((attempt) => attempt()));
	const answers: T[] = [];
	for (const attempt of attempts) answers.push(await attempt());
	return answers;
}

const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const DAY_MS = 24 * 60 * 60_000;

let t: TestDatabase;
let db: Database;

beforeEach(async () => {
	t = await createTestDatabase();
	db = t.db;
});

afterEach(async () => {
	await t.cleanup();
});

async function throttleRows(): Promise<number> {
	const rows = await db.selectFrom('throttles').select('key_hash').execute();
	return rows.length;
}

describe('FailureThrottle', () => {
	it('allows a key it has never seen', async () => {
		expect(await new FailureThrottle('test').check(db, 'someone@example.com', start)).toEqual({
			allowed: true
		});
	});

	it('lets two typos through, then makes each wait longer than the last', async () => {
		const throttle = new FailureThrottle('test');
		const key = 'someone@example.com';
		await throttle.recordFailure(db, key, start);
		expect(await throttle.check(db, key, start)).toEqual({ allowed: true });
		await throttle.recordFailure(db, key, start);
		expect(await throttle.check(db, key, start)).toEqual({ allowed: true });

		let previousWait = 0;
		let now = start;
		for (let failure = 3; failure <= 9; failure += 1) {
			await throttle.recordFailure(db, key, now);
			const refused = await throttle.check(db, key, now);
			if (refused.allowed) throw new Error(`failure ${failure} was not throttled`);
			const wait = refused.retryAt.getTime() - now.getTime();
			expect(wait, `wait after failure ${failure}`).toBeGreaterThan(previousWait);
			// Refused until retryAt, allowed from then on.
			expect((await throttle.check(db, key, new Date(refused.retryAt.getTime() - 1))).allowed).toBe(
				false
			);
			expect(await throttle.check(db, key, refused.retryAt)).toEqual({ allowed: true });
			previousWait = wait;
			now = refused.retryAt;
		}
		expect(previousWait).toBe(900_000);
	});

	it('keeps the longest wait once past the end of its schedule', async () => {
		const throttle = new FailureThrottle('test', [0, 1_000, 4_000]);
		for (let i = 0; i < 10; i += 1) await throttle.recordFailure(db, 'k', start);
		expect(await throttle.check(db, 'k', start)).toEqual({ allowed: false, retryAt: at(4_000) });
	});

	it('measures the wait from the latest failure', async () => {
		const throttle = new FailureThrottle('test', [0, 0, 5_000]);
		await throttle.recordFailure(db, 'k', start);
		await throttle.recordFailure(db, 'k', start);
		await throttle.recordFailure(db, 'k', at(60_000));
		expect(await throttle.check(db, 'k', at(60_000))).toEqual({
			allowed: false,
			retryAt: at(65_000)
		});
	});

	it('forgets a key on reset', async () => {
		const throttle = new FailureThrottle('test');
		for (let i = 0; i < 5; i += 1) await throttle.recordFailure(db, 'k', start);
		expect((await throttle.check(db, 'k', start)).allowed).toBe(false);
		await throttle.reset(db, 'k');
		expect(await throttle.check(db, 'k', start)).toEqual({ allowed: true });
		// Starting over: the next failure is a free typo again.
		await throttle.recordFailure(db, 'k', start);
		expect(await throttle.check(db, 'k', start)).toEqual({ allowed: true });
	});

	it('keeps keys apart', async () => {
		const throttle = new FailureThrottle('test');
		for (let i = 0; i < 5; i += 1) await throttle.recordFailure(db, 'a', start);
		expect((await throttle.check(db, 'a', start)).allowed).toBe(false);
		expect(await throttle.check(db, 'b', start)).toEqual({ allowed: true });
	});

	it('keeps limiters of different kinds apart', async () => {
		const accounts = new FailureThrottle('accounts');
		for (let i = 0; i < 5; i += 1) await accounts.recordFailure(db, 'k', start);
		expect((await accounts.check(db, 'k', start)).allowed).toBe(false);
		expect(await new FailureThrottle('codes').check(db, 'k', start)).toEqual({ allowed: true });
	});

	it('admits an attempt by counting it as a failure, and refuses once the wait begins', async () => {
		const throttle = new FailureThrottle('test', [0, 0, 5_000]);
		expect(await throttle.admit(db, 'k', start)).toEqual({ allowed: true, failuresInARow: 1 });
		expect(await throttle.admit(db, 'k', start)).toEqual({ allowed: true, failuresInARow: 2 });
		expect(await throttle.admit(db, 'k', start)).toEqual({ allowed: true, failuresInARow: 3 });
		expect(await throttle.admit(db, 'k', start)).toEqual({ allowed: false, retryAt: at(5_000) });
		// A refusal counts nothing more: the wait does not grow.
		expect(await throttle.admit(db, 'k', at(5_000))).toEqual({
			allowed: true,
			failuresInARow: 4
		});
	});

	it('lets only the allowed number through when attempts arrive at once', async () => {
		const throttle = new FailureThrottle('test', [0, 0, 5_000]);
		const answers = await Promise.all(
			Array.from({ length: 6 }, () => throttle.admit(db, 'k', start))
		);
		expect(answers.filter((answer) => answer.allowed)).toHaveLength(3);
	});

	it('forgets a run of failures after a quiet day, and prunes its row', async () => {
		const throttle = new FailureThrottle('test');
		for (let i = 0; i < 5; i += 1) {
			await throttle.recordFailure(db, 'kept', start);
			await throttle.recordFailure(db, 'old', start);
		}
		// Within the day the run goes on; after it, the next failure is a free typo again.
		expect(await throttle.recordFailure(db, 'kept', at(DAY_MS))).toBe(6);
		expect(await throttle.recordFailure(db, 'old', at(DAY_MS + 1))).toBe(1);
		await throttle.recordFailure(db, 'other', at(2 * DAY_MS + 1));
		expect(await throttleRows()).toBe(2);
	});

	it('stores the key only as a hash', async () => {
		const throttle = new FailureThrottle('test');
		await throttle.recordFailure(db, 'someone@example.com', start);
		expect((await everyStoredValue(db)).join(' ')).not.toContain('someone@example.com');
	});
});

describe('TokenBucket', () => {
	it('allows its capacity at once, then refuses with when the next token comes', async () => {
		const bucket = new TokenBucket('test', 3, 2_000);
		expect(await bucket.consume(db, '1.2.3.4', start)).toEqual({ allowed: true });
		expect(await bucket.consume(db, '1.2.3.4', start)).toEqual({ allowed: true });
		expect(await bucket.consume(db, '1.2.3.4', start)).toEqual({ allowed: true });
		expect(await bucket.consume(db, '1.2.3.4', start)).toEqual({
			allowed: false,
			retryAt: at(2_000)
		});
		expect(await bucket.consume(db, '1.2.3.4', at(1_999))).toEqual({
			allowed: false,
			retryAt: at(2_000)
		});
	});

	it('refills one token per interval', async () => {
		const bucket = new TokenBucket('test', 3, 2_000);
		for (let i = 0; i < 3; i += 1) await bucket.consume(db, 'k', start);
		expect(await bucket.consume(db, 'k', at(2_000))).toEqual({ allowed: true });
		expect(await bucket.consume(db, 'k', at(2_000))).toEqual({
			allowed: false,
			retryAt: at(4_000)
		});
		expect(await bucket.consume(db, 'k', at(5_000))).toEqual({ allowed: true });
		// The half interval since 4s counts toward the next token.
		expect(await bucket.consume(db, 'k', at(5_000))).toEqual({
			allowed: false,
			retryAt: at(6_000)
		});
	});

	it('refills no further than its capacity', async () => {
		const bucket = new TokenBucket('test', 3, 2_000);
		await bucket.consume(db, 'k', start);
		const later = at(DAY_MS);
		for (let i = 0; i < 3; i += 1)
			expect(await bucket.consume(db, 'k', later)).toEqual({ allowed: true });
		expect((await bucket.consume(db, 'k', later)).allowed).toBe(false);
	});

	it('keeps keys apart', async () => {
		const bucket = new TokenBucket('test', 1, 2_000);
		expect(await bucket.consume(db, 'a', start)).toEqual({ allowed: true });
		expect((await bucket.consume(db, 'a', start)).allowed).toBe(false);
		expect(await bucket.consume(db, 'b', start)).toEqual({ allowed: true });
	});

	it('keeps limiters of different kinds apart', async () => {
		expect(await new TokenBucket('clients', 1, 2_000).consume(db, 'k', start)).toEqual({
			allowed: true
		});
		expect(await new TokenBucket('emails', 1, 2_000).consume(db, 'k', start)).toEqual({
			allowed: true
		});
	});

	it('gives out no more than its capacity when asked all at once', async () => {
		const bucket = new TokenBucket('test', 3, 2_000);
		const answers = await Promise.all(
			Array.from({ length: 8 }, () => bucket.consume(db, 'k', start))
		);
		expect(answers.filter((answer) => answer.allowed)).toHaveLength(3);
	});

	it('prunes the rows of buckets refilled in full', async () => {
		const bucket = new TokenBucket('test', 3, 2_000);
		for (const key of ['a', 'b', 'c']) await bucket.consume(db, key, start);
		await bucket.consume(db, 'd', at(6_000));
		expect(await throttleRows()).toBe(4);
		await bucket.consume(db, 'd', at(6_001));
		expect(await throttleRows()).toBe(1);
	});
});

describe('limits shared by every app process', () => {
	let otherProcess: Database;

	beforeEach(async () => {
		otherProcess = await openSecondConnection(t);
	});

	afterEach(async () => {
		await otherProcess.destroy();
	});

	it('refuses through one process the failures recorded through another', async () => {
		// Each process makes its own limiter, as each server does at startup.
		const here = new FailureThrottle('sign-in.account');
		const there = new FailureThrottle('sign-in.account');
		for (let i = 0; i < 3; i += 1) await here.recordFailure(db, 'someone@example.com', start);
		expect(await there.check(otherProcess, 'someone@example.com', start)).toEqual({
			allowed: false,
			retryAt: at(5_000)
		});
		await there.reset(otherProcess, 'someone@example.com');
		expect(await here.check(db, 'someone@example.com', start)).toEqual({ allowed: true });
	});

	it('counts attempts through both processes against one wait', async () => {
		const here = new FailureThrottle('sign-in.account', [0, 0, 5_000]);
		const there = new FailureThrottle('sign-in.account', [0, 0, 5_000]);
		const answers = await together([
			() => here.admit(db, 'k', start),
			() => there.admit(otherProcess, 'k', start),
			() => here.admit(db, 'k', start),
			() => there.admit(otherProcess, 'k', start),
			() => here.admit(db, 'k', start),
			() => there.admit(otherProcess, 'k', start)
		]);
		expect(answers.filter((answer) => answer.allowed)).toHaveLength(3);
	});

	it('refuses at capacity in total a bucket drained through both', async () => {
		const here = new TokenBucket('sign-in.client', 4, 60_000);
		const there = new TokenBucket('sign-in.client', 4, 60_000);
		const answers = await together([
			() => here.consume(db, '203.0.113.7', start),
			() => there.consume(otherProcess, '203.0.113.7', start),
			() => here.consume(db, '203.0.113.7', start),
			() => there.consume(otherProcess, '203.0.113.7', start),
			() => here.consume(db, '203.0.113.7', start),
			() => there.consume(otherProcess, '203.0.113.7', start)
		]);
		expect(answers.filter((answer) => answer.allowed)).toHaveLength(4);
		expect(await there.consume(otherProcess, '203.0.113.7', start)).toEqual({
			allowed: false,
			retryAt: at(60_000)
		});
	});
});
