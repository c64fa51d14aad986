// Runs the statements it reads as JSON on standard input ({ url, statements:
// [{ text, params }] }) against PostgreSQL, one after another, and writes each
// one's rows as JSON: the synchronous helpers of tests/support/database.ts
// run it as a child process, since pg itself only answers asynchronously.
import fs from 'node:fs';
import pg from 'pg';

// Counts come back as numbers, as SQLite gives them.
pg.types.setTypeParser(20, (value) => Number(value));

/** @type {unknown} */
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const { url, statements } =
	/** @type {{ url: string, statements: Array<{ text: string, params: unknown[] }> }} */ (input);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
	const results = [];
	for (const { text, params } of statements) results.push((await client.query(text, params)).rows);
	process.stdout.write(JSON.stringify(results));
} finally {
	await client.end();
}
