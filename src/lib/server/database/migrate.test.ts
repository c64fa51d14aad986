import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../migrations';
import { migrateToLatest, withoutForeignKeyEnforcement } from './migrate';
import { openDatabase, type OpenedDatabase } from './open';
import { StartupError } from '../startup/startup-error';
import { createTestDatabase, onPostgres, type TestDatabase } from '../testing/test-database';

const migrationsFolder = fileURLToPath(new URL('../../../../migrations/', import.meta.url));
const migrationFiles = fs
	.readdirSync(migrationsFolder)
	.filter((name) => name.endsWith('.ts') && name !== 'index.ts')
	.sort();

let t: TestDatabase | undefined;
let scratch: { folder: string; opened: OpenedDatabase } | undefined;

afterEach(async () => {
	await t?.cleanup();
	t = undefined;
	if (scratch) {
		await scratch.opened.db.destroy();
		fs.rmSync(scratch.folder, { recursive: true, force: true });
		scratch = undefined;
	}
});

function emptyDatabase(): OpenedDatabase {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-migrate-'));
	scratch = { folder, opened: openDatabase(path.join(folder, 'app.db')) };
	return scratch.opened;
}

function tableNames(opened: { sqlite: OpenedDatabase['sqlite'] }): string[] {
	const rows = opened.sqlite
		.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
		.all() as Array<{ name: string }>;
	return rows.map((row) => row.name);
}

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('migrateToLatest', () => {
	it('creates the schema in an empty database and reports what it applied', async () => {
		const opened = emptyDatabase();
		expect(await migrateToLatest(opened.db)).toEqual(Object.keys(migrations));
		expect(tableNames(opened)).toEqual(
			expect.arrayContaining(['audit_log', 'couples', 'kysely_migration', 'sessions', 'users'])
		);
	});

	it('can undo each migration after the foundation, newest first, back to the schema before it', async () => {
		const opened = emptyDatabase();
		const schema = () =>
			opened.sqlite
				.prepare(
					"SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'kysely_%' ORDER BY name"
				)
				.all();
		const names = Object.keys(migrations);
		const before: unknown[] = [];
		for (const index of names.keys()) {
			before.push(schema());
			await migrateToLatest(
				opened.db,
				Object.fromEntries(
					names.slice(0, index + 1).map((applied) => [applied, migrations[applied]!])
				)
			);
		}
		for (const [index, name] of [...names.entries()].reverse().slice(0, -1)) {
			// As migrateToLatest runs them: a table rebuilt by dropping it needs enforcement off.
			await withoutForeignKeyEnforcement(opened.db, (connection) =>
				migrations[name]!.down!(connection as never)
			);
			expect(schema(), `after undoing ${name}`).toEqual(before[index]);
		}
		// The first one says it cannot be undone rather than drop every table.
		await expect(migrations[names[0]!]!.down!(opened.db as never)).rejects.toThrow(
			/cannot be reverted/
		);
	});

	it('does nothing the second time', async () => {
		t = await createTestDatabase();
		const schemaBefore = t.sqlite
			.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name')
			.all();
		const appliedBefore = t.sqlite.prepare('SELECT * FROM kysely_migration').all();
		expect(await migrateToLatest(t.db)).toEqual([]);
		expect(
			t.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()
		).toEqual(schemaBefore);
		expect(t.sqlite.prepare('SELECT * FROM kysely_migration').all()).toEqual(appliedBefore);
	});

	it('refuses a database written by a newer version, in one line, and leaves it alone', async () => {
		t = await createTestDatabase();
		t.sqlite
			.prepare(
				"INSERT INTO kysely_migration (name, timestamp) VALUES ('29991231T2359-FromTheFuture', '2999-12-31T23:59:00.000Z')"
			)
			.run();
		const schemaBefore = t.sqlite
			.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name')
			.all();

		const failure = await migrateToLatest(t.db).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(StartupError);
		expect((failure as Error).message).toMatch(/newer version/);
		expect((failure as Error).message).toContain('29991231T2359-FromTheFuture');
		expect((failure as Error).message).not.toContain('\n');
		expect(
			t.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()
		).toEqual(schemaBefore);
	});

	it('rolls a failing migration back completely, as its message says', async () => {
		t = await createTestDatabase();
		const broken: Migration = {
			async up(db) {
				await sql`CREATE TABLE half_done (id TEXT PRIMARY KEY NOT NULL) STRICT`.execute(db);
				await sql`INSERT INTO half_done (id) VALUES ('first')`.execute(db);
				throw new Error('the second step failed');
			}
		};
		const failure = await migrateToLatest(t.db, {
			...migrations,
			'29991231T2359-Broken': broken
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(StartupError);
		expect((failure as Error).message).toBe(
			'Migration 29991231T2359-Broken failed: the second step failed. The database was left as it was.'
		);
		expect(tableNames(t)).not.toContain('half_done');
		expect(t.sqlite.prepare('SELECT name FROM kysely_migration').all()).toEqual(
			Object.keys(migrations).map((name) => ({ name }))
		);

		// Fixed, it applies on the next start.
		const fixed: Migration = {
			up: async (db) => void (await sql`CREATE TABLE half_done (id TEXT) STRICT`.execute(db))
		};
		expect(await migrateToLatest(t.db, { ...migrations, '29991231T2359-Broken': fixed })).toEqual([
			'29991231T2359-Broken'
		]);
		expect(tableNames(t)).toContain('half_done');
	});

	it('runs the migrations with foreign-key enforcement off, and turns it back on after', async () => {
		t = await createTestDatabase();
		const seen: unknown[] = [];
		const looking: Migration = {
			async up(db) {
				seen.push((await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db)).rows[0]);
			}
		};
		expect(
			await migrateToLatest(t.db, { ...migrations, '29991231T2359-Looking': looking })
		).toEqual(['29991231T2359-Looking']);
		expect(seen).toEqual([{ foreign_keys: 0 }]);
		expect(t.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
	});

	it('turns foreign-key enforcement back on when a migration fails', async () => {
		t = await createTestDatabase();
		const broken: Migration = { up: async () => Promise.reject(new Error('no')) };
		await expect(
			migrateToLatest(t.db, { ...migrations, '29991231T2359-Broken': broken })
		).rejects.toBeInstanceOf(StartupError);
		expect(t.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		// And it is enforced, not only reported.
		expect(() =>
			t!.sqlite
				.prepare(
					"INSERT INTO sessions (id, user_id, created_at, last_active_at, expires_at) VALUES ('s', 'nobody', 'a', 'a', 'a')"
				)
				.run()
		).toThrow(/FOREIGN KEY/);
	});

	it('fails a migration that leaves a row referring to nothing, and rolls it back', async () => {
		t = await createTestDatabase();
		const dangling: Migration = {
			async up(db) {
				await sql`CREATE TABLE dangling (id TEXT PRIMARY KEY NOT NULL) STRICT`.execute(db);
				await sql`INSERT INTO sessions (id, user_id, created_at, last_active_at, expires_at)
					VALUES ('s', 'nobody', 'a', 'a', 'a')`.execute(db);
			}
		};
		const failure = await migrateToLatest(t.db, {
			...migrations,
			'29991231T2359-Dangling': dangling
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(StartupError);
		expect((failure as Error).message).toBe(
			'Migration 29991231T2359-Dangling failed: it left 1 row(s) referring to rows that do not exist (the first: sessions row 1, referring to users). The database was left as it was.'
		);
		expect(tableNames(t)).not.toContain('dangling');
		expect(t.sqlite.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
		expect(t.sqlite.prepare('SELECT name FROM kysely_migration').all()).toEqual(
			Object.keys(migrations).map((name) => ({ name }))
		);
	});

	it('rolls back every pending migration when a later one fails', async () => {
		const opened = emptyDatabase();
		const broken: Migration = { up: async () => Promise.reject(new Error('no')) };
		await expect(
			migrateToLatest(opened.db, { ...migrations, '29991231T2359-Broken': broken })
		).rejects.toBeInstanceOf(StartupError);
		expect(
			tableNames(opened).filter(
				(name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_')
			)
		).toEqual([]);
		expect(await migrateToLatest(opened.db)).toEqual(Object.keys(migrations));
	});
});

describe('the migrations folder', () => {
	it('has at least one migration', () => {
		expect(migrationFiles.length).toBeGreaterThan(0);
	});

	it('lists every migration file in index.ts, and nothing else', () => {
		expect(Object.keys(migrations).sort()).toEqual(
			migrationFiles.map((name) => name.replace(/\.ts$/, ''))
		);
	});

	it('lists them in the order they were written', () => {
		const names = Object.keys(migrations);
		expect(names).toEqual([...names].sort());
	});

	it.each(migrationFiles)('names %s by its time and what it does', (file) => {
		expect(file).toMatch(/^\d{8}T\d{4}-[A-Z][A-Za-z]*\.ts$/);
		const migration = migrations[file.replace(/\.ts$/, '')];
		expect(typeof migration?.up).toBe('function');
	});

	it.each(migrationFiles)('keeps %s frozen in time: it imports nothing but kysely', (file) => {
		const source = fs.readFileSync(path.join(migrationsFolder, file), 'utf8');
		const specifiers = [
			...source.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g),
			...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
			...source.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g),
			...source.matchAll(/\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g)
		].map((match) => match[1]);
		expect(specifiers.length).toBeGreaterThan(0);
		expect(specifiers.filter((specifier) => specifier !== 'kysely')).toEqual([]);
		// Every import statement was understood by the patterns above.
		const importLines = source
			.split('\n')
			.filter((line) => /^\s*(import|export)\b.*\bfrom\b|^\s*import\s*['"]/.test(line));
		expect(importLines).toHaveLength(specifiers.length);
	});
});

describe('20261202T0700-Practices', () => {
	it('puts every existing therapist in one practice, the earliest its administrator, two-step not yet required', async () => {
		const opened = emptyDatabase();
		const names = Object.keys(migrations);
		const upTo = names.indexOf('20261202T0700-Practices');
		await migrateToLatest(
			opened.db,
			Object.fromEntries(names.slice(0, upTo).map((name) => [name, migrations[name]!]))
		);
		const insert = opened.sqlite.prepare(
			`INSERT INTO users (id, email, display_name, role, password_hash, created_at, password_changed_at)
			 VALUES (?, ?, ?, ?, 'x', ?, ?)`
		);
		insert.run('later', 'b@example.com', 'B', 'therapist', '2026-11-02', '2026-11-02');
		insert.run('first', 'a@example.com', 'A', 'therapist', '2026-11-01', '2026-11-01');
		insert.run('partner', 'p@example.com', null, 'partner', '2026-11-03', '2026-11-03');
		await migrateToLatest(opened.db);

		const users = opened.sqlite
			.prepare('SELECT id, practice_id, practice_role FROM users ORDER BY id')
			.all() as Array<{ id: string; practice_id: string | null; practice_role: string | null }>;
		const practices = opened.sqlite
			.prepare('SELECT id, two_step_required FROM practices')
			.all() as Array<{ id: string; two_step_required: number }>;
		expect(practices).toEqual([{ id: expect.any(String), two_step_required: 0 }]);
		expect(users).toEqual([
			{ id: 'first', practice_id: practices[0]!.id, practice_role: 'administrator' },
			{ id: 'later', practice_id: practices[0]!.id, practice_role: 'member' },
			{ id: 'partner', practice_id: null, practice_role: null }
		]);
	});
});

describe('20261202T1005-PracticePolicies', () => {
	it('gives the practice the administrator’s name for mail, or else a colleague’s, and back', async () => {
		const opened = emptyDatabase();
		const names = Object.keys(migrations);
		const upTo = names.indexOf('20261202T1005-PracticePolicies');
		const before = Object.fromEntries(
			names.slice(0, upTo).map((name) => [name, migrations[name]!])
		);
		await migrateToLatest(opened.db, before);
		opened.sqlite
			.prepare(
				`INSERT INTO practices (id, created_at) VALUES ('one', '2026-11-01'), ('two', '2026-11-01')`
			)
			.run();
		const insert = opened.sqlite.prepare(
			`INSERT INTO users (id, email, display_name, role, password_hash, created_at, password_changed_at,
			   practice_id, practice_role, practice_name)
			 VALUES (?, ?, ?, 'therapist', 'x', ?, ?, ?, ?, ?)`
		);
		insert.run('member', 'm@example.com', 'M', '2026-11-01', '2026-11-01', 'one', 'member', 'Own');
		insert.run(
			'admin',
			'a@example.com',
			'A',
			'2026-11-02',
			'2026-11-02',
			'one',
			'administrator',
			'Northside'
		);
		insert.run(
			'other',
			'o@example.com',
			'O',
			'2026-11-01',
			'2026-11-01',
			'two',
			'administrator',
			null
		);
		insert.run('kim', 'k@example.com', 'K', '2026-11-03', '2026-11-03', 'two', 'member', 'Harbour');
		await migrateToLatest(opened.db);

		expect(
			opened.sqlite
				.prepare('SELECT id, name, partner_keep_signed_in_days FROM practices ORDER BY id')
				.all()
		).toEqual([
			{ id: 'one', name: 'Northside', partner_keep_signed_in_days: 30 },
			{ id: 'two', name: 'Harbour', partner_keep_signed_in_days: 30 }
		]);
		expect(
			opened.sqlite
				.prepare('SELECT count(*) FROM users WHERE practice_name IS NOT NULL')
				.pluck()
				.get()
		).toBe(0);

		// Undone, every therapist sends under their practice's name again.
		const later = names.slice(upTo).reverse();
		for (const name of later) await migrations[name]!.down!(opened.db as never);
		expect(opened.sqlite.prepare('SELECT id, practice_name FROM users ORDER BY id').all()).toEqual([
			{ id: 'admin', practice_name: 'Northside' },
			{ id: 'kim', practice_name: 'Harbour' },
			{ id: 'member', practice_name: 'Northside' },
			{ id: 'other', practice_name: 'Harbour' }
		]);
	});
});
