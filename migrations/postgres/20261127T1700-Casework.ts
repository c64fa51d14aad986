import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE couples ADD COLUMN secrets_policy TEXT NOT NULL DEFAULT 'no-secrets'
		CHECK (secrets_policy IN ('no-secrets', 'limited-secrets'))`.execute(db);
	await sql`ALTER TABLE couples ADD COLUMN policy_text TEXT NOT NULL DEFAULT ''`.execute(db);
	await sql`ALTER TABLE couples ADD COLUMN archived_at TEXT`.execute(db);

	await sql`ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'`.execute(db);
	// When a therapist last looked at their home, for "new since you last looked".
	await sql`ALTER TABLE users ADD COLUMN home_seen_at TEXT`.execute(db);

	// Each couple has two partners, named by the therapist before either joins.
	await sql`CREATE TABLE partners (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		position INTEGER NOT NULL CHECK (position IN (1, 2)),
		display_name TEXT NOT NULL,
		user_id TEXT UNIQUE REFERENCES users (id),
		joined_at TEXT,
		policy_acknowledged_at TEXT,
		UNIQUE (couple_id, position)
	)`.execute(db);

	// Partners who joined before this migration keep their couple. The id is
	// 20 random hex digits, as SQLite's lower(hex(randomblob(10))) gives; the
	// order compares text byte by byte, as SQLite does, whatever the collation.
	await sql`INSERT INTO partners (id, couple_id, position, display_name, user_id, joined_at, policy_acknowledged_at)
		SELECT left(replace(gen_random_uuid()::text, '-', ''), 20), couple_id,
			row_number() OVER (PARTITION BY couple_id ORDER BY created_at COLLATE "C", id COLLATE "C"),
			display_name, id, created_at, created_at
		FROM users WHERE role = 'partner'`.execute(db);

	await sql`CREATE TABLE invitations (
		id TEXT PRIMARY KEY NOT NULL,
		partner_id TEXT NOT NULL REFERENCES partners (id),
		token_hash TEXT NOT NULL UNIQUE,
		created_by TEXT NOT NULL REFERENCES users (id),
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		used_at TEXT,
		revoked_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX invitations_by_partner ON invitations (partner_id)`.execute(db);

	await sql`CREATE TABLE therapy_sessions (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		starts_at TEXT NOT NULL,
		duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 10 AND 480),
		format TEXT NOT NULL CHECK (format IN ('in-person', 'video')),
		agenda TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX therapy_sessions_by_couple ON therapy_sessions (couple_id, starts_at)`.execute(
		db
	);
	await sql`CREATE INDEX therapy_sessions_by_start ON therapy_sessions (starts_at)`.execute(db);

	await sql`CREATE TABLE assignments (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		step INTEGER CHECK (step BETWEEN 1 AND 10),
		template_id TEXT NOT NULL REFERENCES worksheet_templates (id),
		partner_id TEXT REFERENCES partners (id),
		due_at TEXT,
		note TEXT NOT NULL DEFAULT '',
		recurrence TEXT NOT NULL DEFAULT 'once' CHECK (recurrence IN ('once', 'before-each-session')),
		cancelled_at TEXT,
		created_by TEXT NOT NULL REFERENCES users (id),
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX assignments_by_couple ON assignments (couple_id, due_at)`.execute(db);

	// One partner's work on one assignment; for a recurring one, one per session.
	await sql`CREATE TABLE responses (
		id TEXT PRIMARY KEY NOT NULL,
		assignment_id TEXT NOT NULL REFERENCES assignments (id),
		partner_id TEXT NOT NULL REFERENCES partners (id),
		occurrence TEXT NOT NULL DEFAULT 'once',
		template_version INTEGER NOT NULL,
		answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
		revision INTEGER NOT NULL DEFAULT 1,
		status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'reviewed')),
		started_at TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		submitted_at TEXT,
		reviewed_at TEXT,
		UNIQUE (assignment_id, partner_id, occurrence)
	)`.execute(db);
	await sql`CREATE INDEX responses_by_partner ON responses (partner_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE responses`.execute(db);
	await sql`DROP TABLE assignments`.execute(db);
	await sql`DROP TABLE therapy_sessions`.execute(db);
	await sql`DROP TABLE invitations`.execute(db);
	await sql`DROP TABLE partners`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN home_seen_at`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN time_zone`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN archived_at`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN policy_text`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN secrets_policy`.execute(db);
}
