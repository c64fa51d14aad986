import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Work the server does once over data already stored (for example, working
// out the totals of check-ins handed in before totals were kept), recorded by
// name when it is done so it never runs again.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE backfills (
		name TEXT PRIMARY KEY NOT NULL,
		done_at TEXT NOT NULL
	)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE backfills`.execute(db);
}
