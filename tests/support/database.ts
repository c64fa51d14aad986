import SQLite from 'better-sqlite3';

/**
 * Opens a test server's database from the test, to arrange what a person
 * cannot do through the browser (such as letting half an hour pass).
 */
export function withDatabase<T>(file: string, work: (db: SQLite.Database) => T): T {
	const db = new SQLite(file);
	db.pragma('busy_timeout = 5000');
	try {
		return work(db);
	} finally {
		db.close();
	}
}
