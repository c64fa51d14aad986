import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The PostgreSQL form of the
// SQLite migration of the same name.
//
// Pages at any size: a therapist's overdue homework is found from their own
// couples, each couple's homework still waited on read by due date, so the
// week ahead and the couple list cost what one therapist's practice holds,
// not what every therapist's together does.

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE INDEX assignments_waited_on_by_couple ON assignments (couple_id, due_at) WHERE waiting_on > 0`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX assignments_waited_on_by_couple`.execute(db);
}
