import { sql } from 'kysely';
import type { Database } from './open';

/**
 * Whether the database answers a trivial query now: the health check's
 * question. Any failure (closed, unreachable, a failover in progress) is
 * false; what went wrong is the server's log's business, not the asker's.
 */
export async function databaseAnswers(db: () => Database): Promise<boolean> {
	try {
		await sql`SELECT 1`.execute(db());
		return true;
	} catch {
		return false;
	}
}
