import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { healthCheck } from '$lib/server/http/health-check';

// The reverse proxy's health check (README, "Running on PostgreSQL"). No
// guard and no audit row: it shows nothing, and it is polled every second.
export const GET: RequestHandler = () => healthCheck(appDatabase);
