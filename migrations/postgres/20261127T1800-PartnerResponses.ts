import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.

export async function up(db: Kysely<unknown>): Promise<void> {
	// What the author lets the other partner read (confidential fields never).
	await sql`ALTER TABLE responses ADD COLUMN share_therapist_fields INTEGER NOT NULL DEFAULT 0 CHECK (share_therapist_fields IN (0, 1))`.execute(
		db
	);
	await sql`ALTER TABLE responses ADD COLUMN share_shared_fields INTEGER NOT NULL DEFAULT 1 CHECK (share_shared_fields IN (0, 1))`.execute(
		db
	);
	// Set when a submitted response is opened again for changes, so the therapist can see it moved.
	await sql`ALTER TABLE responses ADD COLUMN changed_after_submit_at TEXT`.execute(db);

	// Things only the therapist sees: a concerning safety check-in, for now.
	await sql`CREATE TABLE flags (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		partner_id TEXT NOT NULL REFERENCES partners (id),
		response_id TEXT REFERENCES responses (id),
		kind TEXT NOT NULL CHECK (kind IN ('safety', 'distress', 'disagreement', 'overdue')),
		raised_at TEXT NOT NULL,
		resolved_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX flags_by_couple ON flags (couple_id, resolved_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE flags`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN changed_after_submit_at`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN share_shared_fields`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN share_therapist_fields`.execute(db);
}
