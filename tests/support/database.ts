import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { test } from '@playwright/test';
import { servers } from '../../playwright.config';
import { isPostgresLocation } from '../../src/lib/server/database/engine';

/**
 * Opens a test server's database from the test, to arrange what a person
 * cannot do through the browser (such as letting half an hour pass).
 */
export function withDatabase<T>(file: string, work: (db: SQLite.Database) => T): T {
	const db = new SQLite(file);
	db.pragma('busy_timeout = 5000');
	try {
		return work(db);
	} finally {
		db.close();
	}
}

/**
 * The demo practice's database behind the running test's server: the SQLite
 * file, or in the postgres projects the PostgreSQL database's URL.
 */
export function demoDatabase(): string {
	let metadata: { demoDatabase?: string };
	try {
		metadata = test.info().project.metadata;
	} catch {
		// Called while a spec file loads, before any test runs: only SQLite's projects do that.
		return servers.demo.database;
	}
	return metadata.demoDatabase ?? servers.demo.database;
}

export type Row = Record<string, unknown>;
export interface Statement {
	/** SQL both engines read alike, with ? for each parameter. */
	text: string;
	params?: unknown[];
}

const POSTGRES_STATEMENTS = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'postgres-statements.js'
);

/**
 * Runs statements one after another on a SQLite file or a postgres:// URL
 * and returns each one's rows: for the helpers that arrange and read back
 * the demo practice on either engine.
 */
export function runStatements(location: string, statements: Statement[]): Row[][] {
	if (!isPostgresLocation(location))
		return withDatabase(location, (db) =>
			statements.map(({ text, params = [] }) => {
				const statement = db.prepare(text);
				if (statement.reader) return statement.all(...params) as Row[];
				statement.run(...params);
				return [];
			})
		);
	const numbered = statements.map(({ text, params = [] }) => {
		let number = 0;
		return { text: text.replace(/\?/g, () => `$${++number}`), params };
	});
	const ran = spawnSync(process.execPath, [POSTGRES_STATEMENTS], {
		input: JSON.stringify({ url: location, statements: numbered }),
		encoding: 'utf8'
	});
	if (ran.status !== 0) throw new Error(`On PostgreSQL: ${ran.stderr}`);
	return JSON.parse(ran.stdout) as Row[][];
}

/** The rows of one statement. */
export function rowsOf(location: string, text: string, ...params: unknown[]): Row[] {
	return runStatements(location, [{ text, params }])[0]!;
}
