import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A therapist's own programs: ordered steps, each with a title, a summary and
// its worksheets. The built-in ten steps are not stored: a couple without a
// program follows them, so every couple made before this keeps them.
//
// Editing a program changes it in place: each step keeps its id for life, so
// homework set under a step stays under it when the step is renamed or moved.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE programs (
		id TEXT PRIMARY KEY NOT NULL,
		therapist_id TEXT NOT NULL REFERENCES users (id),
		title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		archived_at TEXT
	)`.execute(db);
	await sql`CREATE INDEX programs_by_therapist ON programs (therapist_id, title)`.execute(db);

	// The worksheets of a step, as a JSON array of template ids, the usual one first.
	await sql`CREATE TABLE program_steps (
		id TEXT PRIMARY KEY NOT NULL,
		program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
		position INTEGER NOT NULL CHECK (position >= 1),
		title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
		summary TEXT NOT NULL DEFAULT '',
		worksheet_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(worksheet_ids)),
		UNIQUE (program_id, position)
	)`.execute(db);

	// Null: the built-in ten steps.
	await sql`ALTER TABLE couples ADD COLUMN program_id TEXT REFERENCES programs (id)`.execute(db);
	await sql`CREATE INDEX couples_by_program ON couples (program_id)
		WHERE program_id IS NOT NULL`.execute(db);
	// The step of a therapist's program the homework was set under; null under the built-in
	// steps, where assignments.step alone names it.
	await sql`ALTER TABLE assignments ADD COLUMN program_step_id TEXT
		REFERENCES program_steps (id)`.execute(db);
	await sql`CREATE INDEX assignments_by_program_step ON assignments (program_step_id)
		WHERE program_step_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX assignments_by_program_step`.execute(db);
	await sql`ALTER TABLE assignments DROP COLUMN program_step_id`.execute(db);
	await sql`DROP INDEX couples_by_program`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN program_id`.execute(db);
	await sql`DROP TABLE program_steps`.execute(db);
	await sql`DROP TABLE programs`.execute(db);
}
