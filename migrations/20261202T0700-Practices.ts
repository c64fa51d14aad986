import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// A practice: therapists working together, one of them its administrator,
// with practice-wide policies (two-step sign-in required for therapists);
// colleagues invited by single-use link; accounts deactivated rather than
// deleted; and an administrator's reset of a colleague's two-step, after
// which that colleague sets it up again.
//
// Existing installations: every therapist already there joins one practice
// (an installation was one practice: only first-run setup made therapists),
// the earliest of them its administrator. Two-step is not required in it
// yet, so nobody is stopped at their next sign-in by an upgrade; the
// administrator turns the policy on. New practices require it from the start.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE practices (
		id TEXT PRIMARY KEY NOT NULL,
		created_at TEXT NOT NULL,
		two_step_required INTEGER NOT NULL DEFAULT 1 CHECK (two_step_required IN (0, 1))
	) STRICT`.execute(db);
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
	) STRICT`.execute(db);

	const therapists = await sql<{ id: string }>`SELECT id FROM users
		WHERE role = 'therapist' ORDER BY created_at, id`.execute(db);
	const [first] = therapists.rows;
	if (!first) return;
	const practiceId =
		'practice-' +
		(await sql<{ id: string }>`SELECT lower(hex(randomblob(10))) AS id`.execute(db)).rows[0]!.id;
	await sql`INSERT INTO practices (id, created_at, two_step_required)
		VALUES (${practiceId}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0)`.execute(db);
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
