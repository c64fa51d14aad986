import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// For homework both partners do: how many differences that matter there are
// between their handed-in answers. Null until the second partner hands in,
// and cleared by a trigger the moment either answer goes back to being a
// draft, so a stale count is never read as current.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments ADD COLUMN differences INTEGER CHECK (differences >= 0)`.execute(
		db
	);
	await sql`CREATE FUNCTION responses_differences_reopened() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE assignments SET differences = NULL WHERE id = NEW.assignment_id;
			RETURN NULL;
		END
	$$`.execute(db);
	await sql`CREATE TRIGGER responses_differences_reopened AFTER UPDATE OF status ON responses
		FOR EACH ROW WHEN (NEW.status = 'draft' AND OLD.status != 'draft')
		EXECUTE FUNCTION responses_differences_reopened()`.execute(db);
	await sql`CREATE FUNCTION responses_differences_removed() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE assignments SET differences = NULL WHERE id = OLD.assignment_id;
			RETURN NULL;
		END
	$$`.execute(db);
	await sql`CREATE TRIGGER responses_differences_removed AFTER DELETE ON responses
		FOR EACH ROW EXECUTE FUNCTION responses_differences_removed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TRIGGER responses_differences_removed ON responses`.execute(db);
	await sql`DROP FUNCTION responses_differences_removed()`.execute(db);
	await sql`DROP TRIGGER responses_differences_reopened ON responses`.execute(db);
	await sql`DROP FUNCTION responses_differences_reopened()`.execute(db);
	await sql`ALTER TABLE assignments DROP COLUMN differences`.execute(db);
}
