import { databaseAnswers } from '../database/answers';
import type { Database } from '../database/open';

/** Where the reverse proxy asks (src/routes/healthz). */
export const HEALTH_CHECK_PATH = '/healthz';

/**
 * What a load balancer polling /healthz is told: 200 while this process can
 * reach the database, 503 while it cannot, so traffic goes to a process
 * that can. Plain words only: the check needs no sign-in, so it must say
 * nothing about where the database is or why it failed.
 */
export async function healthCheck(db: () => Database): Promise<Response> {
	const healthy = await databaseAnswers(db);
	return new Response(healthy ? 'ok' : 'unavailable', {
		status: healthy ? 200 : 503,
		headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
	});
}
