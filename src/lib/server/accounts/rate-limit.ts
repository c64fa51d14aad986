// Sign-in throttling, held in memory: this app runs as one process, and a
// limiter must answer before any password hashing is done.

export type Allowance = { allowed: true } | { allowed: false; retryAt: Date };

/** Entries kept per limiter; the oldest are dropped first beyond this. */
const MAX_TRACKED_KEYS = 100_000;

/**
 * Per account: each consecutive failure makes the wait before the next attempt
 * longer. Two typos are free; success clears the record.
 */
export class FailureThrottle {
	readonly #failures = new Map<string, { count: number; lastFailureAt: number }>();

	constructor(
		private readonly delaysMs: readonly number[] = [
			0, 0, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 900_000
		]
	) {}

	check(key: string, now: Date): Allowance {
		const record = this.#failures.get(key);
		if (!record) return { allowed: true };
		const waitMs = this.delaysMs[Math.min(record.count, this.delaysMs.length) - 1] ?? 0;
		const retryAt = record.lastFailureAt + waitMs;
		return now.getTime() >= retryAt
			? { allowed: true }
			: { allowed: false, retryAt: new Date(retryAt) };
	}

	/** Returns how many failures in a row the key now has. */
	recordFailure(key: string, now: Date): number {
		const count = (this.#failures.get(key)?.count ?? 0) + 1;
		this.#failures.delete(key);
		this.#failures.set(key, { count, lastFailureAt: now.getTime() });
		forgetOldest(this.#failures);
		return count;
	}

	reset(key: string): void {
		this.#failures.delete(key);
	}
}

/**
 * Per client address: a bucket of attempts that refills steadily, so one
 * address cannot try many accounts, nor make the server hash without pause.
 */
export class TokenBucket {
	readonly #buckets = new Map<string, { tokens: number; refilledAt: number }>();

	constructor(
		private readonly capacity: number,
		private readonly refillEveryMs: number
	) {}

	consume(key: string, now: Date): Allowance {
		const at = now.getTime();
		const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, refilledAt: at };
		const refills = Math.floor((at - bucket.refilledAt) / this.refillEveryMs);
		if (refills > 0) {
			bucket.tokens = Math.min(this.capacity, bucket.tokens + refills);
			bucket.refilledAt += refills * this.refillEveryMs;
		}
		this.#buckets.delete(key);
		this.#buckets.set(key, bucket);
		forgetOldest(this.#buckets);
		if (bucket.tokens < 1)
			return { allowed: false, retryAt: new Date(bucket.refilledAt + this.refillEveryMs) };
		bucket.tokens -= 1;
		return { allowed: true };
	}
}

function forgetOldest(map: Map<string, unknown>): void {
	while (map.size > MAX_TRACKED_KEYS) {
		const oldest = map.keys().next().value;
		if (oldest === undefined) return;
		map.delete(oldest);
	}
}
