import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.

export async function up(db: Kysely<unknown>): Promise<void> {
	// SQLite's json_valid, so that a CHECK reads the same on both engines.
	// Null in, null out (a CHECK passes on null), as SQLite's does.
	await sql`CREATE FUNCTION json_valid(document text) RETURNS boolean
		LANGUAGE plpgsql IMMUTABLE STRICT AS $$
		BEGIN
			PERFORM document::json;
			RETURN true;
		EXCEPTION WHEN others THEN
			RETURN false;
		END
	$$`.execute(db);

	await sql`CREATE TABLE worksheet_templates (
		id TEXT PRIMARY KEY NOT NULL,
		owner_therapist_id TEXT REFERENCES users (id),
		created_at TEXT NOT NULL
	)`.execute(db);

	await sql`CREATE TABLE worksheet_template_versions (
		template_id TEXT NOT NULL REFERENCES worksheet_templates (id),
		version INTEGER NOT NULL CHECK (version >= 1),
		definition TEXT NOT NULL CHECK (json_valid(definition)),
		fingerprint TEXT NOT NULL,
		created_at TEXT NOT NULL,
		PRIMARY KEY (template_id, version)
	)`.execute(db);

	// A response keeps rendering with the version it was written against, so
	// a version, once written, never changes.
	await sql`CREATE FUNCTION worksheet_template_versions_are_frozen() RETURNS trigger
		LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'a worksheet template version never changes; add a new version';
		END
	$$`.execute(db);
	await sql`CREATE TRIGGER worksheet_template_versions_are_frozen
		BEFORE UPDATE ON worksheet_template_versions
		FOR EACH ROW EXECUTE FUNCTION worksheet_template_versions_are_frozen()`.execute(db);

	await sql`CREATE TABLE safety_help_texts (
		therapist_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
		text TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE safety_help_texts`.execute(db);
	await sql`DROP TABLE worksheet_template_versions`.execute(db);
	await sql`DROP FUNCTION worksheet_template_versions_are_frozen()`.execute(db);
	await sql`DROP TABLE worksheet_templates`.execute(db);
	await sql`DROP FUNCTION json_valid(text)`.execute(db);
}
