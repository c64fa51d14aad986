import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// A partner's couple and name are stored once, in their place in partners.
// users.couple_id goes (with its index, its foreign key and the CHECK tying
// it to the role), and users.display_name is kept for therapists only: null
// for every partner, which a CHECK holds. SQLite rebuilt the table for this;
// PostgreSQL alters it in place, so nothing that refers to users is touched.

export async function up(db: Kysely<unknown>): Promise<void> {
	// Their place is now the only record of a partner's couple: an account
	// without one, or in another couple than its place, would lose its couple.
	const misplaced = await sql<{
		accounts: number;
	}>`SELECT count(*)::integer AS accounts FROM users u
		WHERE u.role = 'partner' AND NOT EXISTS (
			SELECT 1 FROM partners p WHERE p.user_id = u.id AND p.couple_id = u.couple_id
		)`.execute(db);
	const accounts = misplaced.rows[0]?.accounts ?? 0;
	if (accounts > 0) {
		throw new Error(
			`${accounts} partner account(s) have no place of their own in their couple (partners.user_id); give each one its place, or remove the account, and start again`
		);
	}

	await sql`ALTER TABLE users DROP CONSTRAINT users_check`.execute(db);
	await sql`DROP INDEX users_by_couple`.execute(db);
	await sql`ALTER TABLE users DROP CONSTRAINT users_couple_id_fkey`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN couple_id`.execute(db);
	// A partner keeps the name in their place: the one their therapist and the
	// other partner see, and the one the therapist edits.
	await sql`ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL`.execute(db);
	await sql`UPDATE users SET display_name = NULL WHERE role != 'therapist'`.execute(db);
	await sql`ALTER TABLE users ADD CONSTRAINT users_check
		CHECK ((role = 'therapist') = (display_name IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE users DROP CONSTRAINT users_check`.execute(db);
	await sql`ALTER TABLE users ADD COLUMN couple_id TEXT`.execute(db);
	// Each partner's couple and name come back from their place.
	await sql`UPDATE users SET couple_id = p.couple_id,
			display_name = coalesce(users.display_name, p.display_name)
		FROM partners p WHERE p.user_id = users.id`.execute(db);
	await sql`ALTER TABLE users ALTER COLUMN display_name SET NOT NULL`.execute(db);
	await sql`ALTER TABLE users ADD CONSTRAINT users_couple_id_fkey
		FOREIGN KEY (couple_id) REFERENCES couples (id)`.execute(db);
	await sql`ALTER TABLE users ADD CONSTRAINT users_check
		CHECK ((role = 'partner') = (couple_id IS NOT NULL))`.execute(db);
	await sql`CREATE INDEX users_by_couple ON users (couple_id)`.execute(db);
}
