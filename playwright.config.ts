import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Browser tests run against the production build as `npm start` serves it, each server
// on its own temporary database. The folder is made once by the main process
// and handed to the workers through the environment.
process.env.TEST_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-tests-'));
const dataDir = process.env.TEST_DATA_DIR;

// Ports from TEST_PORT_BASE on (4173 unless set), so that two checkouts can run their browser tests at once.
const portBase = Number(process.env.TEST_PORT_BASE ?? 4173);

export const servers = {
	/** An installation nobody has set up yet: first-run setup and password change. */
	firstRun: { port: portBase, database: path.join(dataDir, 'first-run.db'), seed: false },
	/** The demo practice: most tests. */
	demo: { port: portBase + 1, database: path.join(dataDir, 'demo.db'), seed: true },
	/** The demo practice again, for tests that deliberately trip the sign-in limits. */
	limits: { port: portBase + 2, database: path.join(dataDir, 'limits.db'), seed: true }
} as const;

/** The tag of a browser test that checks the whole demo database is unchanged by what it does. */
export const WHOLE_DATABASE = '@whole-database';

/** The tag of a browser test that also runs on PostgreSQL, when there is one (TEST_POSTGRES_URL). */
export const POSTGRES = '@postgres';

// With a PostgreSQL server for the tests (scripts/with-postgres.sh), the main
// flows run once more against the demo practice in a database of its own
// there, served as several processes would serve it: DATABASE_URL and a
// two-step key given, not kept beside a file. Made anew on every run; its
// name, like the key, is decided once and handed to the workers.
const postgresServerUrl = process.env.TEST_POSTGRES_URL;
process.env.TEST_TWO_STEP_KEY ??= randomBytes(32).toString('base64');

/** The demo practice on PostgreSQL, or null when the tests run on SQLite only. */
export const postgresServer = postgresServerUrl
	? {
			port: portBase + 3,
			database: databaseOn(postgresServerUrl, `common_ground_browser_${portBase}`),
			twoStepKey: process.env.TEST_TWO_STEP_KEY
		}
	: null;

function databaseOn(serverUrl: string, name: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

const chromiumPath =
	process.env.CHROMIUM_PATH ??
	(fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const chromium = {
	...devices['Desktop Chrome'],
	launchOptions: {
		executablePath: chromiumPath,
		// Quiet in a closed network: no background calls home, updates or sync.
		args: [
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	}
};

function baseURL(server: keyof typeof servers): string {
	return `http://localhost:${servers[server].port}`;
}

/** Tests that start servers of their own on PostgreSQL, run in the postgres project only. */
const POSTGRES_ONLY = /two-processes\.spec\.ts/;

// The tagged tests, twice over as on SQLite: those that compare the whole
// database before and after wait until the others are done.
const postgresProjects = postgresServer
	? [
			{
				name: 'postgres',
				testIgnore: /(first-run|limits)\.spec\.ts/,
				grep: new RegExp(POSTGRES),
				grepInvert: new RegExp(WHOLE_DATABASE),
				metadata: { demoDatabase: postgresServer.database },
				use: { ...chromium, baseURL: `http://localhost:${postgresServer.port}` }
			},
			{
				name: 'postgres, whole database',
				testIgnore: /(first-run|limits)\.spec\.ts/,
				grep: new RegExp(`(?=.*${POSTGRES})(?=.*${WHOLE_DATABASE})`),
				dependencies: ['postgres'],
				metadata: { demoDatabase: postgresServer.database },
				use: { ...chromium, baseURL: `http://localhost:${postgresServer.port}` }
			}
		]
	: [];

const postgresWebServer = postgresServer
	? [
			{
				command:
					'npx tsx scripts/create-database.ts --fresh && npx tsx scripts/seed-demo.ts && node scripts/serve.js',
				url: `http://localhost:${postgresServer.port}/sign-in`,
				reuseExistingServer: false,
				timeout: 90_000,
				stdout: 'ignore' as const,
				stderr: 'pipe' as const,
				env: {
					DATABASE_URL: postgresServer.database,
					TWO_STEP_KEY: postgresServer.twoStepKey,
					PORT: String(postgresServer.port),
					HOST: '127.0.0.1',
					ORIGIN: `http://localhost:${postgresServer.port}`,
					BODY_SIZE_LIMIT: '4M'
				}
			}
		]
	: [];

export default defineConfig({
	testDir: 'tests',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	timeout: 30_000,
	reporter: process.env.CI ? 'list' : [['list']],
	use: { trace: 'off', screenshot: 'off' },
	projects: [
		{
			name: 'first-run',
			testMatch: /first-run\.spec\.ts/,
			use: { ...chromium, baseURL: baseURL('firstRun') }
		},
		{
			name: 'limits',
			testMatch: /limits\.spec\.ts/,
			use: { ...chromium, baseURL: baseURL('limits') }
		},
		{
			name: 'demo',
			testIgnore: [/(first-run|limits)\.spec\.ts/, POSTGRES_ONLY],
			grepInvert: new RegExp(WHOLE_DATABASE),
			use: { ...chromium, baseURL: baseURL('demo') }
		},
		// Tests that compare the demo database before and after run once every other demo test has
		// finished, so that no other test's writes land in between.
		{
			name: 'demo, whole database',
			testIgnore: [/(first-run|limits)\.spec\.ts/, POSTGRES_ONLY],
			grep: new RegExp(WHOLE_DATABASE),
			dependencies: ['demo'],
			use: { ...chromium, baseURL: baseURL('demo') }
		},
		...postgresProjects
	],
	webServer: [
		...Object.values(servers).map((server) => ({
			command: server.seed
				? 'npx tsx scripts/seed-demo.ts && node scripts/serve.js'
				: 'node scripts/serve.js',
			url: `http://localhost:${server.port}/sign-in`,
			reuseExistingServer: false,
			timeout: 60_000,
			stdout: 'ignore' as const,
			stderr: 'pipe' as const,
			env: {
				DATABASE_PATH: server.database,
				PORT: String(server.port),
				HOST: '127.0.0.1',
				ORIGIN: `http://localhost:${server.port}`,
				BODY_SIZE_LIMIT: '4M'
			}
		})),
		...postgresWebServer
	]
});
