import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Two more practice-wide policies: the longest a partner's "keep me signed
// in" lasts, and the practice's name, the sender name of its mail, which was
// each therapist's own: the practice takes the administrator's, or else the
// earliest colleague's who set one. The therapists' column is emptied and
// left unused, as on SQLite.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE practices ADD COLUMN partner_keep_signed_in_days INTEGER NOT NULL
		DEFAULT 30 CHECK (partner_keep_signed_in_days BETWEEN 1 AND 30)`.execute(db);
	await sql`ALTER TABLE practices ADD COLUMN name TEXT
		CHECK (name IS NULL OR length(name) BETWEEN 1 AND 80)`.execute(db);
	// SQLite sorts null lowest and text byte by byte; so does this order.
	await sql`UPDATE practices SET name = (
		SELECT users.practice_name FROM users
		WHERE users.practice_id = practices.id AND users.practice_name IS NOT NULL
		ORDER BY users.practice_role = 'administrator' DESC NULLS LAST,
			users.created_at COLLATE "C", users.id COLLATE "C"
		LIMIT 1
	)`.execute(db);
	await sql`UPDATE users SET practice_name = NULL WHERE practice_name IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	// Every therapist of a named practice sends under its name again.
	await sql`UPDATE users SET practice_name = (
		SELECT practices.name FROM practices WHERE practices.id = users.practice_id
	) WHERE role = 'therapist'`.execute(db);
	await sql`ALTER TABLE practices DROP COLUMN name`.execute(db);
	await sql`ALTER TABLE practices DROP COLUMN partner_keep_signed_in_days`.execute(db);
}
