import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app, so it keeps meaning
// exactly what it meant on the day it was written.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE users (
		id TEXT PRIMARY KEY NOT NULL,
		email TEXT NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('therapist', 'partner')),
		password_hash TEXT NOT NULL,
		couple_id TEXT REFERENCES couples (id),
		created_at TEXT NOT NULL,
		password_changed_at TEXT NOT NULL,
		CHECK ((role = 'partner') = (couple_id IS NOT NULL))
	) STRICT`.execute(db);

	await sql`CREATE TABLE couples (
		id TEXT PRIMARY KEY NOT NULL,
		therapist_id TEXT NOT NULL REFERENCES users (id),
		name TEXT NOT NULL,
		created_at TEXT NOT NULL
	) STRICT`.execute(db);

	await sql`CREATE INDEX couples_by_therapist ON couples (therapist_id)`.execute(db);
	await sql`CREATE INDEX users_by_couple ON users (couple_id)`.execute(db);

	await sql`CREATE TABLE sessions (
		id TEXT PRIMARY KEY NOT NULL,
		user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		created_at TEXT NOT NULL,
		last_active_at TEXT NOT NULL,
		expires_at TEXT NOT NULL
	) STRICT`.execute(db);

	await sql`CREATE INDEX sessions_by_user ON sessions (user_id)`.execute(db);

	await sql`CREATE TABLE audit_log (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at TEXT NOT NULL,
		user_id TEXT,
		action TEXT NOT NULL,
		object_type TEXT,
		object_id TEXT,
		client_address TEXT
	) STRICT`.execute(db);

	await sql`CREATE INDEX audit_log_by_user ON audit_log (user_id, at)`.execute(db);

	// INSERT OR REPLACE with an existing id would delete the old row without
	// firing the DELETE trigger: an insert may only ever add.
	await sql`CREATE TRIGGER audit_log_refuses_replace BEFORE INSERT ON audit_log
		WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);

	await sql`CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);

	await sql`CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}

export async function down(): Promise<void> {
	// The first migration is never undone: it would take the audit log with it.
	throw new Error('The foundation migration cannot be reverted.');
}
