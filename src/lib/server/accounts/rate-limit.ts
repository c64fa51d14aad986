import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
// Keys are emails and client addresses: kept as their SHA-256, as secret tokens are, never in the clear.
import { storedHashOf } from '../database/secret-tokens';

// Sign-in throttling, kept in the database so every app process counts
// against one limit and a restart forgets nothing. A limiter answers from one
// small row, before any password hashing is done. Each read-then-write holds
// the database's write lock, so two processes cannot both spend the last try.

export type Allowance = { allowed: true } | { allowed: false; retryAt: Date };

/** An attempt let through is counted as a failure until it proves otherwise. */
export type Admission =
	{ allowed: true; failuresInARow: number } | { allowed: false; retryAt: Date };

/** Rows past mattering deleted per write: more than a write adds, so the table never outgrows its use. */
const PRUNED_PER_WRITE = 10;

/** A run of failures is forgotten after a quiet day, as a restart used to forget it. */
const QUIET_DAY_MS = 24 * 60 * 60_000;

/**
 * Per account: each consecutive failure makes the wait before the next attempt
 * longer. Two typos are free; success clears the record.
 */
export class FailureThrottle {
	readonly #forgetAfterMs: number;

	/** `kind` names this limiter's rows: no two limiters may share one. */
	constructor(
		readonly kind: string,
		private readonly delaysMs: readonly number[] = [
			0, 0, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 900_000
		]
	) {
		this.#forgetAfterMs = Math.max(QUIET_DAY_MS, ...delaysMs);
	}

	async check(db: Database, key: string, now: Date): Promise<Allowance> {
		return this.#allowance(await this.#failures(db, key, now), now);
	}

	/**
	 * Checks and, when allowed, counts the attempt as a failure in the same
	 * transaction, so attempts sent at once, to any process, cannot all pass
	 * the check while the first is still being hashed.
	 */
	async admit(db: Database, key: string, now: Date): Promise<Admission> {
		return writeTransaction(db, async (trx) => {
			const failures = await this.#failures(trx, key, now);
			const allowance = this.#allowance(failures, now);
			if (!allowance.allowed) return allowance;
			return { allowed: true, failuresInARow: await this.#record(trx, key, failures, now) };
		});
	}

	/** Returns how many failures in a row the key now has. */
	async recordFailure(db: Database, key: string, now: Date): Promise<number> {
		return writeTransaction(db, async (trx) =>
			this.#record(trx, key, await this.#failures(trx, key, now), now)
		);
	}

	async reset(db: Database, key: string): Promise<void> {
		await forget(db, this.kind, key);
	}

	async #failures(
		db: Database,
		key: string,
		now: Date
	): Promise<{ count: number; lastFailureAt: number } | null> {
		const row = await readRow(db, this.kind, key);
		if (!row) return null;
		const lastFailureAt = Date.parse(row.at);
		if (now.getTime() - lastFailureAt > this.#forgetAfterMs) return null;
		return { count: row.count, lastFailureAt };
	}

	#allowance(failures: { count: number; lastFailureAt: number } | null, now: Date): Allowance {
		if (!failures) return { allowed: true };
		const waitMs = this.delaysMs[Math.min(failures.count, this.delaysMs.length) - 1] ?? 0;
		const retryAt = failures.lastFailureAt + waitMs;
		return now.getTime() >= retryAt
			? { allowed: true }
			: { allowed: false, retryAt: new Date(retryAt) };
	}

	async #record(
		trx: Database,
		key: string,
		failures: { count: number } | null,
		now: Date
	): Promise<number> {
		const count = (failures?.count ?? 0) + 1;
		await pruneBefore(trx, this.kind, new Date(now.getTime() - this.#forgetAfterMs));
		await writeRow(trx, this.kind, key, count, now);
		return count;
	}
}

/**
 * Per client address: a bucket of attempts that refills steadily, so one
 * address cannot try many accounts, nor make the server hash without pause.
 */
export class TokenBucket {
	/** `kind` names this limiter's rows: no two limiters may share one. */
	constructor(
		readonly kind: string,
		private readonly capacity: number,
		private readonly refillEveryMs: number
	) {}

	async consume(db: Database, key: string, now: Date): Promise<Allowance> {
		const at = now.getTime();
		return writeTransaction(db, async (trx) => {
			// A bucket untouched for a full refill is full again: its row says nothing.
			await pruneBefore(trx, this.kind, new Date(at - this.capacity * this.refillEveryMs));
			const row = await readRow(trx, this.kind, key);
			let tokens = row?.count ?? this.capacity;
			let refilledAt = row ? Date.parse(row.at) : at;
			const refills = Math.floor((at - refilledAt) / this.refillEveryMs);
			if (refills > 0) {
				tokens = Math.min(this.capacity, tokens + refills);
				refilledAt += refills * this.refillEveryMs;
			}
			if (tokens < 1) return { allowed: false, retryAt: new Date(refilledAt + this.refillEveryMs) };
			await writeRow(trx, this.kind, key, tokens - 1, new Date(refilledAt));
			return { allowed: true };
		});
	}
}

async function readRow(
	db: Database,
	kind: string,
	key: string
): Promise<{ count: number; at: string } | undefined> {
	return db
		.selectFrom('throttles')
		.select(['count', 'at'])
		.where('kind', '=', kind)
		.where('key_hash', '=', storedHashOf(key))
		.executeTakeFirst();
}

async function writeRow(
	trx: Database,
	kind: string,
	key: string,
	count: number,
	at: Date
): Promise<void> {
	await trx
		.insertInto('throttles')
		.values({ kind, key_hash: storedHashOf(key), count, at: at.toISOString() })
		.onConflict((conflict) =>
			conflict.columns(['kind', 'key_hash']).doUpdateSet({ count, at: at.toISOString() })
		)
		.execute();
}

async function forget(db: Database, kind: string, key: string): Promise<void> {
	await db
		.deleteFrom('throttles')
		.where('kind', '=', kind)
		.where('key_hash', '=', storedHashOf(key))
		.execute();
}

/** A few of the limiter's oldest rows from before `cutoff`, found by the time index. */
async function pruneBefore(trx: Database, kind: string, cutoff: Date): Promise<void> {
	await trx
		.deleteFrom('throttles')
		.where('kind', '=', kind)
		.where('key_hash', 'in', (eb) =>
			eb
				.selectFrom('throttles')
				.select('key_hash')
				.where('kind', '=', kind)
				.where('at', '<', cutoff.toISOString())
				.orderBy('at')
				.limit(PRUNED_PER_WRITE)
		)
		.execute();
}
