import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A video session's call link, and each person's private calendar feed: a
// secret address a calendar app polls, stored only as the SHA-256 of its
// token. One feed per person; renewing replaces it, stopping deletes it.

export async function up(db: Kysely<unknown>): Promise<void> {
	// SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE is that LIKE.
	await sql`ALTER TABLE therapy_sessions ADD COLUMN video_link TEXT
		CHECK (video_link IS NULL OR (video_link ILIKE 'https://%' AND length(video_link) <= 500))`.execute(
		db
	);
	await sql`CREATE TABLE calendar_feeds (
		user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
		token_hash TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL
	)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE calendar_feeds`.execute(db);
	await sql`ALTER TABLE therapy_sessions DROP COLUMN video_link`.execute(db);
}
