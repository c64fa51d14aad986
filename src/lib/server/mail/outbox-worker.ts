import type { Selectable } from 'kysely';
import type { Database } from '../database/open';
import type { OutboxTable } from '../database/schema';
import { newId } from '../database/ids';
import { engineOf } from '../database/engine';
import { writeTransaction } from '../database/write-transaction';

// The outbox's sending side. Messages are claimed a batch at a time with a
// lease, in one UPDATE, so two workers (or two server processes) never hold
// the same row; each is handed to the courier, then marked. A worker that
// dies between sending and marking leaves a lease that runs out, and the
// message is sent again with the same Message-ID and the same text, which
// mail servers and clients recognise as one message.

export type OutboxRow = Selectable<OutboxTable>;

/** Tries before a message is given up as failed: about four hours of retrying. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;
/** How long a claimed message is the claimer's alone; longer than any send takes. */
export const LEASE_MS = 5 * 60_000;

/** 1, 2, 4 … minutes after the nth failed try, at most an hour. */
export function retryDelay(failedAttempts: number): number {
	return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** Whatever hands a message to a mail server: SMTP in the app, a fake in unit tests. */
export interface Courier {
	send(message: OutboxRow & { body: string }): Promise<void>;
	close?(): void;
}

/** Claims up to `limit` messages that are due, for `workerId`, until the lease runs out. */
export async function claimDue(
	db: Database,
	workerId: string,
	now: Date,
	limit = 20
): Promise<OutboxRow[]> {
	const at = now.toISOString();
	const free = db
		.selectFrom('outbox')
		.select('id')
		.where('state', '=', 'waiting')
		.where('next_attempt_at', '<=', at)
		.where('send_by', '>', at)
		.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]))
		.orderBy('next_attempt_at')
		.limit(limit);
	// One statement, its rows chosen so that a second claimer never gets them.
	return db
		.updateTable('outbox')
		.set({ claimed_by: workerId, claimed_until: new Date(now.getTime() + LEASE_MS).toISOString() })
		.where('id', 'in', engineOf(db).claimable(free))
		.returningAll()
		.execute();
}

/** Sent: the text and its link are no longer kept. A worker whose lease was taken over marks nothing. */
export async function markSent(db: Database, row: OutboxRow, workerId: string, now: Date) {
	await db
		.updateTable('outbox')
		.set({
			state: 'sent',
			body: null,
			attempts: row.attempts + 1,
			done_at: now.toISOString(),
			claimed_by: null,
			claimed_until: null,
			last_error: null
		})
		.where('id', '=', row.id)
		.where('claimed_by', '=', workerId)
		.execute();
}

/** A refused or failed try: again later, or given up after MAX_ATTEMPTS. */
export async function markAttemptFailed(
	db: Database,
	row: OutboxRow,
	workerId: string,
	problem: string,
	now: Date
) {
	const attempts = row.attempts + 1;
	const givenUp = attempts >= MAX_ATTEMPTS;
	await db
		.updateTable('outbox')
		.set({
			attempts,
			last_error: problem.slice(0, 300),
			claimed_by: null,
			claimed_until: null,
			...(givenUp
				? { state: 'failed', body: null, done_at: now.toISOString() }
				: { next_attempt_at: new Date(now.getTime() + retryDelay(attempts)).toISOString() })
		})
		.where('id', '=', row.id)
		.where('claimed_by', '=', workerId)
		.execute();
}

/** Messages past their send-by time are not sent late: a reset link or a reminder is useless then. */
export async function expireLate(db: Database, now: Date): Promise<number> {
	const at = now.toISOString();
	const result = await db
		.updateTable('outbox')
		.set({ state: 'expired', body: null, done_at: at, claimed_by: null, claimed_until: null })
		.where('state', '=', 'waiting')
		.where('send_by', '<=', at)
		.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/**
 * Sends every message that is due, a batch at a time, until none is left.
 * Returns how many were sent. A courier failure is recorded against its
 * message and never thrown: one bad message does not hold up the rest.
 */
export async function deliverDue(
	db: Database,
	courier: Courier,
	workerId: string,
	clock: () => Date,
	batchSize = 50
): Promise<number> {
	let sent = 0;
	for (;;) {
		const batch = await claimDue(db, workerId, clock(), batchSize);
		if (batch.length === 0) return sent;
		const outcomes = await Promise.all(
			batch.map(async (row) => {
				if (row.body === null) return { row, problem: 'The message has no text.' };
				try {
					await courier.send({ ...row, body: row.body });
					return { row, problem: null };
				} catch (error) {
					return { row, problem: error instanceof Error ? error.message : String(error) };
				}
			})
		);
		// One transaction for the batch's outcomes: one write to disk instead of one per message.
		const at = clock();
		await writeTransaction(db, async (trx) => {
			for (const { row, problem } of outcomes) {
				if (problem === null) await markSent(trx, row, workerId, at);
				else await markAttemptFailed(trx, row, workerId, problem, at);
			}
		});
		for (const { row, problem } of outcomes) {
			if (problem === null) sent++;
			else console.error(`mail not sent yet (${row.id}, try ${row.attempts + 1}): ${problem}`);
		}
	}
}

export function newWorkerId(): string {
	return `worker-${newId()}`;
}
