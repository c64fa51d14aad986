import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Measurement-based care, per couple: after how many sessions a partner still
// below the distress line and not reliably improved is "not on track", and how
// many hours before each session a recurring check-in is due, so that it is in
// when the therapist prepares.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE couples ADD COLUMN not_on_track_after INTEGER NOT NULL DEFAULT 4
		CHECK (not_on_track_after BETWEEN 1 AND 20)`.execute(db);
	await sql`ALTER TABLE couples ADD COLUMN check_in_lead_hours INTEGER NOT NULL DEFAULT 24
		CHECK (check_in_lead_hours IN (24, 48))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE couples DROP COLUMN check_in_lead_hours`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN not_on_track_after`.execute(db);
}
