import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Therapists write their own worksheets: a template can be archived (kept for
// the homework and responses that use it, never offered again) and says who
// may use it, so that offering one to a whole practice needs no new column.
// Homework set on a therapist's own worksheet remembers the version it was
// set with, so editing the worksheet later does not change what was asked.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE worksheet_templates ADD COLUMN archived_at TEXT`.execute(db);
	// 'own': its author alone; 'practice': every therapist of the author's practice may assign it.
	await sql`ALTER TABLE worksheet_templates ADD COLUMN visibility TEXT NOT NULL DEFAULT 'own'
		CHECK (visibility IN ('own', 'practice'))`.execute(db);
	// Null: the newest (built-ins, and homework set before versions were remembered).
	await sql`ALTER TABLE assignments ADD COLUMN template_version INTEGER
		CHECK (template_version >= 1)`.execute(db);
	await sql`CREATE INDEX worksheet_templates_by_owner ON worksheet_templates (owner_therapist_id)`.execute(
		db
	);
	// Whether a template is in use (and so may only be archived) is one indexed look-up.
	await sql`CREATE INDEX assignments_by_template ON assignments (template_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX assignments_by_template`.execute(db);
	await sql`DROP INDEX worksheet_templates_by_owner`.execute(db);
	await sql`ALTER TABLE assignments DROP COLUMN template_version`.execute(db);
	await sql`ALTER TABLE worksheet_templates DROP COLUMN visibility`.execute(db);
	await sql`ALTER TABLE worksheet_templates DROP COLUMN archived_at`.execute(db);
}
