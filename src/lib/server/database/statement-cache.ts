import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every statement the app writes; lists of ids of many lengths push old ones out. */
const CAPACITY = 500;

/**
 * The connection as Kysely sees it, keeping each prepared statement by its
 * SQL text. Kysely asks for a statement to be prepared on every query, and
 * preparing (parsing and planning) costs more than running most of ours; the
 * statements the app runs are few and repeat on every request. A prepared
 * statement stays valid when a migration changes the tables (SQLite prepares
 * it again by itself). Safe because Kysely runs each statement to the end
 * before the next one (we never stream rows), so one statement is never in
 * use twice at once.
 */
export function cachingStatements(
	sqlite: SQLite.Database,
	capacity = CAPACITY
): SqliteDatabase & { readonly size: number } {
	const statements = new Map<string, SqliteStatement>();
	return {
		get size() {
			return statements.size;
		},
		prepare(sql: string): SqliteStatement {
			const cached = statements.get(sql);
			if (cached) {
				// Most recently used last, so the oldest is the first to go.
				statements.delete(sql);
				statements.set(sql, cached);
				return cached;
			}
			const statement = sqlite.prepare(sql);
			statements.set(sql, statement);
			if (statements.size > capacity) statements.delete(statements.keys().next().value!);
			return statement;
		},
		close() {
			statements.clear();
			sqlite.close();
		}
	};
}
