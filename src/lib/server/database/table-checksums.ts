import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './open';
import { APP_TABLES, type AppTable } from './app-tables';

// What a table holds, reduced to a row count and one digest, computed the
// same way in JS on either engine: two databases whose digests agree hold
// the same rows with the same values, column for column.

export interface TableChecksum {
	table: string;
	rows: number;
	sha256: string;
}

/** How many rows are read at a time: a large practice has 100k+ responses. */
export const ROWS_PER_BATCH = 1000;

/** Any table, with rows of any shape: the list of tables is data here, not types. */
type AnyTables = Kysely<Record<string, Record<string, unknown>>>;

/**
 * Reads `table` in primary-key order, a batch at a time, each batch starting
 * after the last key of the one before (no OFFSET: every batch is an index
 * seek, however deep into the table).
 */
export async function* rowsOf(
	db: Database,
	table: AppTable,
	batchSize = ROWS_PER_BATCH
): AsyncGenerator<Array<Record<string, unknown>>> {
	const any = db as unknown as AnyTables;
	const key = [...table.key];
	let after: unknown[] | null = null;
	for (;;) {
		let query = any.selectFrom(table.name).selectAll();
		// A row comparison, (a, b) > (x, y): the next key in the index's order, on either engine.
		if (after)
			query = query.where(
				sql<boolean>`(${sql.join(key.map((column) => sql.ref(column)))}) > (${sql.join(after)})`
			);
		for (const column of key) query = query.orderBy(column);
		const batch = await query.limit(batchSize).execute();
		if (batch.length === 0) return;
		yield batch;
		if (batch.length < batchSize) return;
		const lastRow = batch[batch.length - 1]!;
		after = key.map((column) => lastRow[column]);
	}
}

/**
 * The row count and digest of every app table. Each row is written as JSON
 * with its columns in name order and bytes as base64, and hashed; the
 * table's digest hashes the rows' digests sorted, so it does not depend on
 * how each engine orders text (SQLite by bytes, PostgreSQL by its collation).
 */
export async function tableChecksums(db: Database): Promise<TableChecksum[]> {
	const sums: TableChecksum[] = [];
	for (const table of APP_TABLES) {
		const digests: string[] = [];
		for await (const batch of rowsOf(db, table))
			for (const row of batch) digests.push(rowDigest(row));
		digests.sort();
		const sha256 = crypto.createHash('sha256');
		for (const digest of digests) sha256.update(digest);
		sums.push({ table: table.name, rows: digests.length, sha256: sha256.digest('hex') });
	}
	return sums;
}

export function rowDigest(row: Record<string, unknown>): string {
	return crypto.createHash('sha256').update(canonicalRow(row)).digest('hex');
}

/** The row as JSON both engines produce alike: columns sorted by name, bytes as base64. */
export function canonicalRow(row: Record<string, unknown>): string {
	const columns = Object.keys(row).sort();
	return JSON.stringify(columns.map((column) => [column, canonicalValue(row[column])]));
}

function canonicalValue(value: unknown): unknown {
	if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
	if (typeof value === 'bigint') return value.toString();
	return value;
}
