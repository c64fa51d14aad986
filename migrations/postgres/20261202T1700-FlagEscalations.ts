import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A flag that grows more urgent after the therapist acknowledged it is open
// again; each escalation keeps a row here, with when and from which tier to
// which, and the acknowledgement it set aside (none when the flag was open).

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE flag_escalations (
		id TEXT PRIMARY KEY NOT NULL,
		flag_id TEXT NOT NULL REFERENCES flags (id) ON DELETE CASCADE,
		escalated_at TEXT NOT NULL,
		from_tier TEXT NOT NULL CHECK (from_tier IN ('urgent', 'watch', 'needs-reading')),
		to_tier TEXT NOT NULL CHECK (to_tier IN ('urgent', 'watch', 'needs-reading')),
		acknowledged_at TEXT,
		acknowledged_by TEXT REFERENCES users (id),
		acknowledgement TEXT
	)`.execute(db);
	await sql`CREATE INDEX flag_escalations_by_flag ON flag_escalations (flag_id, escalated_at)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE flag_escalations`.execute(db);
}
