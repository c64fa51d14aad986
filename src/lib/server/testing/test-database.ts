import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { openDatabase, type Database } from '../database/open';
import { openLocation } from '../database/app-database';
import type { DB } from '../database/schema';
import { migrateToLatest } from '../database/migrate';
import { storeBuiltinTemplates } from './builtin-templates';
import { useTwoStepKey } from '../accounts/two-step-key';
import { inject } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { databaseOnServer, openPostgres } from '../database/open-postgres';
import { engineOf } from '../database/engine';
import { copyDatabase, dropDatabase, testPostgresUrl } from './postgres-databases';

export interface TestDatabase {
	db: Database;
	/** SQLite's own handle, for tests of SQLite itself; reading it on PostgreSQL throws. */
	sqlite: SQLite.Database;
	/** The SQLite file, or the PostgreSQL database's URL. */
	file: string;
	cleanup: () => Promise<void>;
}

/** True when the unit tests run on PostgreSQL (TEST_POSTGRES_URL is set). */
export function onPostgres(): boolean {
	return testPostgresUrl() !== null;
}

export interface TestDatabaseOptions {
	/** Store the built-in worksheet templates, as the server does at startup (homework refers to them). */
	builtinTemplates?: boolean;
}

/**
 * A freshly migrated database file of its own, opened the way the app opens
 * one (WAL, FULL, busy timeout, foreign keys), in a temporary folder that
 * cleanup removes. A file rather than :memory:, so tests can open a second
 * connection to it as another process would.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
	const serverUrl = testPostgresUrl();
	if (serverUrl) return createPostgresTestDatabase(serverUrl, options);
	const folder = fs.mkdtempSync(path.join(scratchFolder(), 'common-ground-test-'));
	const file = path.join(folder, 'test.db');
	const { db, sqlite } = openDatabase(file);
	// A two-step key of its own, as the server loads one at startup.
	useTwoStepKey(db, crypto.getRandomValues(new Uint8Array(32)));
	let closed = false;
	const cleanup = async () => {
		if (!closed) {
			closed = true;
			await db.destroy();
		}
		fs.rmSync(folder, { recursive: true, force: true });
	};
	try {
		await migrateToLatest(db);
		if (options.builtinTemplates) await syncTestTemplates(db);
	} catch (error) {
		await cleanup();
		throw error;
	}
	return { db, sqlite, file, cleanup };
}

/**
 * The same on PostgreSQL: a copy of the run's migrated template
 * (testing/postgres-template.ts), dropped by cleanup.
 */
async function createPostgresTestDatabase(
	serverUrl: string,
	options: TestDatabaseOptions
): Promise<TestDatabase> {
	const templates = inject('postgresTemplates');
	if (!templates)
		throw new Error('The PostgreSQL template was not made: is the global setup in vite.config.ts?');
	const name = await copyDatabase(
		serverUrl,
		options.builtinTemplates ? templates.withBuiltins : templates.bare
	);
	const url = databaseOnServer(serverUrl, name);
	const db = openPostgres(url);
	useTwoStepKey(db, crypto.getRandomValues(new Uint8Array(32)));
	let closed = false;
	const cleanup = async () => {
		if (closed) return;
		closed = true;
		await db.destroy();
		await dropDatabase(serverUrl, name);
	};
	return {
		db,
		get sqlite(): SQLite.Database {
			throw new Error('This test reads SQLite itself: mark it SQLite-only (skipIf(onPostgres())).');
		},
		file: url,
		cleanup
	};
}

/** Another connection to the test's database, as a second app process would open. */
export async function openSecondConnection(t: Pick<TestDatabase, 'file'>): Promise<Database> {
	return (await openLocation(t.file)).db;
}

/** The built-in worksheet templates, stored as the server stores them at startup. */
export const syncTestTemplates = storeBuiltinTemplates;

// The app's FULL synchronous mode syncs every commit to disk; in memory-backed
// /dev/shm (Linux) that costs nothing, which keeps the suite fast.
function scratchFolder(): string {
	try {
		fs.accessSync('/dev/shm', fs.constants.W_OK);
		return '/dev/shm';
	} catch {
		return os.tmpdir();
	}
}

/**
 * Makes every INSERT, UPDATE or DELETE on a table fail from now on, as a full
 * disk or a broken constraint would: for tests that show a change and its
 * audit row are kept together or not at all. Returns what lets it through again.
 */
