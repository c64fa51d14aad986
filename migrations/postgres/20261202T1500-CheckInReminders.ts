import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A check-in set "before every session" is a new piece of homework for each
// session, so its reminder is owed once per session. The reminder row names
// the occurrence it was for: 'once' for one-off homework, the session's id
// for a repeating check-in. SQLite made the table again to change its
// primary key; PostgreSQL changes the key in place (the new column comes
// last here, where SQLite has it before queued_at).

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE homework_reminders ADD COLUMN occurrence TEXT NOT NULL DEFAULT 'once'
		CHECK (length(occurrence) BETWEEN 1 AND 100)`.execute(db);
	await sql`ALTER TABLE homework_reminders DROP CONSTRAINT homework_reminders_pkey`.execute(db);
	await sql`ALTER TABLE homework_reminders ADD CONSTRAINT homework_reminders_pkey
		PRIMARY KEY (assignment_id, partner_id, occurrence)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	// The rows for sessions' check-ins have no place in the older table.
	await sql`DELETE FROM homework_reminders WHERE occurrence != 'once'`.execute(db);
	await sql`ALTER TABLE homework_reminders DROP CONSTRAINT homework_reminders_pkey`.execute(db);
	await sql`ALTER TABLE homework_reminders ADD CONSTRAINT homework_reminders_pkey
		PRIMARY KEY (assignment_id, partner_id)`.execute(db);
	await sql`ALTER TABLE homework_reminders DROP COLUMN occurrence`.execute(db);
}
