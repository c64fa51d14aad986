import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE therapy_sessions ADD COLUMN prepared_at TEXT`.execute(db);
	// What the therapist asked to be revised when reopening a response; the partner reads it.
	await sql`ALTER TABLE responses ADD COLUMN reopen_note TEXT`.execute(db);

	// The therapist's private notes for a session: never shown to a partner.
	await sql`CREATE TABLE session_notes (
		session_id TEXT PRIMARY KEY NOT NULL REFERENCES therapy_sessions (id),
		text TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`.execute(db);

	// Feedback on a response, to one partner or to both.
	await sql`CREATE TABLE feedback (
		id TEXT PRIMARY KEY NOT NULL,
		response_id TEXT NOT NULL REFERENCES responses (id),
		to_partner_id TEXT REFERENCES partners (id),
		text TEXT NOT NULL,
		created_at TEXT NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX feedback_by_response ON feedback (response_id)`.execute(db);
	await sql`CREATE INDEX responses_by_submission ON responses (submitted_at)`.execute(db);
	// "Has this partner handed this in?" answered from the index alone, for the week ahead.
	await sql`CREATE INDEX responses_handed_in ON responses (assignment_id, partner_id, status)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX responses_handed_in`.execute(db);
	await sql`DROP INDEX responses_by_submission`.execute(db);
	await sql`DROP TABLE feedback`.execute(db);
	await sql`DROP TABLE session_notes`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN reopen_note`.execute(db);
	await sql`ALTER TABLE therapy_sessions DROP COLUMN prepared_at`.execute(db);
}
