import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE TABLE worksheet_templates (
		id TEXT PRIMARY KEY NOT NULL,
		owner_therapist_id TEXT REFERENCES users (id),
		created_at TEXT NOT NULL
	) STRICT`.execute(db);

	await sql`CREATE TABLE worksheet_template_versions (
		template_id TEXT NOT NULL REFERENCES worksheet_templates (id),
		version INTEGER NOT NULL CHECK (version >= 1),
		definition TEXT NOT NULL CHECK (json_valid(definition)),
		fingerprint TEXT NOT NULL,
		created_at TEXT NOT NULL,
		PRIMARY KEY (template_id, version)
	) STRICT`.execute(db);

	// A response keeps rendering with the version it was written against, so
	// a version, once written, never changes.
	await sql`CREATE TRIGGER worksheet_template_versions_are_frozen BEFORE UPDATE ON worksheet_template_versions
		BEGIN SELECT RAISE(ABORT, 'a worksheet template version never changes; add a new version'); END`.execute(
		db
	);

	await sql`CREATE TABLE safety_help_texts (
		therapist_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
		text TEXT NOT NULL,
		updated_at TEXT NOT NULL
	) STRICT`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE safety_help_texts`.execute(db);
	await sql`DROP TABLE worksheet_template_versions`.execute(db);
	await sql`DROP TABLE worksheet_templates`.execute(db);
}
