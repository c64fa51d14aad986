import { sql } from 'kysely';
import type { Database } from './open';
import { writeTransaction } from './write-transaction';

// Saving as a partner types is the busiest write there is, and with
// synchronous=FULL each commit waits for the disk (a few milliseconds here)
// while nothing else runs. Saves that arrive together are therefore written
// in one transaction and made durable by one commit: each in a savepoint of
// its own, so one that fails is undone alone, and each caller is answered
// only once the commit holding its save is on disk.

interface Waiting {
	work: (trx: Database) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (reason: unknown) => void;
}

const queues = new WeakMap<Database, { waiting: Waiting[]; scheduled: boolean }>();

/** Runs `work` in a write transaction shared with the other grouped writes waiting at the same moment. */
export function groupedWrite<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
	let queue = queues.get(db);
	if (!queue) {
		queue = { waiting: [], scheduled: false };
		queues.set(db, queue);
	}
	const mine = queue;
	return new Promise<T>((resolve, reject) => {
		mine.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
		if (!mine.scheduled) {
			mine.scheduled = true;
			// After the requests that arrived with this one have had their turn to join.
			setImmediate(() => void commitWaiting(db, mine));
		}
	});
}

async function commitWaiting(
	db: Database,
	queue: { waiting: Waiting[]; scheduled: boolean }
): Promise<void> {
	const batch = queue.waiting.splice(0);
	const outcomes: Array<{ ok: true; value: unknown } | { ok: false; reason: unknown }> = [];
	try {
		await writeTransaction(db, async (trx) => {
			for (const [index, waiting] of batch.entries()) {
				const savepoint = sql.raw(`grouped_write_${index}`);
				await sql`SAVEPOINT ${savepoint}`.execute(trx);
				try {
					outcomes.push({ ok: true, value: await waiting.work(trx) });
					await sql`RELEASE ${savepoint}`.execute(trx);
				} catch (reason) {
					await sql`ROLLBACK TO ${savepoint}`.execute(trx);
					await sql`RELEASE ${savepoint}`.execute(trx);
					outcomes.push({ ok: false, reason });
				}
			}
		});
		for (const [index, waiting] of batch.entries()) {
			const outcome = outcomes[index]!;
			if (outcome.ok) waiting.resolve(outcome.value);
			else waiting.reject(outcome.reason);
		}
	} catch (reason) {
		// The commit itself failed: nothing of the batch was written.
		for (const waiting of batch) waiting.reject(reason);
	} finally {
		queue.scheduled = queue.waiting.length > 0;
		if (queue.scheduled) setImmediate(() => void commitWaiting(db, queue));
	}
}
