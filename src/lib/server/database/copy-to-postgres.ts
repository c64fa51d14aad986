import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DB } from './schema';
import type { Database } from './open';
import { APP_TABLES, isAppTable } from './app-tables';
import { engineOf } from './engine';
import { appliedMigrations, migrateToLatest } from './migrate';
import { sqliteEngine } from './sqlite-engine';
import { rowsOf, tableChecksums, type TableChecksum } from './table-checksums';
import { writeTransaction } from './write-transaction';

// Moving a practice from its SQLite file to PostgreSQL: every app table
// copied as it is, in one transaction, then counted and checksummed on both
// sides before the transaction commits. Any refusal or mismatch leaves the
// target as it was, and the source is only ever read.

/** A reason not to copy, or a copy that did not match: printed as it is. */
export class CopyRefused extends Error {
	override name = 'CopyRefused';
}

export interface TableComparison {
	table: string;
	source: TableChecksum;
	target: TableChecksum;
	matches: boolean;
}

export interface CopyOptions {
	/** For tests: runs inside the transaction after the copy and before the check. */
	beforeCheck?: (target: Database) => Promise<void>;
}

/**
 * Copies the SQLite database in `sourceFile` into `target` (PostgreSQL),
 * which must hold no app rows; migrates the target first. Returns the
 * per-table comparison; throws CopyRefused, with nothing kept, when a
 * table's count or checksum differs.
 */
export async function copyToPostgres(
	sourceFile: string,
	target: Database,
	options: CopyOptions = {}
): Promise<TableComparison[]> {
	if (engineOf(target).name !== 'postgres')
		throw new CopyRefused('The target is not PostgreSQL: set DATABASE_URL to a postgres:// URL.');
	const source = await openSource(sourceFile);
	try {
		await requireLatest(source, sourceFile);
		await requireListedTables(source, 'The SQLite database');
		await requireEmpty(target);
		await migrateToLatest(target);
		await requireListedTables(target, 'The PostgreSQL database');
		const compared = await readingOneSnapshot(source, async (snapshot) => {
			const expected = await tableChecksums(snapshot);
			return writeTransaction(target, async (trx) => {
				// Checked again under the write lock: an app process may have started meanwhile.
				await requireEmpty(trx);
				await copyTables(snapshot, trx);
				await options.beforeCheck?.(trx);
				const compared = compare(expected, await tableChecksums(trx));
				if (compared.some((row) => !row.matches)) throw new CopyMismatch(compared);
				return compared;
			});
		});
		// Planner statistics now, rather than when autovacuum next looks: the
		// first requests after the move get plans made for the practice's size.
		for (const { name } of APP_TABLES) await sql`ANALYZE ${sql.table(name)}`.execute(target);
		return compared;
	} finally {
		await source.destroy();
	}
}

/** The copy was made but does not match its source: rolled back, nothing kept. */
export class CopyMismatch extends CopyRefused {
	override name = 'CopyMismatch';
	constructor(readonly compared: TableComparison[]) {
		const differing = compared.filter((row) => !row.matches).map((row) => row.table);
		super(
			`The copy does not match the source (${differing.join(', ')}): nothing was kept in PostgreSQL.`
		);
	}
}

/** The source file, read only: it is never created, migrated or changed. */
async function openSource(file: string): Promise<Database> {
	if (!fs.existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file}.`);
	let sqlite: SQLite.Database;
	try {
		sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
		sqlite.pragma('schema_version');
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new CopyRefused(`${file} cannot be read as a SQLite database: ${reason}.`);
	}
	return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** The source must be at exactly this version's migrations: the copy maps table to table. */
async function requireLatest(source: Database, file: string): Promise<void> {
	const history = await appliedMigrations(source);
	if (!history)
		throw new CopyRefused(`${file} is not a Common Ground database (it has no migration history).`);
	const applied = new Set(history);
	const known = Object.keys(sqliteEngine.migrations);
	const newer = [...applied].filter((name) => !known.includes(name));
	if (newer.length > 0)
		throw new CopyRefused(
			`${file} was written by a newer version of Common Ground (migration ${newer.join(', ')}): ` +
				'copy it with that version.'
		);
	const missing = known.filter((name) => !applied.has(name));
	if (missing.length > 0)
		throw new CopyRefused(
			`${file} is not at this version's latest migration (${missing.length} to apply, from ${missing[0]}): ` +
				`bring it up to date first with DATABASE_PATH=${file} npm run migrate (with the app stopped), then copy again.`
		);
}

/** Every app table the database has is one this copy knows, and the other way round. */
async function requireListedTables(db: Database, which: string): Promise<void> {
	const present = (await db.introspection.getTables())
		.map((table) => table.name)
		.filter(isAppTable);
	const listed = APP_TABLES.map((table) => table.name as string);
	const unknown = present.filter((name) => !listed.includes(name));
	const absent = listed.filter((name) => !present.includes(name));
	if (unknown.length > 0 || absent.length > 0)
		throw new CopyRefused(
			`${which} has tables this copy does not expect ` +
				`(${[...unknown.map((name) => `unlisted: ${name}`), ...absent.map((name) => `missing: ${name}`)].join(', ')}): ` +
				'the list of tables (app-tables.ts) is out of date. Nothing was copied.'
		);
}

