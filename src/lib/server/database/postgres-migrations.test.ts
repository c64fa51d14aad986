import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations as sqliteMigrations } from '../../../../migrations';
import { migrations as postgresMigrations } from '../../../../migrations/postgres';
import { migrateToLatest, withoutForeignKeyEnforcement } from './migrate';
import { openDatabase, type OpenedDatabase } from './open';
import type { DB } from './schema';
import { databaseOnServer } from './open-postgres';
import { createEmptyDatabase, dropDatabase } from '../testing/postgres-databases';

// The PostgreSQL migrations (migrations/postgres) must mean what the SQLite
// ones mean: the same schema by name and meaning at the end, each one undoing
// on PostgreSQL, the same rows after each step up and down, and the triggers
// keeping the same columns for the same writes. What needs PostgreSQL runs
// only when TEST_POSTGRES_URL names a cluster (scripts/with-postgres.sh).

const postgresFolder = fileURLToPath(new URL('../../../../migrations/postgres/', import.meta.url));
const MIGRATION_TABLE = 'kysely_migration';

describe('the PostgreSQL migrations, as files', () => {
	it('have the SQLite names, in the same order', () => {
		expect(Object.keys(postgresMigrations)).toEqual(Object.keys(sqliteMigrations));
	});

	it('are each listed, and each listed one is a file', () => {
		const files = fs
			.readdirSync(postgresFolder)
			.filter((name) => name.endsWith('.ts') && name !== 'index.ts')
			.map((name) => name.replace(/\.ts$/, ''))
			.sort();
		expect(Object.keys(postgresMigrations).sort()).toEqual(files);
	});

	it.each(Object.keys(postgresMigrations))('keeps %s frozen: it imports only kysely', (name) => {
		const source = fs.readFileSync(path.join(postgresFolder, `${name}.ts`), 'utf8');
		const specifiers = [...source.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
		expect(specifiers).toEqual(['kysely']);
		expect(source).not.toMatch(/\brequire\s*\(|\bimport\s*\(/);
	});
});

describe('reading a schema by meaning', () => {
	const columns = new Set(['role', 'step', 'name', 'video_link']);

	it('reads a CHECK alike however each engine words it', () => {
		expect(expressionTerms("role IN ('therapist', 'partner')", columns)).toBe(
			expressionTerms("((role = ANY (ARRAY['therapist'::text, 'partner'::text])))", columns)
		);
		expect(expressionTerms('step BETWEEN 1 AND 10', columns)).toBe(
			expressionTerms('(((step >= 1) AND (step <= 10)))', columns)
		);
		expect(expressionTerms('step BETWEEN 1 AND 10', columns)).not.toBe(
			expressionTerms('(((step >= 1) AND (step <= 12)))', columns)
		);
		expect(expressionTerms("role IN ('therapist')", columns)).not.toBe(
			expressionTerms("(role = 'partner'::text)", columns)
		);
		expect(expressionTerms('name IS NULL OR step > 1', columns)).not.toBe(
			expressionTerms('((name IS NOT NULL) OR (step > 1))', columns)
		);
	});

	it('finds every CHECK in a CREATE TABLE, and none in its comments or strings', () => {
		expect(
			checksIn(`CREATE TABLE t (
				-- a note to check (this) out
				name TEXT CHECK (length(name) BETWEEN 1 AND 60),
				video_link TEXT DEFAULT 'check (no)',
				step INTEGER, CHECK ((step > 0) = (name IS NOT NULL))
			)`)
		).toEqual(['length(name) BETWEEN 1 AND 60', '(step > 0) = (name IS NOT NULL)']);
	});

	it('names each fact only one engine has', () => {
		const table: TableShape = {
			columns: ['id text not null'],
			primaryKey: 'id',
			foreignKeys: [],
			indexes: [],
			checks: ['1 10 step'],
			triggers: ['t_refuses_update']
		};
		expect(
			differences(
				{ t: table, only_here: table },
				{ t: { ...table, checks: ['1 10 step', '1 10 step'], triggers: [] } }
			)
		).toEqual([
			't checks: 1 on SQLite, 2 on PostgreSQL',
			't triggers: only on SQLite: t_refuses_update',
			'only_here: only on SQLite'
		]);
	});
});

/** A table by meaning: what both engines can say alike, one line per fact. */
interface TableShape {
	columns: string[];
	primaryKey: string;
	foreignKeys: string[];
	indexes: string[];
	checks: string[];
	triggers: string[];
}
type Schema = Record<string, TableShape>;

/** Types by what they hold: SQLite's INTEGER is PostgreSQL's INTEGER or BIGINT. */
function typeByMeaning(type: string): string {
	const lower = type.toLowerCase();
	if (lower.includes('int')) return 'integer';
	if (lower.includes('char') || lower === 'text') return 'text';
	if (lower === 'real' || lower.includes('double') || lower.includes('float')) return 'real';
	if (lower === 'blob' || lower === 'bytea') return 'blob';
	return `unknown type ${type}`;
}

/** A default without PostgreSQL's casts or either engine's outer parentheses. */
function defaultByMeaning(value: string | null): string | null {
	if (value === null) return null;
	let bare = value.replace(/::[a-z][a-z ]*(\[\])?/g, '').trim();
	while (bare.startsWith('(') && bare.endsWith(')')) bare = bare.slice(1, -1).trim();
	return bare;
}

/**
 * What an expression (a CHECK, an index's WHERE) is about, whichever way an
 * engine words it: the columns it names, the functions it calls, the literal
 * values it compares with. PostgreSQL rewrites `x IN ('a', 'b')` as
 * `x = ANY (ARRAY['a'::text, 'b'::text])` and BETWEEN as two comparisons;
 * both keep these terms.
 */
function expressionTerms(expression: string, columns: ReadonlySet<string>): string {
	const strings = [...expression.matchAll(/'((?:[^']|'')*)'/g)].map((match) => `'${match[1]}'`);
	const rest = expression.replace(/'((?:[^']|'')*)'/g, ' ');
	const functions = [...rest.matchAll(/\b([a-z_]\w*)\(/gi)].map((match) => `${match[1]}()`);
	const names = [...rest.matchAll(/"?\b([a-z_]\w*)\b"?/gi)]
		.map((match) => match[1]!)
		.filter((name) => columns.has(name));
	const numbers = [...rest.matchAll(/\b\d+\b/g)].map((match) => match[0]);
	// Both engines keep these words as written: they tell `x IS NULL` from `x IS NOT NULL`.
	const nullTests = [...rest.matchAll(/\bIS\s+(NOT\s+)?NULL\b/gi)].map((match) =>
		match[1] ? '(is not null)' : '(is null)'
	);
	return [...new Set([...names, ...functions, ...strings, ...numbers, ...nullTests])]
		.sort()
		.join(' ');
}

/** The parenthesised expression after each CHECK in a CREATE TABLE, skipping comments and strings. */
function checksIn(createTable: string): string[] {
	const text = createTable.replace(/--[^\n]*/g, '');
	const found: string[] = [];
	for (const match of text.matchAll(/\bCHECK\s*\(/gi)) {
		if (insideString(text, match.index)) continue;
		const start = match.index + match[0].length;
		let depth = 1;
		let quoted = false;
		let at = start;
		for (; at < text.length && depth > 0; at += 1) {
			const character = text[at];
			if (character === "'") quoted = !quoted;
			else if (!quoted && character === '(') depth += 1;
			else if (!quoted && character === ')') depth -= 1;
		}
		found.push(text.slice(start, at - 1));
	}
	return found;
}

function insideString(text: string, index: number): boolean {
	return (text.slice(0, index).match(/'/g)?.length ?? 0) % 2 === 1;
}

function foreignKey(from: string[], table: string, to: string[], onDelete: string): string {
	return `(${from.join(', ')}) -> ${table} (${to.join(', ')}) on delete ${onDelete.toLowerCase()}`;
}

function indexLine(
	name: string,
	columns: string[],
	unique: boolean,
	predicate: string | null,
	tableColumns: ReadonlySet<string>
): string {
	const where = predicate === null ? '' : ` where {${expressionTerms(predicate, tableColumns)}}`;
	return `${name}: ${unique ? 'unique ' : ''}(${columns.join(', ')})${where}`;
}

function sqliteSchema(sqlite: OpenedDatabase['sqlite']): Schema {
	const tables = sqlite
		.prepare(
			`SELECT name, sql FROM sqlite_schema WHERE type = 'table'
				AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`
		)
		.all() as Array<{ name: string; sql: string }>;
	const schema: Schema = {};
	for (const table of tables) {
		const columns = sqlite.prepare('SELECT * FROM pragma_table_info(?)').all(table.name) as Array<{
			name: string;
			type: string;
			notnull: number;
			dflt_value: string | null;
			pk: number;
		}>;
		const names = new Set(columns.map((column) => column.name));
		const autoincrement = /\bAUTOINCREMENT\b/i.test(table.sql);
		const keys = sqlite
			.prepare('SELECT * FROM pragma_foreign_key_list(?)')
			.all(table.name) as Array<{
			id: number;
			seq: number;
			table: string;
			from: string;
			to: string;
			on_delete: string;
		}>;
		const byKey = groupBy(keys, (key) => key.id);
		const indexList = sqlite
			.prepare('SELECT * FROM pragma_index_list(?)')
			.all(table.name) as Array<{
			name: string;
			unique: number;
			origin: string;
			partial: number;
		}>;
		const indexes = indexList
			.filter((index) => index.origin !== 'pk')
			.map((index) => {
				const indexColumns = (
					sqlite
						.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
						.all(index.name) as Array<{
						name: string;
					}>
				).map((column) => column.name);
				// A UNIQUE constraint's index has a name of the engine's choosing.
				if (index.origin === 'u')
					return indexLine('unique constraint', indexColumns, true, null, names);
				const definition = sqlite
					.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?")
					.get(index.name) as { sql: string };
				const predicate = index.partial ? definition.sql.split(/\bWHERE\b/i)[1]! : null;
				return indexLine(index.name, indexColumns, index.unique === 1, predicate, names);
			});
		const triggers = sqlite
			.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?")
			.all(table.name) as Array<{ name: string }>;
		schema[table.name] = {
			columns: columns
				.map((column) =>
					columnLine(
						column.name,
						column.type,
						column.notnull === 1 || column.pk > 0,
						autoincrement && column.pk > 0 ? GENERATED : defaultByMeaning(column.dflt_value)
					)
				)
				.sort(),
			primaryKey: columns
				.filter((column) => column.pk > 0)
				.sort((a, b) => a.pk - b.pk)
				.map((column) => column.name)
				.join(', '),
			foreignKeys: [...byKey.values()]
				.map((parts) => {
					const ordered = parts.sort((a, b) => a.seq - b.seq);
					return foreignKey(
						ordered.map((part) => part.from),
						ordered[0]!.table,
						ordered.map((part) => part.to),
						ordered[0]!.on_delete
					);
				})
				.sort(),
			indexes: indexes.sort(),
			checks: checksIn(table.sql)
				.map((check) => expressionTerms(check, names))
				.sort(),
			triggers: triggers.map((trigger) => trigger.name).sort()
		};
	}
	return schema;
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const group = groups.get(key(item));
		if (group) group.push(item);
		else groups.set(key(item), [item]);
	}
	return groups;
}

/** What an AUTOINCREMENT key and an identity column both give a row that names no id. */
const GENERATED = 'a number counting up';

function columnLine(name: string, type: string, notNull: boolean, value: string | null): string {
	const fallback = value === null ? '' : ` default ${value}`;
	return `${name} ${typeByMeaning(type)}${notNull ? ' not null' : ''}${fallback}`;
}

const ON_DELETE: Record<string, string> = {
	a: 'NO ACTION',
	r: 'RESTRICT',
	c: 'CASCADE',
	n: 'SET NULL',
	d: 'SET DEFAULT'
};

async function postgresSchema(db: Kysely<DB>): Promise<Schema> {
	const { rows: columns } = await sql<{
		table: string;
		name: string;
		number: number;
		type: string;
		not_null: boolean;
		value: string | null;
		identity: string;
	}>`SELECT c.relname AS table, a.attname AS name, a.attnum AS number,
			format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
			pg_get_expr(d.adbin, d.adrelid) AS value, a.attidentity AS identity
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
			AND c.relname NOT LIKE 'kysely_%'`.execute(db);
	const { rows: constraints } = await sql<{
		table: string;
		kind: string;
		columns: number[];
		referenced: string | null;
		referenced_columns: string[] | null;
		on_delete: string;
		definition: string;
	}>`SELECT c.relname AS table, k.contype AS kind, k.conkey AS columns,
			r.relname AS referenced,
			(SELECT array_agg(ra.attname::text ORDER BY key.ordinality) FROM unnest(k.confkey) WITH ORDINALITY AS key(number, ordinality)
				JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = key.number) AS referenced_columns,
			k.confdeltype AS on_delete, pg_get_constraintdef(k.oid) AS definition
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_class r ON r.oid = k.confrelid
		WHERE n.nspname = 'public' AND c.relname NOT LIKE 'kysely_%'`.execute(db);
	const { rows: indexes } = await sql<{
		table: string;
		name: string;
		columns: number[];
		unique: boolean;
		predicate: string | null;
		constraint_kind: string | null;
	}>`SELECT c.relname AS table, i.relname AS name, x.indkey::int2[] AS columns,
			x.indisunique AS unique, pg_get_expr(x.indpred, x.indrelid) AS predicate,
			(SELECT k.contype FROM pg_constraint k
				WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u')) AS constraint_kind
		FROM pg_index x
		JOIN pg_class c ON c.oid = x.indrelid
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relname NOT LIKE 'kysely_%'`.execute(db);
	const { rows: triggers } = await sql<{ table: string; name: string }>`SELECT c.relname AS table,
			t.tgname AS name
		FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND NOT t.tgisinternal`.execute(db);

	const schema: Schema = {};
	for (const [table, tableColumns] of groupBy(columns, (column) => column.table)) {
		const names = new Set(tableColumns.map((column) => column.name));
		const nameOf = (number: number) =>
			tableColumns.find((column) => column.number === number)?.name ?? `#${number}`;
		const tableConstraints = constraints.filter((constraint) => constraint.table === table);
		schema[table] = {
			columns: tableColumns
				.map((column) =>
					columnLine(
						column.name,
						column.type,
						column.not_null,
						column.identity === '' ? defaultByMeaning(column.value) : GENERATED
					)
				)
				.sort(),
			primaryKey:
				tableConstraints
					.find((constraint) => constraint.kind === 'p')
					?.columns.map(nameOf)
					.join(', ') ?? '',
			foreignKeys: tableConstraints
				.filter((constraint) => constraint.kind === 'f')
				.map((constraint) =>
					foreignKey(
						constraint.columns.map(nameOf),
						constraint.referenced!,
						constraint.referenced_columns!,
						ON_DELETE[constraint.on_delete]!
					)
				)
				.sort(),
			indexes: indexes
				.filter((index) => index.table === table && index.constraint_kind !== 'p')
				.map((index) =>
					index.constraint_kind === 'u'
						? indexLine('unique constraint', index.columns.map(nameOf), true, null, names)
						: indexLine(index.name, index.columns.map(nameOf), index.unique, index.predicate, names)
				)
				.sort(),
			checks: tableConstraints
				.filter((constraint) => constraint.kind === 'c')
				.map((constraint) =>
					expressionTerms(constraint.definition.replace(/^CHECK\s*/i, ''), names)
				)
				.sort(),
			triggers: triggers
				.filter((trigger) => trigger.table === table && !POSTGRES_ONLY_TRIGGERS.has(trigger.name))
				.map((trigger) => trigger.name)
				.sort()
		};
	}
	return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Everything PostgreSQL says about the schema, word for word, for undoing:
 * a migration undone on one engine must leave that engine exactly as it was.
 * Columns are listed by name: a column added back comes last.
 */
async function postgresDefinitions(db: Kysely<DB>): Promise<Record<string, string[]>> {
	const { rows } = await sql<{ kind: string; line: string }>`
		SELECT 'column' AS kind, c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
			|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
			|| coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
			|| CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END AS line
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
			AND c.relname NOT LIKE 'kysely_%'
		UNION ALL
		SELECT 'constraint', c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relname NOT LIKE 'kysely_%'
		UNION ALL
		SELECT 'index', indexdef FROM pg_indexes
		WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%'
		UNION ALL
		SELECT 'trigger', pg_get_triggerdef(t.oid)
		FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND NOT t.tgisinternal
		UNION ALL
		SELECT 'function', pg_get_functiondef(p.oid)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public'
		UNION ALL
		SELECT 'sequence', c.relname
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relname NOT LIKE 'kysely_%'`.execute(db);
	const byKind: Record<string, string[]> = {};
	for (const row of rows) (byKind[row.kind] ??= []).push(row.line);
	for (const lines of Object.values(byKind)) lines.sort();
	return byKind;
}

/** One line per difference, naming the table and what only one engine has. */
function differences(sqlite: Schema, postgres: Schema): string[] {
	const lines: string[] = [];
	for (const table of new Set([...Object.keys(sqlite), ...Object.keys(postgres)])) {
		const left = sqlite[table];
		const right = postgres[table];
		if (!left || !right) {
			lines.push(`${table}: only on ${left ? 'SQLite' : 'PostgreSQL'}`);
			continue;
		}
		for (const part of Object.keys(left) as Array<keyof TableShape>) {
			const a = [left[part]].flat();
			const b = [right[part]].flat();
			const found = lines.length;
			for (const fact of a.filter((line) => !b.includes(line)))
				lines.push(`${table} ${part}: only on SQLite: ${fact}`);
			for (const fact of b.filter((line) => !a.includes(line)))
				lines.push(`${table} ${part}: only on PostgreSQL: ${fact}`);
			// The same fact twice on one engine, once on the other.
			if (lines.length === found && a.length !== b.length)
				lines.push(`${table} ${part}: ${a.length} on SQLite, ${b.length} on PostgreSQL`);
		}
	}
	return lines;
}

const postgresUrl = process.env.TEST_POSTGRES_URL;

interface ScratchPostgres {
	db: Kysely<DB>;
	drop: () => Promise<void>;
}

/** A database of its own on the test cluster, dropped afterwards. */
async function freshPostgres(): Promise<ScratchPostgres> {
	const name = await createEmptyDatabase(postgresUrl!);
	// A plain pool of its own: pg's own types, as the schema comparison was written for.
	const pool = new pg.Pool({ connectionString: databaseOnServer(postgresUrl!, name), max: 2 });
	// end() resolves before its connections have closed, so the drop below can
	// end one first; a pool without a listener would raise that as an uncaught
	// error. A connection lost while the test still runs fails the run.
	pool.on('error', (error) => {
		if (!pool.ending) throw error;
	});
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	return {
		db,
		drop: async () => {
			await db.destroy();
			await dropDatabase(postgresUrl!, name);
		}
	};
}

function postgresMigrator(db: Kysely<DB>, migrations: Record<string, Migration>): Migrator {
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		migrationTableName: MIGRATION_TABLE
	});
}

async function migratePostgres(db: Kysely<DB>): Promise<void> {
	const { error } = await postgresMigrator(db, postgresMigrations).migrateToLatest();
	if (error) throw error;
}

let scratchFolders: string[] = [];
let opened: OpenedDatabase[] = [];
let postgresDatabases: ScratchPostgres[] = [];

afterEach(async () => {
	for (const database of opened) await database.db.destroy();
	for (const folder of scratchFolders) fs.rmSync(folder, { recursive: true, force: true });
	for (const database of postgresDatabases) await database.drop();
	opened = [];
	scratchFolders = [];
	postgresDatabases = [];
});

/** A fresh SQLite file, migrated as the app migrates it. */
async function migratedSqlite(): Promise<OpenedDatabase> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-pg-migrations-'));
	scratchFolders.push(folder);
	const database = openDatabase(path.join(folder, 'app.db'));
	opened.push(database);
	await migrateToLatest(database.db);
	return database;
}

async function migratedPostgres(): Promise<Kysely<DB>> {
	const database = await freshPostgres();
	postgresDatabases.push(database);
	await migratePostgres(database.db);
	return database.db;
}

/** Triggers for statements only PostgreSQL has: the audit log refuses TRUNCATE there. */
const POSTGRES_ONLY_TRIGGERS = new Set(['audit_log_refuses_truncate']);

describe.skipIf(!postgresUrl)(
	'the PostgreSQL migrations, on PostgreSQL (set TEST_POSTGRES_URL, as scripts/with-postgres.sh does, to run these)',
	() => {
		it('end with the schema the SQLite migrations end with, by name and meaning', async () => {
			const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres()]);
			const expected = sqliteSchema(sqlite.sqlite);
			const actual = await postgresSchema(postgres);
			expect(differences(expected, actual)).toEqual([]);
			// The comparison reads something: every table, with its parts.
			expect(Object.keys(actual)).toEqual(Object.keys(expected));
			expect(actual['audit_log']?.triggers).toEqual([
				'audit_log_refuses_delete',
				'audit_log_refuses_replace',
				'audit_log_refuses_update'
			]);
		}, 60_000);

		it('can undo each migration after the foundation, newest first, back to the schema before it', async () => {
			const database = await freshPostgres();
			postgresDatabases.push(database);
			const migrator = postgresMigrator(database.db, postgresMigrations);
			const names = Object.keys(postgresMigrations);
			const before: Array<Record<string, string[]>> = [];
			for (const name of names) {
				before.push(await postgresDefinitions(database.db));
				const { error, results } = await migrator.migrateUp();
				if (error) throw error;
				expect(results?.map((result) => result.migrationName)).toEqual([name]);
			}
			for (const [index, name] of [...names.entries()].reverse().slice(0, -1)) {
				const { error, results } = await migrator.migrateDown();
				if (error) throw error;
				expect(results?.map((result) => result.migrationName)).toEqual([name]);
				expect(await postgresDefinitions(database.db), `after undoing ${name}`).toEqual(
					before[index]
				);
			}
			// The first one says it cannot be undone rather than drop every table.
			const { error } = await migrator.migrateDown();
			expect(String(error)).toMatch(/cannot be reverted/);
		}, 120_000);

		it('does the same to stored rows, migrating up and back down, as SQLite does', async () => {
			const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-pg-migrations-'));
			scratchFolders.push(folder);
			const sqlite = openDatabase(path.join(folder, 'app.db'));
			opened.push(sqlite);
			const postgres = await freshPostgres();
			postgresDatabases.push(postgres);
			const migrator = postgresMigrator(postgres.db, postgresMigrations);
			const names = Object.keys(sqliteMigrations);
			const startedAt = new Date(Date.now() - 1000).toISOString();
			const oldDb = (db: Kysely<DB>) => db as unknown as Kysely<OldSchema>;

			for (const [index, name] of names.entries()) {
				for (const db of [sqlite.db, postgres.db]) await ROWS_BEFORE[name]?.(oldDb(db));
				await migrateToLatest(
					sqlite.db,
					Object.fromEntries(names.slice(0, index + 1).map((up) => [up, sqliteMigrations[up]!]))
				);
				const { error } = await migrator.migrateUp();
				if (error) throw error;
				expect(await storedRows(postgres.db, startedAt), `rows after ${name}`).toEqual(
					await storedRows(sqlite.db, startedAt)
				);
			}
			expect(await storedRows(sqlite.db, startedAt)).toMatchObject(ROWS_AT_THE_END);

			for (const db of [sqlite.db, postgres.db]) await ROWS_AT_THE_TOP(oldDb(db));
			for (const name of [...names].reverse().slice(0, -1)) {
				await withoutForeignKeyEnforcement(sqlite.db, (connection) =>
					sqliteMigrations[name]!.down!(connection as never)
				);
				const { error } = await migrator.migrateDown();
				if (error) throw error;
				expect(await storedRows(postgres.db, startedAt), `rows after undoing ${name}`).toEqual(
					await storedRows(sqlite.db, startedAt)
				);
			}
			expect(await storedRows(sqlite.db, startedAt)).toMatchObject(ROWS_AT_THE_BOTTOM);
		}, 120_000);

		it('keeps the audit log append-only, as SQLite does', async () => {
			const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres()]);
			for (const db of [sqlite.db, postgres]) {
				const written = await db
					.insertInto('audit_log')
					.values({ at: '2026-12-02T10:00:00.000Z', action: 'test.written' })
					.returning('id')
					.executeTakeFirstOrThrow();
				const id = Number(written.id);
				await expect(
					db
						.updateTable('audit_log')
						.set({ action: 'test.rewritten' })
						.where('id', '=', id)
						.execute()
				).rejects.toThrow(/audit_log is append-only/);
				await expect(db.deleteFrom('audit_log').where('id', '=', id).execute()).rejects.toThrow(
					/audit_log is append-only/
				);
				await expect(
					db
						.insertInto('audit_log')
						.values({ id, at: '2026-12-02T10:00:00.000Z', action: 'test.replaced' })
						.execute()
				).rejects.toThrow(/audit_log is append-only/);
				expect(await db.selectFrom('audit_log').select(['action']).execute()).toEqual([
					{ action: 'test.written' }
				]);
			}
			await expect(sql`TRUNCATE audit_log`.execute(postgres)).rejects.toThrow(
				/audit_log is append-only/
			);
			expect(await postgres.selectFrom('audit_log').select(['action']).execute()).toHaveLength(1);
		});

		it('keeps a worksheet template version as it was written, as SQLite does', async () => {
			const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres()]);
			for (const db of [sqlite.db, postgres]) {
				await writeTemplate(db);
				await expect(
					db
						.updateTable('worksheet_template_versions')
						.set({ definition: '{"changed":true}' })
						.where('template_id', '=', 'worksheet-1')
						.execute()
				).rejects.toThrow(/a worksheet template version never changes/);
				// The JSON check reads alike on both.
				await expect(
					db
						.insertInto('worksheet_template_versions')
						.values({
							template_id: 'worksheet-1',
							version: 2,
							definition: '{not json',
							fingerprint: 'f2',
							created_at: '2026-12-02T10:00:00.000Z'
						})
						.execute()
				).rejects.toThrow(/constraint/i);
			}
		});

		it('keeps waiting_on, differences and total as the SQLite triggers keep them', async () => {
			const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres()]);
			const onSqlite = await homeworkTrail(sqlite.db);
			const onPostgres = await homeworkTrail(postgres);
			expect(onPostgres).toEqual(onSqlite);
			// And what both keep is what the triggers promise.
			expect(onSqlite).toEqual(EXPECTED_TRAIL);
		});
	}
);

