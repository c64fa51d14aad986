import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// A partner's couple and name are stored once, in their place in partners.
// users.couple_id said the same as partners.couple_id, and a partner's
// users.display_name the same as partners.display_name, with nothing keeping
// them equal: a therapist renaming a partner changed only partners, so the
// partner's own header kept the old name. users.couple_id goes (with its index
// and the CHECK tying it to the role), and users.display_name is kept for
// therapists only: null for every partner, which a CHECK holds.
//
// SQLite cannot drop a column named in a CHECK or a foreign key, so the table
// is rebuilt by its documented procedure (lang_altertable.html, "Making Other
// Kinds Of Table Schema Changes"): create users_new, copy, drop users, rename.
// Dropping users with foreign keys enforced would first delete every row,
// cascading to sessions; migrate.ts switches enforcement off around the
// migrations and runs PRAGMA foreign_key_check before they commit.

export async function up(db: Kysely<unknown>): Promise<void> {
	await refuseWithForeignKeysEnforced(db);
	// Their place is now the only record of a partner's couple: an account
	// without one, or in another couple than its place, would lose its couple.
	const misplaced = await sql<{ accounts: number }>`SELECT count(*) AS accounts FROM users u
		WHERE u.role = 'partner' AND NOT EXISTS (
			SELECT 1 FROM partners p WHERE p.user_id = u.id AND p.couple_id = u.couple_id
		)`.execute(db);
	const accounts = misplaced.rows[0]?.accounts ?? 0;
	if (accounts > 0) {
		throw new Error(
			`${accounts} partner account(s) have no place of their own in their couple (partners.user_id); give each one its place, or remove the account, and start again`
		);
	}

	await sql`CREATE TABLE users_new (
		id TEXT PRIMARY KEY NOT NULL,
		email TEXT NOT NULL UNIQUE,
		display_name TEXT,
		role TEXT NOT NULL CHECK (role IN ('therapist', 'partner')),
		password_hash TEXT NOT NULL,
		created_at TEXT NOT NULL,
		password_changed_at TEXT NOT NULL,
		time_zone TEXT NOT NULL DEFAULT 'UTC',
		home_seen_at TEXT,
		CHECK ((role = 'therapist') = (display_name IS NOT NULL))
	) STRICT`.execute(db);
	// A partner keeps the name in their place: the one their therapist and the
	// other partner see, and the one the therapist edits.
	await sql`INSERT INTO users_new (id, email, display_name, role, password_hash, created_at, password_changed_at, time_zone, home_seen_at)
		SELECT id, email, CASE WHEN role = 'therapist' THEN display_name END, role, password_hash,
			created_at, password_changed_at, time_zone, home_seen_at
		FROM users`.execute(db);
	// Takes users_by_couple with it. Nothing else (trigger, view) names users.
	await sql`DROP TABLE users`.execute(db);
	// Tables that reference users (sessions, couples, partners, invitations,
	// assignments, worksheet_templates, safety_help_texts) name it, not its
	// storage, and find the new table under the old name.
	await sql`ALTER TABLE users_new RENAME TO users`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await refuseWithForeignKeysEnforced(db);
	// Not create-copy-drop-rename as above: a renamed table's schema reads
	// CREATE TABLE "users", and undoing must give back the schema exactly as
	// it was. The rows wait in a temporary table instead, and nothing is renamed.
	await sql`CREATE TEMP TABLE users_kept AS SELECT * FROM users`.execute(db);
	await sql`DROP TABLE users`.execute(db);
	await sql`CREATE TABLE users (
		id TEXT PRIMARY KEY NOT NULL,
		email TEXT NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('therapist', 'partner')),
		password_hash TEXT NOT NULL,
		couple_id TEXT REFERENCES couples (id),
		created_at TEXT NOT NULL,
		password_changed_at TEXT NOT NULL, time_zone TEXT NOT NULL DEFAULT 'UTC', home_seen_at TEXT,
		CHECK ((role = 'partner') = (couple_id IS NOT NULL))
	) STRICT`.execute(db);
	// Each partner's couple and name come back from their place.
	await sql`INSERT INTO users (id, email, display_name, role, password_hash, couple_id, created_at, password_changed_at, time_zone, home_seen_at)
		SELECT k.id, k.email, coalesce(k.display_name, p.display_name), k.role, k.password_hash,
			p.couple_id, k.created_at, k.password_changed_at, k.time_zone, k.home_seen_at
		FROM temp.users_kept k LEFT JOIN partners p ON p.user_id = k.id`.execute(db);
	await sql`DROP TABLE temp.users_kept`.execute(db);
	await sql`CREATE INDEX users_by_couple ON users (couple_id)`.execute(db);
}

/** Inside a transaction PRAGMA foreign_keys cannot change: the caller must have switched it off. */
async function refuseWithForeignKeysEnforced(db: Kysely<unknown>): Promise<void> {
	const pragma = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
	if (pragma.rows[0]?.foreign_keys !== 0) {
		throw new Error(
			'rebuilding users needs foreign key enforcement off (dropping it would delete every sign-in session)'
		);
	}
}
