// Makes the empty PostgreSQL database DATABASE_URL names, on the server it
// names, for the browser tests and for trying the app on PostgreSQL:
//
//   DATABASE_URL=postgres://user@host/name npx tsx scripts/create-database.ts [--fresh]
//
// --fresh drops a database of that name first (a test run's leftover); without
// it an existing database is left alone and reported. The role in the URL
// must be allowed to create databases. In production, create the database as
// the README says (createdb), once.
import pg from 'pg';
import { describeLocation } from '../src/lib/server/database/app-database';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { databaseOnServer } from '../src/lib/server/database/open-postgres';

const location = process.env.DATABASE_URL ?? '';
if (!isPostgresLocation(location)) {
	console.error('Set DATABASE_URL to postgres://… naming the database to create.');
	process.exit(1);
}
const target = new URL(location);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
	console.error('The database name must be lower-case letters, digits and underscores.');
	process.exit(1);
}
// Databases are created from the server's maintenance database, never from inside themselves.
const client = new pg.Client({ connectionString: databaseOnServer(location, 'postgres') });
try {
	await client.connect();
	if (process.argv.includes('--fresh'))
		await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
	if (exists.rowCount) console.log(`${describeLocation(location)} is already there.`);
	else {
		await client.query(`CREATE DATABASE ${name}`);
		console.log(`Created ${describeLocation(location)}.`);
	}
} catch (error) {
	console.error(`Cannot create ${describeLocation(location)}: ${(error as Error).message}`);
	process.exitCode = 1;
} finally {
	await client.end();
}
