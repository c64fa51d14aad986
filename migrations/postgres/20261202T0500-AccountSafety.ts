import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Throttled sign-in attempts are counted, not logged one by one: one row per
// client address and window, so signed-out traffic cannot grow the audit log
// without bound (the log gets one row when a window's count starts).

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE sign_in_throttles (
		window_start TEXT NOT NULL,
		client_address TEXT NOT NULL,
		attempts INTEGER NOT NULL CHECK (attempts >= 1),
		last_at TEXT NOT NULL,
		PRIMARY KEY (window_start, client_address)
	)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE sign_in_throttles`.execute(db);
}
