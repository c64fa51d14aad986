import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// A check-in set "before every session" is a new piece of homework for each
// session, so its reminder is owed once per session, not once in all. The
// reminder row names the occurrence it was for: 'once' for one-off homework,
// the session's id for a repeating check-in. SQLite cannot change a primary
// key in place, so the table is made again with the rows it had (the old one
// renamed out of the way first, so the new one is written under its own name).

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE homework_reminders RENAME TO homework_reminders_once`.execute(db);
	await sql`CREATE TABLE homework_reminders (
		assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
		partner_id TEXT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
		occurrence TEXT NOT NULL DEFAULT 'once' CHECK (length(occurrence) BETWEEN 1 AND 100),
		queued_at TEXT NOT NULL,
		PRIMARY KEY (assignment_id, partner_id, occurrence)
	) STRICT`.execute(db);
	await sql`INSERT INTO homework_reminders (assignment_id, partner_id, queued_at)
		SELECT assignment_id, partner_id, queued_at FROM homework_reminders_once`.execute(db);
	await sql`DROP TABLE homework_reminders_once`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE homework_reminders RENAME TO homework_reminders_by_occurrence`.execute(db);
	await sql`CREATE TABLE homework_reminders (
		assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
		partner_id TEXT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
		queued_at TEXT NOT NULL,
		PRIMARY KEY (assignment_id, partner_id)
	) STRICT`.execute(db);
	// The rows for sessions' check-ins have no place in the older table.
	await sql`INSERT INTO homework_reminders (assignment_id, partner_id, queued_at)
		SELECT assignment_id, partner_id, queued_at FROM homework_reminders_by_occurrence
		WHERE occurrence = 'once'`.execute(db);
	await sql`DROP TABLE homework_reminders_by_occurrence`.execute(db);
}