export async function failEvery(
	t: Pick<TestDatabase, 'db'>,
	operation: 'INSERT' | 'UPDATE' | 'DELETE',
	table: keyof DB,
	message = 'refused by the test'
): Promise<() => Promise<void>> {
	const trigger = sql.raw(`test_fails_${operation.toLowerCase()}_${table}`);
	const on = sql.raw(`${operation} ON ${table}`);
	const reason = sql.lit(message);
	if (engineOf(t.db).name === 'sqlite') {
		await sql`CREATE TRIGGER ${trigger} BEFORE ${on}
			BEGIN SELECT RAISE(ABORT, ${reason}); END`.execute(t.db);
		return async () => void (await sql`DROP TRIGGER ${trigger}`.execute(t.db));
	}
	// The message is the test's own constant, never input.
	await sql`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql
		AS ${sql.raw(`$$ BEGIN RAISE EXCEPTION '${message.replaceAll("'", "''")}'; END $$`)}`.execute(t.db);
	await sql`CREATE TRIGGER ${trigger} BEFORE ${on}
		FOR EACH ROW EXECUTE FUNCTION ${trigger}()`.execute(t.db);
	return async () => {
		await sql`DROP TRIGGER ${trigger} ON ${sql.raw(table)}`.execute(t.db);
		await sql`DROP FUNCTION ${trigger}()`.execute(t.db);
	};
}

/**
 * Every row of every table, each table's rows in one stable order (sorted
 * by their JSON), so that a change anywhere shows when two are compared.
 */
export async function everyRow(db: Database): Promise<Record<string, unknown[]>> {
	const tables = (await db.introspection.getTables({ withInternalKyselyTables: true }))
		.map((table) => table.name)
		.sort();
	const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
	const snapshot: Record<string, unknown[]> = {};
	for (const name of tables) {
		const rows = await untyped.selectFrom(name).selectAll().execute();
		snapshot[name] = rows
			.map((row) => [JSON.stringify(row), row] as const)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, row]) => row);
	}
	return snapshot;
}

/** Every value in every row of every table, as text: for checking what is never stored. */
export async function everyStoredValue(db: Database): Promise<string[]> {
	return Object.values(await everyRow(db)).flatMap((rows) =>
		rows.flatMap((row) => Object.values(row as Record<string, unknown>).map(String))
	);
}

let userCount = 0;

/**
 * Adds a user row directly, without hashing: for tests that never check a
 * password. Pass a real hash when the test signs in. A partner account
 * belongs to a couple only once it takes a place in `partners`
 * (insertTestPartner with `joined` does both).
 */
export async function insertTestUser(
	db: Database,
	user: { role: 'therapist' | 'partner' },
	options: { email?: string; passwordHash?: string; now?: Date } = {}
): Promise<{ id: string; email: string }> {
	userCount += 1;
	const id = `user-${userCount}`;
	const email = options.email ?? `${user.role}-${userCount}@example.com`;
	const at = (options.now ?? new Date('2026-11-27T14:00:00.000Z')).toISOString();
	await db
		.insertInto('users')
		.values({
			id,
			email,
			// A partner's name is their place's, never their account's.
			display_name: user.role === 'therapist' ? `therapist ${userCount}` : null,
			role: user.role,
			password_hash: options.passwordHash ?? 'not-a-hash',
			created_at: at,
			password_changed_at: at
		})
		.execute();
	return { id, email };
}

/** A couple for a therapist, inserted directly. */
export async function insertTestCouple(
	db: Database,
	therapistId: string,
	name = 'A & B'
): Promise<string> {
	userCount += 1;
	const id = `couple-${userCount}`;
	await db
		.insertInto('couples')
		.values({ id, therapist_id: therapistId, name, created_at: '2026-11-27T14:00:00.000Z' })
		.execute();
	return id;
}

/**
 * One of a couple's two partner places, inserted directly. With `joined`, a
 * partner account of that couple holds the place, as after an invitation.
 */
export async function insertTestPartner(
	db: Database,
	coupleId: string,
	options: { position: 1 | 2; displayName?: string; joined?: boolean }
): Promise<{ partnerId: string; userId: string | null }> {
	userCount += 1;
	const partnerId = `partner-${userCount}`;
	const displayName = options.displayName ?? `partner ${userCount}`;
	let userId: string | null = null;
	if (options.joined) userId = (await insertTestUser(db, { role: 'partner' })).id;
	const at = userId === null ? null : '2026-11-27T14:00:00.000Z';
	await db
		.insertInto('partners')
		.values({
			id: partnerId,
			couple_id: coupleId,
			position: options.position,
			display_name: displayName,
			user_id: userId,
			joined_at: at,
			policy_acknowledged_at: at
		})
		.execute();
	return { partnerId, userId };
}

/**
 * Names the therapist's practice (its mail goes out under that name), making
 * a practice for a therapist inserted without one.
 */
export async function nameTestPractice(
	db: Database,
	therapistId: string,
	name: string
): Promise<void> {
	const therapist = await db
		.selectFrom('users')
		.select('practice_id')
		.where('id', '=', therapistId)
		.executeTakeFirstOrThrow();
	let practiceId = therapist.practice_id;
	if (practiceId === null) {
		practiceId = `practice-of-${therapistId}`;
		await db
			.insertInto('practices')
			.values({ id: practiceId, created_at: '2026-11-27T14:00:00.000Z' })
			.execute();
		await db
			.updateTable('users')
			.set({ practice_id: practiceId, practice_role: 'administrator' })
			.where('id', '=', therapistId)
			.execute();
	}
	await db.updateTable('practices').set({ name }).where('id', '=', practiceId).execute();
}
