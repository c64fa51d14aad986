import { sql, type Kysely, type RawBuilder } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// How many of the partners a piece of homework is for have not handed it in,
// kept on the assignment itself, by triggers, so no path can forget it. Each
// SQLite trigger becomes a trigger of the same name calling a function of
// that name, whose body is the SQLite trigger's body.

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

interface Trigger {
	name: string;
	table: string;
	/** When it fires, as CREATE TRIGGER words it: AFTER UPDATE OF status. */
	event: RawBuilder<unknown>;
	body: RawBuilder<unknown>;
}

const TRIGGERS: Trigger[] = [
	{
		name: 'assignments_waiting_on_insert',
		table: 'assignments',
		event: sql`AFTER INSERT`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.id;`
	},
	{
		name: 'assignments_waiting_on_update',
		table: 'assignments',
		event: sql`AFTER UPDATE OF couple_id, partner_id`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.id;`
	},
	{
		name: 'responses_waiting_on_insert',
		table: 'responses',
		event: sql`AFTER INSERT`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = NEW.assignment_id;`
	},
	{
		name: 'responses_waiting_on_update',
		table: 'responses',
		event: sql`AFTER UPDATE OF status, assignment_id, partner_id`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON}
			WHERE id IN (OLD.assignment_id, NEW.assignment_id);`
	},
	{
		name: 'responses_waiting_on_delete',
		table: 'responses',
		event: sql`AFTER DELETE`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE id = OLD.assignment_id;`
	},
	// Homework for both partners waits on a partner added after it was set.
	{
		name: 'partners_waiting_on_insert',
		table: 'partners',
		event: sql`AFTER INSERT`,
		body: sql`UPDATE assignments SET waiting_on = ${WAITING_ON} WHERE couple_id = NEW.couple_id;`
	}
];

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE assignments ADD COLUMN waiting_on INTEGER NOT NULL DEFAULT 0`.execute(db);
	await sql`UPDATE assignments SET waiting_on = ${WAITING_ON}`.execute(db);

	for (const trigger of TRIGGERS) {
		await sql`CREATE FUNCTION ${sql.id(trigger.name)}() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				${trigger.body}
				RETURN NULL;
			END
		$$`.execute(db);
		await sql`CREATE TRIGGER ${sql.id(trigger.name)} ${trigger.event} ON ${sql.table(trigger.table)}
			FOR EACH ROW EXECUTE FUNCTION ${sql.id(trigger.name)}()`.execute(db);
	}

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
	for (const trigger of [...TRIGGERS].reverse()) {
		await sql`DROP TRIGGER ${sql.id(trigger.name)} ON ${sql.table(trigger.table)}`.execute(db);
		await sql`DROP FUNCTION ${sql.id(trigger.name)}()`.execute(db);
	}
	await sql`ALTER TABLE assignments DROP COLUMN waiting_on`.execute(db);
}
