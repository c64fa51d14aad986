import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
//
// A stored flag is raised by a partner's answer: 'safety' (the private safety
// check-in) or 'distress' (a concerning answer elsewhere). Disagreement and
// overdue homework are worked out when a page is read and never stored, yet
// the table allowed them. SQLite cannot change a CHECK in place, so the table
// is made again: the old one is renamed aside, the new one created under the
// table's own name (so its definition reads exactly as written here), the
// rows copied across, the old one dropped. No other table refers to flags.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE flags RENAME TO flags_before_kinds`.execute(db);
	await sql`CREATE TABLE flags (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		partner_id TEXT NOT NULL REFERENCES partners (id),
		response_id TEXT REFERENCES responses (id),
		kind TEXT NOT NULL CHECK (kind IN ('safety', 'distress')),
		raised_at TEXT NOT NULL,
		resolved_at TEXT
	) STRICT`.execute(db);
	await sql`INSERT INTO flags (id, couple_id, partner_id, response_id, kind, raised_at, resolved_at)
		SELECT id, couple_id, partner_id, response_id, kind, raised_at, resolved_at FROM flags_before_kinds`.execute(
		db
	);
	await sql`DROP TABLE flags_before_kinds`.execute(db);
	await sql`CREATE INDEX flags_by_couple ON flags (couple_id, resolved_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE flags RENAME TO flags_before_kinds`.execute(db);
	await sql`CREATE TABLE flags (
		id TEXT PRIMARY KEY NOT NULL,
		couple_id TEXT NOT NULL REFERENCES couples (id),
		partner_id TEXT NOT NULL REFERENCES partners (id),
		response_id TEXT REFERENCES responses (id),
		kind TEXT NOT NULL CHECK (kind IN ('safety', 'distress', 'disagreement', 'overdue')),
		raised_at TEXT NOT NULL,
		resolved_at TEXT
	) STRICT`.execute(db);
	await sql`INSERT INTO flags (id, couple_id, partner_id, response_id, kind, raised_at, resolved_at)
		SELECT id, couple_id, partner_id, response_id, kind, raised_at, resolved_at FROM flags_before_kinds`.execute(
		db
	);
	await sql`DROP TABLE flags_before_kinds`.execute(db);
	await sql`CREATE INDEX flags_by_couple ON flags (couple_id, resolved_at)`.execute(db);
}
