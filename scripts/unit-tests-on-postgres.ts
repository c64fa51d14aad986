// `npm run test:unit:postgres`: the unit tests that use a database, once
// more on PostgreSQL (TEST_POSTGRES_URL, which scripts/with-postgres.sh
// sets). The rest test pure rules, which no engine changes, and run on
// SQLite's pass alone. Any further arguments go to vitest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a test file that opens a database says somewhere in it. */
const USES_A_DATABASE =
	/createTestDatabase|openPostgres|openLocation|startDatabase|TEST_POSTGRES_URL|onPostgres\(/;

if (!process.env.TEST_POSTGRES_URL) {
	console.log(
		'No PostgreSQL for the tests (TEST_POSTGRES_URL is not set): the unit tests on PostgreSQL are skipped.'
	);
	process.exit(0);
}

function testFiles(folder: string): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return testFiles(full);
		return entry.name.endsWith('.test.ts') ? [full] : [];
	});
}

const files = ['src', 'scripts']
	.flatMap(testFiles)
	.filter((file) => USES_A_DATABASE.test(fs.readFileSync(file, 'utf8')))
	.sort();
// Most of a test's time here is spent waiting on PostgreSQL (making and
// dropping its database): twice as many workers as cores keep the cores busy.
const workers = String(Math.max(2, os.availableParallelism() * 2));
const run = spawnSync(
	'npx',
	['vitest', 'run', `--maxWorkers=${workers}`, ...files, ...process.argv.slice(2)],
	{
		stdio: 'inherit'
	}
);
process.exit(run.status ?? 1);
