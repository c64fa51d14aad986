import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Passkeys (WebAuthn): each account's registered credentials, with the
// public key and the signature counter the authenticator last reported (a
// counter that goes back means a cloned authenticator); and the challenges
// handed out for a ceremony, each used once and good for a few minutes.
// A sign-in challenge belongs to no account yet (the passkey names it);
// registration and second-step challenges belong to the account asking.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE passkeys (
		id TEXT PRIMARY KEY NOT NULL,
		user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
		public_key BYTEA NOT NULL,
		-- An authenticator's counter is unsigned 32-bit: past INTEGER's range.
		counter BIGINT NOT NULL CHECK (counter >= 0),
		transports TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(transports)),
		created_at TEXT NOT NULL,
		last_used_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX passkeys_by_user ON passkeys (user_id)`.execute(db);
	await sql`CREATE TABLE passkey_challenges (
		challenge TEXT PRIMARY KEY NOT NULL,
		purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign-in', 'second-step')),
		user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
		expires_at TEXT NOT NULL,
		CHECK ((purpose = 'sign-in') = (user_id IS NULL))
	)`.execute(db);
	await sql`CREATE INDEX passkey_challenges_by_expiry ON passkey_challenges (expires_at)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE passkey_challenges`.execute(db);
	await sql`DROP TABLE passkeys`.execute(db);
}
