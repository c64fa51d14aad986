import { now } from '../clock';
import type { Database } from '../database/open';
import { deleteExpiredRecords } from '../record/retention';
import { recordRetentionYears, retentionSweepMs } from './config';

/**
 * Deletes records past their retention period, at start and then every
 * RETENTION_SWEEP_MS (an hour unless set). A failed sweep is logged and
 * tried again next time; it never stops the server.
 */
export function startRetention(db: Database): { stop(): void } {
	let running = false;
	const sweep = async () => {
		if (running) return;
		running = true;
		try {
			const deleted = await deleteExpiredRecords(db, now(), recordRetentionYears());
			if (deleted.length > 0)
				console.log(`Retention: deleted ${deleted.length} closed record(s) past their period.`);
		} catch (error) {
			console.error('Retention: the sweep failed and will run again.', error);
		} finally {
			running = false;
		}
	};
	void sweep();
	const timer = setInterval(() => void sweep(), retentionSweepMs());
	timer.unref();
	return { stop: () => clearInterval(timer) };
}
