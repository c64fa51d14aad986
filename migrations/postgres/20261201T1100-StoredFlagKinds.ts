import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A stored flag is raised by a partner's answer: 'safety' or 'distress'.
// Disagreement and overdue homework are worked out when a page is read and
// never stored, yet the table allowed them. SQLite made the table again to
// change its CHECK; PostgreSQL changes the CHECK in place, and refuses, as
// the copy there would, if a stored flag has another kind.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE flags DROP CONSTRAINT flags_kind_check`.execute(db);
	await sql`ALTER TABLE flags ADD CONSTRAINT flags_kind_check
		CHECK (kind IN ('safety', 'distress'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE flags DROP CONSTRAINT flags_kind_check`.execute(db);
	await sql`ALTER TABLE flags ADD CONSTRAINT flags_kind_check
		CHECK (kind IN ('safety', 'distress', 'disagreement', 'overdue'))`.execute(db);
}
