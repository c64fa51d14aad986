import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// The total of a scored worksheet (the CSI-4 check-in), kept on the response
// when it is handed in; null for a draft, for a worksheet without scoring,
// and for a response handed in before this column existed until the server,
// at startup, works it out.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE responses ADD COLUMN total INTEGER`.execute(db);
	// Back to a draft, its answers may change: the old total must not be read as theirs.
	await sql`CREATE FUNCTION responses_total_reopened() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE responses SET total = NULL WHERE id = NEW.id;
			RETURN NULL;
		END
	$$`.execute(db);
	await sql`CREATE TRIGGER responses_total_reopened AFTER UPDATE OF status ON responses
		FOR EACH ROW WHEN (NEW.status = 'draft' AND OLD.status != 'draft')
		EXECUTE FUNCTION responses_total_reopened()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TRIGGER responses_total_reopened ON responses`.execute(db);
	await sql`DROP FUNCTION responses_total_reopened()`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN total`.execute(db);
}
