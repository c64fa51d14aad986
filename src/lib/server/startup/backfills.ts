import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordMissingDifferences } from '../homework/differences';
import { recordMissingTotals } from '../homework/totals';

// Work done once over data stored before the app kept it itself. Everything
// handed in since goes through the hand-in path (homework/hand-in.ts), which
// stores totals and differences as it goes, so each backfill runs on the
// first start after an upgrade and is then recorded and never run again.

const BACKFILLS: ReadonlyArray<{ name: string; run: (db: Database) => Promise<number> }> = [
	// Check-in totals: kept on the response since 20261127T2200-CheckInTotals.
	{ name: 'check-in-totals', run: recordMissingTotals },
	// How far apart two partners are: kept on the assignment since 20261127T2100-HomeworkDifferences.
	{ name: 'differences', run: recordMissingDifferences }
];

/** Runs each backfill not yet done, each in one transaction with its record; returns their names. */
export async function runBackfills(db: Database, now: Date): Promise<string[]> {
	const done = new Set(
		(await db.selectFrom('backfills').select('name').execute()).map((row) => row.name)
	);
	const ran: string[] = [];
	for (const backfill of BACKFILLS) {
		if (done.has(backfill.name)) continue;
		await writeTransaction(db, async (trx) => {
			await backfill.run(trx);
			await trx
				.insertInto('backfills')
				.values({ name: backfill.name, done_at: now.toISOString() })
				.execute();
		});
		ran.push(backfill.name);
	}
	return ran;
}
