import pg from 'pg';
import { databaseOnServer, openPostgres } from '../database/open-postgres';
import { migrateToLatest } from '../database/migrate';
import type { Database } from '../database/open';

// Test databases on PostgreSQL, when the unit tests run with
// TEST_POSTGRES_URL (scripts/with-postgres.sh sets it). Migrating a fresh
// database for each of a thousand tests would take minutes; instead one
// template is migrated per test run and each test gets a copy of it
// (CREATE DATABASE … TEMPLATE copies files, a few tens of milliseconds).

/** The PostgreSQL server the unit tests use, or null for SQLite. */
export function testPostgresUrl(): string | null {
	return process.env.TEST_POSTGRES_URL || null;
}

/** A name PostgreSQL accepts unquoted and no other test run shares. */
export function freshDatabaseName(prefix: string): string {
	return `${prefix}_${process.pid}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

let admin: pg.Client | undefined;

/** One connection to the server's maintenance database, for creating and dropping. */
async function adminClient(serverUrl: string): Promise<pg.Client> {
	if (!admin) {
		admin = new pg.Client({ connectionString: serverUrl });
		await admin.connect();
	}
	return admin;
}

/**
 * Makes a template the test run's databases are copied from: migrated, or
 * a copy of another template that `prepare` then adds to.
 */
export async function createTemplateDatabase(
	serverUrl: string,
	from: { template: string; prepare: (db: Database) => Promise<void> } | null = null
): Promise<string> {
	const name = freshDatabaseName('common_ground_template');
	const client = await adminClient(serverUrl);
	await client.query(`CREATE DATABASE ${name}${from ? ` TEMPLATE ${from.template}` : ''}`);
	const db = openPostgres(databaseOnServer(serverUrl, name));
	try {
		if (from) await from.prepare(db);
		else await migrateToLatest(db);
	} finally {
		await db.destroy();
	}
	return name;
}

export async function copyDatabase(serverUrl: string, template: string): Promise<string> {
	const name = freshDatabaseName('common_ground_test');
	const client = await adminClient(serverUrl);
	// FILE_COPY copies the template's few files at once, in half the time of
	// WAL_LOG (the default), which writes them block by block through the log.
	await client.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY = FILE_COPY`);
	return name;
}

/** A database with nothing in it, not even migrations, as an operator's `createdb` makes. */
export async function createEmptyDatabase(serverUrl: string): Promise<string> {
	const name = freshDatabaseName('common_ground_empty');
	const client = await adminClient(serverUrl);
	await client.query(`CREATE DATABASE ${name}`);
	return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
	const client = await adminClient(serverUrl);
	await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export async function closeAdminClient(): Promise<void> {
	await admin?.end();
	admin = undefined;
}
