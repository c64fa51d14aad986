import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema';
import type { Database } from './open';
import { countStatement, countingStatements } from './statement-count';

/** How many connections one app process keeps open to PostgreSQL at most. */
const POOL_SIZE = 10;

// pg returns 64-bit integers (counts, identity ids) and NUMERIC as strings,
// since they can exceed what a JS number holds exactly. Ours never do (a
// count of rows, an audit row's id), and SQLite gives numbers: parse them,
// so the app reads the same values from both engines.
const INT8 = 20;
const NUMERIC = 1700;

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
	if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
	return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

/**
 * The database `name` on the same PostgreSQL server as `url`, reached as the
 * same user: where databases are made (the server's maintenance database,
 * `postgres`) and where the ones made for tests and benchmarks live.
 */
export function databaseOnServer(url: string, name: string): string {
	const address = new URL(url);
	address.pathname = `/${name}`;
	return address.toString();
}

/**
 * A pool of connections to the PostgreSQL database at `url`
 * (postgres://user:password@host:port/database). Nothing is checked here:
 * the first query says whether the server is there.
 */
export function openPostgres(url: string): Database {
	const pool = new pg.Pool({
		connectionString: url,
		max: POOL_SIZE,
		types: { getTypeParser: typeParser },
		// Every connection works in UTC, as the app's times are.
		options: '-c TimeZone=UTC'
	});
	// An idle connection the server closed (a restart, a failover) is dropped
	// from the pool and replaced; without a listener it would crash the process.
	// Once the pool is ending, its connections are closing anyway: the server
	// ending one first (its database dropped, the server stopping) loses nothing.
	pool.on('error', (error) => {
		if (!pool.ending) console.error(`PostgreSQL connection lost: ${error.message}`);
	});
	return new Kysely<DB>({
		dialect: new PostgresDialect({ pool }),
		...(countingStatements() ? { log: countStatement } : {})
	});
}
