import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// For homework both partners do: how many differences that matter (scales
// rated far apart, areas only one partner named) there are between their
// handed-in answers, so the week ahead can flag a big disagreement without
// reading every worksheet of every couple. The app works the number out when
// the second partner hands in (it needs the worksheet's template); it is null
// until then, and a trigger clears it the moment either answer goes back to
// being a draft, so a stale count is never read as current.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments ADD COLUMN differences INTEGER CHECK (differences >= 0)`.execute(
		db
	);
	await sql`CREATE TRIGGER responses_differences_reopened AFTER UPDATE OF status ON responses
		WHEN NEW.status = 'draft' AND OLD.status != 'draft' BEGIN
		UPDATE assignments SET differences = NULL WHERE id = NEW.assignment_id;
	END`.execute(db);
	await sql`CREATE TRIGGER responses_differences_removed AFTER DELETE ON responses BEGIN
		UPDATE assignments SET differences = NULL WHERE id = OLD.assignment_id;
	END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TRIGGER responses_differences_removed`.execute(db);
	await sql`DROP TRIGGER responses_differences_reopened`.execute(db);
	await sql`ALTER TABLE assignments DROP COLUMN differences`.execute(db);
}
