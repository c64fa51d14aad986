import type SQLite from 'better-sqlite3';

/** How often the statistics are brought up to date while the server runs. */
const EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Keeps SQLite's query planner informed about how the tables have grown:
 * `PRAGMA optimize` runs ANALYZE on the tables whose size changed enough to
 * matter (reading a bounded sample of each index, so it stays quick on a
 * large practice), once now with the flag SQLite advises for a connection
 * that stays open, then every few hours. Without statistics the planner
 * guesses, and on a large practice a guess can walk every response.
 * Returns a function that stops the timer.
 */
export function keepPlannerStatistics(sqlite: SQLite.Database): () => void {
	sqlite.pragma('optimize=0x10002');
	const timer = setInterval(() => {
		if (sqlite.open) sqlite.pragma('optimize');
	}, EVERY_MS);
	timer.unref();
	return () => clearInterval(timer);
}
