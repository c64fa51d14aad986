import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Safety on a shared phone and every concern followed up: a flag's tier and
// its steps from open to resolved, each with the therapist's record; per-couple
// screening settings; the neutral site a partner's quick exit leads to and the
// crisis help a therapist writes; and each sign-in's device and whether it was
// meant to last.

export async function up(db: Kysely<unknown>): Promise<void> {
	// How urgent: 'urgent' (strangulation, a weapon, threats to kill, injury, fear now, self-harm
	// thoughts), 'watch' (anything else above "never"), 'needs-reading' (skipped items, free text).
	// Flags raised before tiers count as 'watch'.
	await sql`ALTER TABLE flags ADD COLUMN tier TEXT NOT NULL DEFAULT 'watch'
		CHECK (tier IN ('urgent', 'watch', 'needs-reading'))`.execute(db);
	await sql`ALTER TABLE flags ADD COLUMN acknowledged_at TEXT`.execute(db);
	await sql`ALTER TABLE flags ADD COLUMN acknowledged_by TEXT REFERENCES users (id)`.execute(db);
	await sql`ALTER TABLE flags ADD COLUMN resolved_by TEXT REFERENCES users (id)`.execute(db);
	// The therapist's record of each step, as JSON: what was done and decided.
	await sql`ALTER TABLE flags ADD COLUMN acknowledgement TEXT`.execute(db);
	await sql`ALTER TABLE flags ADD COLUMN resolution TEXT`.execute(db);

	// Screening is for every couple: a private check-in for each partner when the couple is
	// added, and again every few weeks, unless the therapist turns it off for the couple.
	await sql`ALTER TABLE couples ADD COLUMN screening_on INTEGER NOT NULL DEFAULT 1
		CHECK (screening_on IN (0, 1))`.execute(db);
	await sql`ALTER TABLE couples ADD COLUMN screening_every_weeks INTEGER NOT NULL DEFAULT 6
		CHECK (screening_every_weeks BETWEEN 1 AND 52)`.execute(db);

	// Where a partner's quick exit leads (the therapist may change it); null: the default.
	await sql`ALTER TABLE users ADD COLUMN exit_site TEXT`.execute(db);

	// Crisis help shown to a partner at once when a wellbeing check-in needs it.
	await sql`CREATE TABLE crisis_help_texts (
		therapist_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		text TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`.execute(db);

	// Sessions made before this kept the 30 days they were made with.
	await sql`ALTER TABLE sessions ADD COLUMN keep_signed_in INTEGER NOT NULL DEFAULT 1
		CHECK (keep_signed_in IN (0, 1))`.execute(db);
	// The browser as the person would recognise it ("Firefox on Android"), for their device list.
	await sql`ALTER TABLE sessions ADD COLUMN device TEXT`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE sessions DROP COLUMN device`.execute(db);
	await sql`ALTER TABLE sessions DROP COLUMN keep_signed_in`.execute(db);
	await sql`DROP TABLE crisis_help_texts`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN exit_site`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN screening_every_weeks`.execute(db);
	await sql`ALTER TABLE couples DROP COLUMN screening_on`.execute(db);
	for (const column of [
		'resolution',
		'acknowledgement',
		'resolved_by',
		'acknowledged_by',
		'acknowledged_at',
		'tier'
	])
		await sql`ALTER TABLE flags DROP COLUMN ${sql.raw(column)}`.execute(db);
}