async function writeTemplate(db: Kysely<DB>): Promise<void> {
	await db
		.insertInto('worksheet_templates')
		.values({ id: 'worksheet-1', owner_therapist_id: null, created_at: '2026-12-02T10:00:00.000Z' })
		.execute();
	await db
		.insertInto('worksheet_template_versions')
		.values({
			template_id: 'worksheet-1',
			version: 1,
			definition: '{"steps":[]}',
			fingerprint: 'f1',
			created_at: '2026-12-02T10:00:00.000Z'
		})
		.execute();
}

const AT = '2026-12-02T10:00:00.000Z';

/** The same writes on either engine, and what the triggers left after each. */
async function homeworkTrail(db: Kysely<DB>): Promise<Record<string, unknown>> {
	const trail: Record<string, unknown> = {};
	const look = async (step: string) => {
		trail[step] = {
			assignments: await db
				.selectFrom('assignments')
				.select(['id', 'waiting_on', 'differences'])
				.orderBy('id')
				.execute(),
			responses: await db
				.selectFrom('responses')
				.select(['id', 'status', 'total'])
				.orderBy('id')
				.execute()
		};
	};
	await db
		.insertInto('users')
		.values({
			id: 'therapist-1',
			email: 'therapist@example.com',
			display_name: 'Therapist',
			role: 'therapist',
			password_hash: 'not-a-hash',
			created_at: AT,
			password_changed_at: AT
		})
		.execute();
	await db
		.insertInto('couples')
		.values({ id: 'couple-1', therapist_id: 'therapist-1', name: 'A & B', created_at: AT })
		.execute();
	await db
		.insertInto('partners')
		.values({ id: 'partner-1', couple_id: 'couple-1', position: 1, display_name: 'A' })
		.execute();
	await writeTemplate(db);
	const homework = { couple_id: 'couple-1', template_id: 'worksheet-1', created_by: 'therapist-1' };
	await db
		.insertInto('assignments')
		.values([
			{ ...homework, id: 'for-both', created_at: AT, updated_at: AT },
			{ ...homework, id: 'for-one', partner_id: 'partner-1', created_at: AT, updated_at: AT }
		])
		.execute();
	await look('set with one partner named');

	await db
		.insertInto('partners')
		.values({ id: 'partner-2', couple_id: 'couple-1', position: 2, display_name: 'B' })
		.execute();
	await look('second partner added');

	const response = { template_version: 1, started_at: AT, updated_at: AT };
	await db
		.insertInto('responses')
		.values({ ...response, id: 'response-1', assignment_id: 'for-both', partner_id: 'partner-1' })
		.execute();
	await look('a draft started');

	await db
		.updateTable('responses')
		.set({ status: 'submitted', total: 12 })
		.where('id', '=', 'response-1')
		.execute();
	await db
		.insertInto('responses')
		.values({
			...response,
			id: 'response-2',
			assignment_id: 'for-both',
			partner_id: 'partner-2',
			status: 'submitted'
		})
		.execute();
	await db
		.updateTable('assignments')
		.set({ differences: 3 })
		.where('id', '=', 'for-both')
		.execute();
	await look('both handed in');

	await db
		.updateTable('responses')
		.set({ status: 'draft' })
		.where('id', '=', 'response-1')
		.execute();
	await look('one opened again');

	await db
		.updateTable('assignments')
		.set({ partner_id: 'partner-2' })
		.where('id', '=', 'for-both')
		.execute();
	await look('homework narrowed to the partner who handed in');

	await db
		.updateTable('assignments')
		.set({ differences: 1 })
		.where('id', '=', 'for-both')
		.execute();
	await db.deleteFrom('responses').where('id', '=', 'response-2').execute();
	await look('a handed-in answer removed');
	return trail;
}

