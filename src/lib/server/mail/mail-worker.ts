import type { Database } from '../database/open';
import { queueDueDigests } from './digests';
import { deliverDue, expireLate, newWorkerId, type Courier } from './outbox-worker';
import { queueDueReminders } from './reminders';
import { assignDueScreenings } from '../homework/screening';

// The worker inside the server process: every round it assigns the
// screenings that are due (homework/screening.ts), queues the reminders
// and digests that are due, gives up on messages past their time, and sends
// what is waiting. It runs beside requests and never inside one: a slow or
// absent mail server delays mail, never a page.

export interface MailWorker {
	/** Starts a round soon: something was just queued. */
	wake(): void;
	/** Finishes the round in progress and stops. */
	stop(): Promise<void>;
}

export interface MailWorkerOptions {
	/** Null when mail is not configured: messages wait in the outbox. */
	courier: Courier | null;
	pollMs: number;
	clock: () => Date;
}

let running: MailWorker | null = null;

/** Wakes the running worker, if there is one (there is none in unit tests or scripts). */
export function wakeMailWorker(): void {
	running?.wake();
}

export function startMailWorker(db: Database, options: MailWorkerOptions): MailWorker {
	const workerId = newWorkerId();
	let timer: ReturnType<typeof setTimeout> | null = null;
	let round: Promise<void> | null = null;
	let again = false;
	let stopped = false;

	const runRound = async () => {
		const now = options.clock();
		// Screenings first: their new-homework mail goes out in this same round.
		await assignDueScreenings(db, now);
		await queueDueReminders(db, now);
		await queueDueDigests(db, now);
		await expireLate(db, now);
		if (options.courier) await deliverDue(db, options.courier, workerId, options.clock);
	};

	const schedule = (delay: number) => {
		if (stopped) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(begin, delay);
		// A waiting round never keeps the process alive on its own.
		timer.unref?.();
	};

	const begin = () => {
		timer = null;
		again = false;
		round = runRound()
			.catch((error: unknown) => console.error('The mail worker stumbled; it tries again:', error))
			.finally(() => {
				round = null;
				// Woken during the round: what woke it may have been committed too late for it.
				schedule(again ? 0 : options.pollMs);
			});
	};

	const worker: MailWorker = {
		wake: () => {
			if (round) again = true;
			else schedule(50);
		},
		stop: async () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			await round;
			options.courier?.close?.();
			if (running === worker) running = null;
		}
	};
	running = worker;
	schedule(0);
	return worker;
}
