import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Sign-in throttles were held in one process's memory: a second app process
// gave a guesser twice the tries, and a restart forgot them all. Their state
// moves here, one row per limiter and key. The key (an email or a client
// address) is stored only as its SHA-256, so no other table holds them in the
// clear; `count` is failures in a row or tokens left, `at` the last failure
// or refill. Rows that can no longer matter are pruned by their time.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE throttles (
		kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
		key_hash TEXT NOT NULL CHECK (length(key_hash) = 64),
		count INTEGER NOT NULL CHECK (count >= 0),
		at TEXT NOT NULL,
		PRIMARY KEY (kind, key_hash)
	)`.execute(db);
	await sql`CREATE INDEX throttles_by_time ON throttles (kind, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE throttles`.execute(db);
}
