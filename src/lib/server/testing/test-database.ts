import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { openDatabase, type Database } from '../database/open';
import { migrateToLatest } from '../database/migrate';

export interface TestDatabase {
	db: Database;
	sqlite: SQLite.Database;
	file: string;
	cleanup: () => Promise<void>;
}

/**
 * A freshly migrated database file of its own, opened the way the app opens
 * one (WAL, FULL, busy timeout, foreign keys), in a temporary folder that
 * cleanup removes. A file rather than :memory:, so tests can open a second
 * connection to it as another process would.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
	const folder = fs.mkdtempSync(path.join(scratchFolder(), 'common-ground-test-'));
	const file = path.join(folder, 'test.db');
	const { db, sqlite } = openDatabase(file);
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
	} catch (error) {
		await cleanup();
		throw error;
	}
	return { db, sqlite, file, cleanup };
}

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

let userCount = 0;

/**
 * Adds a user row directly, without hashing: for tests that never check a
 * password. Pass a real hash when the test signs in.
 */
export async function insertTestUser(
	db: Database,
	user: { role: 'therapist' } | { role: 'partner'; coupleId: string },
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
			display_name: `${user.role} ${userCount}`,
			role: user.role,
			password_hash: options.passwordHash ?? 'not-a-hash',
			couple_id: user.role === 'partner' ? user.coupleId : null,
			created_at: at,
			password_changed_at: at
		})
		.execute();
	return { id, email };
}

/** A couple for a therapist, inserted directly. */
export async function insertTestCouple(db: Database, therapistId: string, name = 'A & B'): Promise<string> {
	userCount += 1;
	const id = `couple-${userCount}`;
	await db
		.insertInto('couples')
		.values({ id, therapist_id: therapistId, name, created_at: '2026-11-27T14:00:00.000Z' })
		.execute();
	return id;
}
