import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// How many of the partners a piece of homework is for have not handed it in,
// kept on the assignment itself. "What is overdue?" then reads only the
// homework still waited on, through a small index, instead of asking the
// responses about every assignment the practice ever set (the week ahead on a
// large practice spent most of its time there). Triggers keep the count true
// whichever code writes a response, so no path can forget it. Two more
// indexes serve the week ahead and the list of couples on a large practice.

/** The count for the assignment row being updated, from its partners and their responses. */
const WAITING_ON = sql`(
	SELECT count(*) FROM partners p
	WHERE p.couple_id = assignments.couple_id
		AND (assignments.partner_id IS NULL OR assignments.partner_id = p.id)
		AND NOT EXISTS (
			SELECT 1 FROM responses r
			WHERE r.assignment_id = assignments.id AND r.partner_id = p.id AND r.status != 'draft'
		)
)`;

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments ADD COLUMN waiting_on INTEGER NOT NULL DEFAULT 0`.execute(db);
	await sql`UPDATE assignments SET waiting_on = ${WAITING_ON}`.execute(db);

	await sql`CREATE TRIGGER assignments_waiting_on_insert AFTER INSERT ON assignments BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.id;
	END`.execute(db);
	await sql`CREATE TRIGGER assignments_waiting_on_update AFTER UPDATE OF couple_id, partner_id ON assignments BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.id;
	END`.execute(db);
	await sql`CREATE TRIGGER responses_waiting_on_insert AFTER INSERT ON responses BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.assignment_id;
	END`.execute(db);
	await sql`CREATE TRIGGER responses_waiting_on_update AFTER UPDATE OF status, assignment_id, partner_id ON responses BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id IN (OLD.assignment_id, NEW.assignment_id);
	END`.execute(db);
	await sql`CREATE TRIGGER responses_waiting_on_delete AFTER DELETE ON responses BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = OLD.assignment_id;
	END`.execute(db);
	// Homework for both partners waits on a partner added after it was set.
	await sql`CREATE TRIGGER partners_waiting_on_insert AFTER INSERT ON partners BEGIN
		UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE couple_id = NEW.couple_id;
	END`.execute(db);

	// Only homework still waited on, by due date: "what is overdue?" for the week ahead.
	await sql`CREATE INDEX assignments_waited_on ON assignments (due_at) WHERE waiting_on > 0`.execute(
		db
	);
	// The repeating check-ins of a set of couples, without reading their other homework.
	await sql`CREATE INDEX assignments_by_recurrence ON assignments (couple_id, recurrence)`.execute(
		db
	);
	// A couple's most recently set homework (its current step, on the list of couples).
	await sql`CREATE INDEX assignments_by_creation ON assignments (couple_id, created_at)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX assignments_by_creation`.execute(db);
	await sql`DROP INDEX assignments_by_recurrence`.execute(db);
	await sql`DROP INDEX assignments_waited_on`.execute(db);
	for (const trigger of [
		'partners_waiting_on_insert',
		'responses_waiting_on_delete',
		'responses_waiting_on_update',
		'responses_waiting_on_insert',
		'assignments_waiting_on_update',
		'assignments_waiting_on_insert'
	]) {
		await sql`DROP TRIGGER ${sql.id(trigger)}`.execute(db);
	}
	await sql`ALTER TABLE assignments DROP COLUMN waiting_on`.execute(db);
}
