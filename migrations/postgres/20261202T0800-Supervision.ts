import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Clinical supervision: a couple's therapist lets a named colleague read the
// couple's progress, read-only, for a period that ends by itself.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE supervision_grants (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		granted_by TEXT NOT NULL REFERENCES users (id),
		supervisor_id TEXT NOT NULL REFERENCES users (id),
		starts_at TEXT NOT NULL,
		ends_at TEXT NOT NULL,
		revoked_at TEXT,
		CHECK (ends_at > starts_at),
		CHECK (supervisor_id != granted_by)
	)`.execute(db);
	await sql`CREATE INDEX supervision_grants_by_supervisor
		ON supervision_grants (supervisor_id, couple_id)`.execute(db);
	await sql`CREATE INDEX supervision_grants_by_couple ON supervision_grants (couple_id)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE supervision_grants`.execute(db);
}
