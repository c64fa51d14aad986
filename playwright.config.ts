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
			testIgnore: /(first-run|limits)\.spec\.ts/,
			grepInvert: new RegExp(WHOLE_DATABASE),
			use: { ...chromium, baseURL: baseURL('demo') }
		},
		// Tests that compare the demo database before and after run once every other demo test has
		// finished, so that no other test's writes land in between.
		{
			name: 'demo, whole database',
			testIgnore: /(first-run|limits)\.spec\.ts/,
			grep: new RegExp(WHOLE_DATABASE),
			dependencies: ['demo'],
			use: { ...chromium, baseURL: baseURL('demo') }
		}
	],
	webServer: Object.values(servers).map((server) => ({
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
	}))
});
