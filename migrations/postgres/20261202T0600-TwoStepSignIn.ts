import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Two-step sign-in with a time-based code (RFC 6238): each account's key,
// when it was confirmed (until then it is a setup in progress), and the last
// time step a code was accepted for, so each code works once; ten recovery
// codes, stored only as their hash, each used once; and whether a session has
// passed its second step (a session waiting for its code opens nothing).

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE users ADD COLUMN totp_key TEXT`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN totp_confirmed_at TEXT`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN totp_last_step INTEGER`.execute(db);
	await sql`CREATE TABLE recovery_codes (
		code_hash TEXT PRIMARY KEY NOT NULL,
		user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		created_at TEXT NOT NULL,
		used_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id)`.execute(db);
	// Sessions made before this passed every step there was.
	await sql`ALTER TABLE sessions ADD COLUMN two_step_pending INTEGER NOT NULL DEFAULT 0
		CHECK (two_step_pending IN (0, 1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE sessions DROP COLUMN two_step_pending`.execute(db);
	await sql`DROP TABLE recovery_codes`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN totp_last_step`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN totp_confirmed_at`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN totp_key`.execute(db);
}
