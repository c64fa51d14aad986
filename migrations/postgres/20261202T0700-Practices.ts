import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A practice: therapists working together, one of them its administrator,
// with practice-wide policies; colleagues invited by single-use link;
// accounts deactivated rather than deleted; and an administrator's reset of
// a colleague's two-step.
//
// Existing installations: every therapist already there joins one practice,
// the earliest of them its administrator, with two-step not yet required.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE practices (
		id TEXT PRIMARY KEY NOT NULL,
		created_at TEXT NOT NULL,
		two_step_required INTEGER NOT NULL DEFAULT 1 CHECK (two_step_required IN (0, 1))
	)`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN practice_id TEXT REFERENCES practices (id)`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN practice_role TEXT
		CHECK (practice_role IN ('administrator', 'member'))`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN deactivated_at TEXT`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN two_step_reset_at TEXT`.execute(db);

	await sql`CREATE TABLE colleague_invitations (
		id TEXT PRIMARY KEY NOT NULL,
		practice_id TEXT NOT NULL REFERENCES practices (id),
		token_hash TEXT NOT NULL UNIQUE,
		created_by TEXT NOT NULL REFERENCES users (id),
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		used_at TEXT,
		revoked_at TEXT
	)`.execute(db);

	// Earliest by text compared byte by byte, as SQLite compares, whatever the collation.
	const therapists = await sql<{ id: string }>`SELECT id FROM users
		WHERE role = 'therapist' ORDER BY created_at COLLATE "C", id COLLATE "C"`.execute(db);
	const [first] = therapists.rows;
	if (!first) return;
	// 20 random hex digits, as SQLite's lower(hex(randomblob(10))) gives.
	const practiceId =
		'practice-' +
		(
			await sql<{
				id: string;
			}>`SELECT left(replace(gen_random_uuid()::text, '-', ''), 20) AS id`.execute(db)
		).rows[0]!.id;
	await sql`INSERT INTO practices (id, created_at, two_step_required)
		VALUES (${practiceId}, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 0)`.execute(
		db
	);
	await sql`UPDATE users SET practice_id = ${practiceId}, practice_role = 'member'
		WHERE role = 'therapist'`.execute(db);
	await sql`UPDATE users SET practice_role = 'administrator' WHERE id = ${first.id}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE colleague_invitations`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN two_step_reset_at`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN deactivated_at`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN practice_role`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN practice_id`.execute(db);
	await sql`DROP TABLE practices`.execute(db);
}
