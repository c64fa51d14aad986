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
	gather(sqlite, 'optimize=0x10002');
	const timer = setInterval(() => {
		if (sqlite.open) gather(sqlite, 'optimize');
	}, EVERY_MS);
	timer.unref();
	return () => clearInterval(timer);
}

/**
 * Runs the optimize pragma, keeping only counts. ANALYZE also writes
 * sqlite_stat4: sample rows of each index, which are real addresses and
 * names, and which would outlive the deletion of a couple's record. The
 * planner does well enough on counts alone (sqlite_stat1), so the samples
 * are removed and the statistics read again.
 */
function gather(sqlite: SQLite.Database, pragma: string): void {
	sqlite.pragma(pragma);
	const samples = sqlite
		.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'")
		.get();
	if (samples) sqlite.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;');
}