/** Refuses a target holding any row in any app table that exists there yet. */
async function requireEmpty(target: Database): Promise<void> {
	const present = new Set((await target.introspection.getTables()).map((table) => table.name));
	const any = target as unknown as Kysely<Record<string, Record<string, unknown>>>;
	for (const { name } of APP_TABLES) {
		if (!present.has(name)) continue;
		const row = await any
			.selectFrom(name)
			.select(sql`1`.as('found'))
			.limit(1)
			.executeTakeFirst();
		if (row)
			throw new CopyRefused(
				`The PostgreSQL database already holds data (table ${name} has rows): ` +
					'copy only into an empty database. Nothing was changed.'
			);
	}
}

/**
 * Reads everything inside one read transaction, so the copy and the source's
 * checksums see the same moment even if something writes to the file.
 */
async function readingOneSnapshot<T>(
	source: Database,
	work: (snapshot: Database) => Promise<T>
): Promise<T> {
	return source.connection().execute(async (connection) => {
		await sql`BEGIN`.execute(connection);
		try {
			return await work(connection);
		} finally {
			await sql`ROLLBACK`.execute(connection);
		}
	});
}

/** PostgreSQL binds at most 65,535 values in one statement. */
const VALUES_PER_INSERT = 30_000;

/**
 * Copies every table in foreign-key order. The target's own triggers are
 * switched off meanwhile: they recompute derived columns (what homework
 * waits on, differences, totals) as rows arrive one table at a time, and the
 * copy keeps the values as stored. DISABLE TRIGGER USER leaves the
 * foreign-key checks on and needs only table ownership; inside the
 * transaction, a rollback switches them back on too.
 */
async function copyTables(source: Database, target: Database): Promise<void> {
	const any = target as unknown as Kysely<Record<string, Record<string, unknown>>>;
	for (const { name } of APP_TABLES)
		await sql`ALTER TABLE ${sql.table(name)} DISABLE TRIGGER USER`
			.execute(target)
			.catch((error: unknown) => {
				// insufficient_privilege: the tables belong to another role.
				if (error instanceof Error && 'code' in error && error.code === '42501')
					throw new CopyRefused(
						`Copy as the user that owns the app's tables (${name} belongs to another): ${error.message}. Nothing was copied.`
					);
				throw error;
			});
	for (const table of APP_TABLES) {
		for await (const batch of rowsOf(source, table)) {
			const perInsert = Math.max(1, Math.floor(VALUES_PER_INSERT / Object.keys(batch[0]!).length));
			for (let start = 0; start < batch.length; start += perInsert)
				await any
					.insertInto(table.name)
					.values(batch.slice(start, start + perInsert))
					.execute();
		}
	}
	for (const { name } of APP_TABLES)
		await sql`ALTER TABLE ${sql.table(name)} ENABLE TRIGGER USER`.execute(target);
	await continueIdentities(source, target);
}

/**
 * Identity columns (the audit log's id) go on after the highest id copied,
 * or after the highest SQLite ever handed out (AUTOINCREMENT never reuses
 * one, even after a delete), whichever is later.
 */
async function continueIdentities(source: Database, target: Database): Promise<void> {
	const identities = await sql<{ table_name: string; column_name: string }>`
		SELECT table_name, column_name FROM information_schema.columns
		WHERE is_identity = 'YES' AND table_schema = current_schema()`.execute(target);
	// SQLite keeps the highest id each AUTOINCREMENT table handed out in sqlite_sequence.
	const sequences = await sql<{ name: string; seq: number }>`
		SELECT name, seq FROM sqlite_sequence`.execute(source);
	const handedOut = new Map<string, number>();
	for (const row of sequences.rows) handedOut.set(row.name, row.seq);
	for (const { table_name: table, column_name: column } of identities.rows) {
		if (!isAppTable(table)) continue;
		const highest = await sql<{ highest: number | null }>`
			SELECT max(${sql.ref(column)}) AS highest FROM ${sql.table(table)}`.execute(target);
		const last = Math.max(highest.rows[0]?.highest ?? 0, handedOut.get(table) ?? 0);
		await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), ${Math.max(last, 1)}, ${last > 0})`.execute(
			target
		);
	}
}

function compare(source: TableChecksum[], target: TableChecksum[]): TableComparison[] {
	return source.map((sum) => {
		const other = target.find((row) => row.table === sum.table) ?? {
			table: sum.table,
			rows: 0,
			sha256: ''
		};
		return {
			table: sum.table,
			source: sum,
			target: other,
			matches: sum.rows === other.rows && sum.sha256 === other.sha256
		};
	});
}

/** The comparison as a table for the terminal: rows and the start of each checksum, both sides. */
export function formatComparison(compared: TableComparison[]): string {
	const width = Math.max(...compared.map((row) => row.table.length), 'table'.length);
	const line = (cells: string[]) =>
		[cells[0]!.padEnd(width), ...cells.slice(1).map((cell, i) => cell.padStart(i % 2 ? 16 : 9))]
			.join('  ')
			.trimEnd();
	return [
		line(['table', 'SQLite', 'checksum', 'PostgreSQL', 'checksum', '']),
		...compared.map((row) =>
			line([
				row.table,
				String(row.source.rows),
				row.source.sha256.slice(0, 16),
				String(row.target.rows),
				row.target.sha256.slice(0, 16),
				row.matches ? '' : 'DIFFERS'
			])
		)
	].join('\n');
}
