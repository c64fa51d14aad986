import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// The total of a scored worksheet (the CSI-4 check-in), kept on the response
// when it is handed in. Handed-in answers and template versions never change,
// so the total is worked out once rather than on every page that draws the
// trend: the week ahead reads it for every couple. Null for a draft, for a
// worksheet without scoring, and for a response handed in before this column
// existed until the server, at startup, works it out.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE responses ADD COLUMN total INTEGER`.execute(db);
	// Back to a draft, its answers may change: the old total must not be read as theirs.
	await sql`CREATE TRIGGER responses_total_reopened AFTER UPDATE OF status ON responses
		WHEN NEW.status = 'draft' AND OLD.status != 'draft' BEGIN
		UPDATE responses SET total = NULL WHERE id = NEW.id;
	END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TRIGGER responses_total_reopened`.execute(db);
	await sql`ALTER TABLE responses DROP COLUMN total`.execute(db);
}
