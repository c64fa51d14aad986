import type SQLite from 'better-sqlite3';
import { openDatabase, type Database } from './open';
import { openPostgres } from './open-postgres';
import { isPostgresLocation } from './engine';
import { migrateToLatest } from './migrate';
import { databaseLocation } from '../startup/config';
import { keepPlannerStatistics } from './planner-statistics';
import { StartupError } from '../startup/startup-error';
import { sql } from 'kysely';

/** The app's database as started: SQLite's handle too when it is a file. */
export interface StartedDatabase {
	db: Database;
	/** The SQLite file's own handle; null on PostgreSQL. */
	sqlite: SQLite.Database | null;
}

let opened: StartedDatabase | undefined;
let stopStatistics: (() => void) | undefined;

/**
 * Opens, checks and migrates the app's database once, when the server
 * starts, then lets the caller prepare it (startup/start.ts brings in the
 * built-in worksheets and runs one-off backfills). A failure anywhere closes
 * it again. This module knows only the database, never a feature.
 * `location` is a SQLite file or a postgres:// URL.
 */
export async function startDatabase(
	location = databaseLocation(),
	prepare: (db: Database) => Promise<void> = async () => {}
): Promise<StartedDatabase> {
	if (opened) return opened;
	const candidate = await openLocation(location);
	try {
		await migrateToLatest(candidate.db);
		await prepare(candidate.db);
		if (candidate.sqlite) stopStatistics = keepPlannerStatistics(candidate.sqlite);
	} catch (error) {
		await candidate.db.destroy();
		throw error;
	}
	opened = candidate;
	return opened;
}

/** Opens a SQLite file, or connects to PostgreSQL and checks that it answers. */
export async function openLocation(location: string): Promise<StartedDatabase> {
	if (!isPostgresLocation(location)) return openDatabase(location);
	const db = openPostgres(location);
	try {
		await sql`SELECT 1`.execute(db);
	} catch (cause) {
		await db.destroy();
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new StartupError(`Cannot reach PostgreSQL at ${describeLocation(location)}: ${reason}.`);
	}
	return { db, sqlite: null };
}

/** The location with any password left out, for messages and logs. */
export function describeLocation(location: string): string {
	if (!isPostgresLocation(location)) return location;
	try {
		const url = new URL(location);
		return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
	} catch {
		return 'DATABASE_URL (which is not a valid URL)';
	}
}

/** The running app's database; routes and hooks call this. */
export function appDatabase(): Database {
	if (!opened) throw new Error('The database was used before the server started it.');
	return opened.db;
}

export async function stopDatabase(): Promise<void> {
	if (!opened) return;
	const closing = opened;
	opened = undefined;
	stopStatistics?.();
	await closing.db.destroy();
}
