import { describe, expect, it } from 'vitest';
import { FailureThrottle, TokenBucket } from './rate-limit';

const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('FailureThrottle', () => {
	it('allows a key it has never seen', () => {
		expect(new FailureThrottle().check('someone@example.com', start)).toEqual({ allowed: true });
	});

	it('lets two typos through, then makes each wait longer than the last', () => {
		const throttle = new FailureThrottle();
		const key = 'someone@example.com';
		throttle.recordFailure(key, start);
		expect(throttle.check(key, start)).toEqual({ allowed: true });
		throttle.recordFailure(key, start);
		expect(throttle.check(key, start)).toEqual({ allowed: true });

		let previousWait = 0;
		let now = start;
		for (let failure = 3; failure <= 9; failure += 1) {
			throttle.recordFailure(key, now);
			const refused = throttle.check(key, now);
			if (refused.allowed) throw new Error(`failure ${failure} was not throttled`);
			const wait = refused.retryAt.getTime() - now.getTime();
			expect(wait, `wait after failure ${failure}`).toBeGreaterThan(previousWait);
			// Refused until retryAt, allowed from then on.
			expect(throttle.check(key, new Date(refused.retryAt.getTime() - 1)).allowed).toBe(false);
			expect(throttle.check(key, refused.retryAt)).toEqual({ allowed: true });
			previousWait = wait;
			now = refused.retryAt;
		}
		expect(previousWait).toBe(900_000);
	});

	it('keeps the longest wait once past the end of its schedule', () => {
		const throttle = new FailureThrottle([0, 1_000, 4_000]);
		for (let i = 0; i < 10; i += 1) throttle.recordFailure('k', start);
		expect(throttle.check('k', start)).toEqual({ allowed: false, retryAt: at(4_000) });
	});

	it('measures the wait from the latest failure', () => {
		const throttle = new FailureThrottle([0, 0, 5_000]);
		throttle.recordFailure('k', start);
		throttle.recordFailure('k', start);
		throttle.recordFailure('k', at(60_000));
		expect(throttle.check('k', at(60_000))).toEqual({ allowed: false, retryAt: at(65_000) });
	});

	it('forgets a key on reset', () => {
		const throttle = new FailureThrottle();
		for (let i = 0; i < 5; i += 1) throttle.recordFailure('k', start);
		expect(throttle.check('k', start).allowed).toBe(false);
		throttle.reset('k');
		expect(throttle.check('k', start)).toEqual({ allowed: true });
		// Starting over: the next failure is a free typo again.
		throttle.recordFailure('k', start);
		expect(throttle.check('k', start)).toEqual({ allowed: true });
	});

	it('keeps keys apart', () => {
		const throttle = new FailureThrottle();
		for (let i = 0; i < 5; i += 1) throttle.recordFailure('a', start);
		expect(throttle.check('a', start).allowed).toBe(false);
		expect(throttle.check('b', start)).toEqual({ allowed: true });
	});
});

describe('TokenBucket', () => {
	it('allows its capacity at once, then refuses with when the next token comes', () => {
		const bucket = new TokenBucket(3, 2_000);
		expect(bucket.consume('1.2.3.4', start)).toEqual({ allowed: true });
		expect(bucket.consume('1.2.3.4', start)).toEqual({ allowed: true });
		expect(bucket.consume('1.2.3.4', start)).toEqual({ allowed: true });
		expect(bucket.consume('1.2.3.4', start)).toEqual({ allowed: false, retryAt: at(2_000) });
		expect(bucket.consume('1.2.3.4', at(1_999))).toEqual({ allowed: false, retryAt: at(2_000) });
	});

	it('refills one token per interval', () => {
		const bucket = new TokenBucket(3, 2_000);
		for (let i = 0; i < 3; i += 1) bucket.consume('k', start);
		expect(bucket.consume('k', at(2_000))).toEqual({ allowed: true });
		expect(bucket.consume('k', at(2_000))).toEqual({ allowed: false, retryAt: at(4_000) });
		expect(bucket.consume('k', at(5_000))).toEqual({ allowed: true });
		// The half interval since 4s counts toward the next token.
		expect(bucket.consume('k', at(5_000))).toEqual({ allowed: false, retryAt: at(6_000) });
	});

	it('refills no further than its capacity', () => {
		const bucket = new TokenBucket(3, 2_000);
		bucket.consume('k', start);
		const later = at(24 * 60 * 60_000);
		for (let i = 0; i < 3; i += 1) expect(bucket.consume('k', later)).toEqual({ allowed: true });
		expect(bucket.consume('k', later).allowed).toBe(false);
	});

	it('keeps keys apart', () => {
		const bucket = new TokenBucket(1, 2_000);
		expect(bucket.consume('a', start)).toEqual({ allowed: true });
		expect(bucket.consume('a', start).allowed).toBe(false);
		expect(bucket.consume('b', start)).toEqual({ allowed: true });
	});
});
