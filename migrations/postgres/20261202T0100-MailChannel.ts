import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Reaching people outside the app: an outbox of mail written in the same
// transaction as what causes it, confirmed addresses, password resets, each
// person's choice of mail, and what has been reminded and digested already.

export async function up(db: Kysely<unknown>): Promise<void> {
	// When the person proved they read mail at this address; only then does anything but the
	// confirmation itself go to it.
	await sql`ALTER TABLE users ADD COLUMN email_confirmed_at TEXT`.execute(db);
	// The name a therapist's mail is sent under, for them and their couples; null: the app's name.
	await sql`ALTER TABLE users ADD COLUMN practice_name TEXT`.execute(db);

	await sql`CREATE TABLE outbox (
		id TEXT PRIMARY KEY NOT NULL,
		-- Fixed when the row is written: a message sent twice after a crash is the same message.
		message_id TEXT NOT NULL UNIQUE,
		kind TEXT NOT NULL,
		user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
		-- An invitation goes to a partner with no account yet.
		partner_id TEXT REFERENCES partners(id) ON DELETE CASCADE,
		to_address TEXT NOT NULL,
		from_name TEXT NOT NULL,
		subject TEXT NOT NULL,
		-- The text carries a link that may open an account: emptied once the message is done with.
		body TEXT,
		unsubscribe_url TEXT,
		state TEXT NOT NULL DEFAULT 'waiting'
			CHECK (state IN ('waiting', 'sent', 'failed', 'expired')),
		attempts INTEGER NOT NULL DEFAULT 0,
		next_attempt_at TEXT NOT NULL,
		-- Nothing is sent after this; a reset link or a reminder is useless late.
		send_by TEXT NOT NULL,
		claimed_by TEXT,
		claimed_until TEXT,
		last_error TEXT,
		created_at TEXT NOT NULL,
		done_at TEXT,
		CHECK ((state = 'waiting') = (done_at IS NULL)),
		CHECK (state = 'waiting' OR body IS NULL)
	)`.execute(db);
	await sql`CREATE INDEX outbox_waiting ON outbox (next_attempt_at) WHERE state = 'waiting'`.execute(
		db
	);
	await sql`CREATE INDEX outbox_partner ON outbox (partner_id, created_at) WHERE partner_id IS NOT NULL`.execute(
		db
	);

	await sql`CREATE TABLE address_confirmations (
		token_hash TEXT PRIMARY KEY NOT NULL,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		email TEXT NOT NULL,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		used_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX address_confirmations_user ON address_confirmations (user_id)`.execute(db);

	await sql`CREATE TABLE password_resets (
		token_hash TEXT PRIMARY KEY NOT NULL,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		-- Who made the link: null when the person asked for it themselves, or the server's operator did.
		created_by TEXT REFERENCES users(id),
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		used_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX password_resets_user ON password_resets (user_id)`.execute(db);

	await sql`CREATE TABLE mail_choices (
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		kind TEXT NOT NULL,
		wanted INTEGER NOT NULL CHECK (wanted IN (0, 1)),
		updated_at TEXT NOT NULL,
		PRIMARY KEY (user_id, kind)
	)`.execute(db);

	// One reminder per piece of homework, however often the scheduler looks.
	await sql`CREATE TABLE homework_reminders (
		assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
		partner_id TEXT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
		queued_at TEXT NOT NULL,
		PRIMARY KEY (assignment_id, partner_id)
	)`.execute(db);

	await sql`CREATE TABLE mail_digests (
		therapist_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		covered_until TEXT NOT NULL
	)`.execute(db);

	// Keys the server makes for itself once, such as the one that signs unsubscribe links.
	await sql`CREATE TABLE server_secrets (
		name TEXT PRIMARY KEY NOT NULL,
		value TEXT NOT NULL,
		created_at TEXT NOT NULL
	)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'server_secrets',
		'mail_digests',
		'homework_reminders',
		'mail_choices',
		'password_resets',
		'address_confirmations',
		'outbox'
	])
		await sql`DROP TABLE ${sql.table(table)}`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN practice_name`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN email_confirmed_at`.execute(db);
}