const EXPECTED_TRAIL = {
	'set with one partner named': {
		assignments: [
			{ id: 'for-both', waiting_on: 1, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: []
	},
	'second partner added': {
		assignments: [
			{ id: 'for-both', waiting_on: 2, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: []
	},
	'a draft started': {
		assignments: [
			{ id: 'for-both', waiting_on: 2, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: [{ id: 'response-1', status: 'draft', total: null }]
	},
	'both handed in': {
		assignments: [
			{ id: 'for-both', waiting_on: 0, differences: 3 },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: [
			{ id: 'response-1', status: 'submitted', total: 12 },
			{ id: 'response-2', status: 'submitted', total: null }
		]
	},
	'one opened again': {
		assignments: [
			{ id: 'for-both', waiting_on: 1, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: [
			{ id: 'response-1', status: 'draft', total: null },
			{ id: 'response-2', status: 'submitted', total: null }
		]
	},
	'homework narrowed to the partner who handed in': {
		assignments: [
			{ id: 'for-both', waiting_on: 0, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: [
			{ id: 'response-1', status: 'draft', total: null },
			{ id: 'response-2', status: 'submitted', total: null }
		]
	},
	'a handed-in answer removed': {
		assignments: [
			{ id: 'for-both', waiting_on: 1, differences: null },
			{ id: 'for-one', waiting_on: 1, differences: null }
		],
		responses: [{ id: 'response-1', status: 'draft', total: null }]
	}
};

/** The tables as a migration before the latest left them: not the app's typed schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OldSchema = Record<string, any>;

/**
 * Every row of every table, each value as text, rows in a stable order. What
 * a migration made up is masked: the random ids it gives (20 hex digits) and
 * the time it ran at, which must still be written as the app writes times.
 */
async function storedRows(
	db: Kysely<DB>,
	startedAt: string
): Promise<Record<string, Array<Record<string, string | null>>>> {
	const tables = (await db.introspection.getTables()).map((table) => table.name).sort();
	const rows: Record<string, Array<Record<string, string | null>>> = {};
	for (const table of tables) {
		const stored = await (db as unknown as Kysely<OldSchema>)
			.selectFrom(table)
			.selectAll()
			.execute();
		rows[table] = stored
			.map((row) =>
				Object.fromEntries(
					Object.entries(row as Record<string, unknown>).map(([column, value]) => [
						column,
						maskMadeUp(value, startedAt)
					])
				)
			)
			.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
	}
	return rows;
}

function maskMadeUp(value: unknown, startedAt: string): string | null {
	if (value === null) return null;
	const text =
		typeof value === 'string'
			? value
			: typeof value === 'number' || typeof value === 'bigint'
				? value.toString()
				: Buffer.isBuffer(value)
					? value.toString('hex')
					: JSON.stringify(value);
	if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(text) && text >= startedAt)
		return '(the time it ran)';
	return text.replace(/\b[0-9a-f]{20}\b/g, '(random)');
}

const EARLIER = '2026-11-20T09:00:00.000Z';
const LATER = '2026-11-21T09:00:00.000Z';

/** Rows written just before the named migration, on both engines alike. */
const ROWS_BEFORE: Record<string, (db: Kysely<OldSchema>) => Promise<void>> = {
	// Therapists, couples, and partner accounts that hold their couple themselves.
	'20261127T1600-WorksheetTemplates': async (db) => {
		const account = { password_hash: 'not-a-hash', password_changed_at: EARLIER };
		await db
			.insertInto('users')
			.values([
				{
					...account,
					id: 'therapist-b',
					email: 'b@example.com',
					display_name: 'B',
					role: 'therapist',
					created_at: EARLIER
				},
				{
					...account,
					id: 'therapist-a',
					email: 'a@example.com',
					display_name: 'A',
					role: 'therapist',
					created_at: EARLIER
				},
				{
					...account,
					id: 'therapist-c',
					email: 'c@example.com',
					display_name: 'C',
					role: 'therapist',
					created_at: LATER
				}
			])
			.execute();
		await db
			.insertInto('couples')
			.values([
				{ id: 'couple-1', therapist_id: 'therapist-a', name: 'One', created_at: EARLIER },
				{ id: 'couple-2', therapist_id: 'therapist-b', name: 'Two', created_at: EARLIER }
			])
			.execute();
		await db
			.insertInto('users')
			.values([
				{
					...account,
					id: 'partner-y',
					email: 'y@example.com',
					display_name: 'Y',
					role: 'partner',
					couple_id: 'couple-1',
					created_at: LATER
				},
				{
					...account,
					id: 'partner-x',
					email: 'x@example.com',
					display_name: 'X',
					role: 'partner',
					couple_id: 'couple-1',
					created_at: LATER
				},
				{
					...account,
					id: 'partner-z',
					email: 'z@example.com',
					display_name: 'Z',
					role: 'partner',
					couple_id: 'couple-2',
					created_at: EARLIER
				}
			])
			.execute();
	},
	// Homework, half handed in, before waiting_on counted it.
	'20261127T2000-HomeworkWaitingOn': async (db) => {
		await db
			.insertInto('worksheet_templates')
			.values({ id: 'worksheet-1', owner_therapist_id: null, created_at: EARLIER })
			.execute();
		await db
			.insertInto('partners')
			.values({ id: 'partner-late', couple_id: 'couple-2', position: 2, display_name: 'Late' })
			.execute();
		const homework = { template_id: 'worksheet-1', created_at: EARLIER, updated_at: EARLIER };
		await db
			.insertInto('assignments')
			.values([
				{ ...homework, id: 'for-both', couple_id: 'couple-1', created_by: 'therapist-a' },
				{
					...homework,
					id: 'for-late',
					couple_id: 'couple-2',
					partner_id: 'partner-late',
					created_by: 'therapist-b'
				}
			])
			.execute();
		const x = await db
			.selectFrom('partners')
			.select('id')
			.where('user_id', '=', 'partner-x')
			.executeTakeFirstOrThrow();
		const response = { template_version: 1, started_at: EARLIER, updated_at: EARLIER };
		await db
			.insertInto('responses')
			.values([
				{
					...response,
					id: 'response-x',
					assignment_id: 'for-both',
					partner_id: x.id,
					status: 'submitted'
				},
				{
					...response,
					id: 'response-late',
					assignment_id: 'for-late',
					partner_id: 'partner-late',
					status: 'draft'
				}
			])
			.execute();
	},
	// A flag, kept when its table is made again.
	'20261201T1100-StoredFlagKinds': async (db) => {
		await db
			.insertInto('flags')
			.values({
				id: 'flag-1',
				couple_id: 'couple-2',
				partner_id: 'partner-late',
				kind: 'safety',
				raised_at: LATER
			})
			.execute();
	},
	// A partner renamed in their place: the place's name is the one kept.
	'20261201T1200-PartnerCoupleOnce': async (db) => {
		await db
			.updateTable('partners')
			.set({ display_name: 'X renamed' })
			.where('user_id', '=', 'partner-x')
			.execute();
	},
	// Sender names, and a colleague with no role: the administrator has none, so a member's counts.
	'20261202T1005-PracticePolicies': async (db) => {
		await db
			.updateTable('users')
			.set({ practice_role: null })
			.where('id', '=', 'therapist-a')
			.execute();
		await db
			.updateTable('users')
			.set({ practice_name: 'No role' })
			.where('id', '=', 'therapist-a')
			.execute();
		await db
			.updateTable('users')
			.set({ practice_name: 'Member' })
			.where('id', '=', 'therapist-c')
			.execute();
	},
	// A reminder sent before reminders named their occurrence.
	'20261202T1500-CheckInReminders': async (db) => {
		await db
			.insertInto('homework_reminders')
			.values({ assignment_id: 'for-late', partner_id: 'partner-late', queued_at: LATER })
			.execute();
	}
};

/** Rows written at the latest schema, before undoing: a reminder for one session's check-in. */
async function ROWS_AT_THE_TOP(db: Kysely<OldSchema>): Promise<void> {
	await db
		.insertInto('homework_reminders')
		.values({
			assignment_id: 'for-late',
			partner_id: 'partner-late',
			occurrence: 'session-1',
			queued_at: LATER
		})
		.execute();
}

/** What the data migrations promise, on SQLite (the comparison holds PostgreSQL to it). */
const ROWS_AT_THE_END = {
	partners: [
		{
			id: '(random)',
			couple_id: 'couple-1',
			position: '1',
			display_name: 'X renamed',
			user_id: 'partner-x'
		},
		{
			id: '(random)',
			couple_id: 'couple-1',
			position: '2',
			display_name: 'Y',
			user_id: 'partner-y'
		},
		{
			id: '(random)',
			couple_id: 'couple-2',
			position: '1',
			display_name: 'Z',
			user_id: 'partner-z'
		},
		{
			id: 'partner-late',
			couple_id: 'couple-2',
			position: '2',
			display_name: 'Late',
			user_id: null
		}
	],
	assignments: [
		{ id: 'for-both', waiting_on: '1' },
		{ id: 'for-late', waiting_on: '1' }
	],
	practices: [{ id: 'practice-(random)', created_at: '(the time it ran)', name: 'Member' }],
	homework_reminders: [{ assignment_id: 'for-late', occurrence: 'once' }]
};

const ROWS_AT_THE_BOTTOM = {
	users: [
		{ id: 'partner-x', display_name: 'X renamed', couple_id: 'couple-1' },
		{ id: 'partner-y', display_name: 'Y', couple_id: 'couple-1' },
		{ id: 'partner-z', display_name: 'Z', couple_id: 'couple-2' },
		{ id: 'therapist-a', display_name: 'A', couple_id: null },
		{ id: 'therapist-b', display_name: 'B', couple_id: null },
		{ id: 'therapist-c', display_name: 'C', couple_id: null }
	]
};
