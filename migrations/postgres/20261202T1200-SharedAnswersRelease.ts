import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// When the other partner may read what a partner shared from a worksheet
// becomes the therapist's choice per assignment: as soon as it is handed in,
// once both partners have handed theirs in, or once the therapist has
// reviewed it. Homework set before keeps what it promised: when handed in.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments ADD COLUMN release_shared TEXT NOT NULL DEFAULT 'handed-in'
		CHECK (release_shared IN ('handed-in', 'both-handed-in', 'reviewed'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments DROP COLUMN release_shared`.execute(db);
}
