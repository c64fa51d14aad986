import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// How long a closed couple's record is kept becomes the practice's own
// choice. Empty means the server's default (RECORD_RETENTION_YEARS), so an
// install that set the variable keeps its period until the administrator
// chooses one.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE practices ADD COLUMN retention_years INTEGER
		CHECK (retention_years BETWEEN 1 AND 30)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE practices DROP COLUMN retention_years`.execute(db);
}
