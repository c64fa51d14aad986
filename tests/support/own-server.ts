import { spawnSync } from 'node:child_process';

// A production server of a test's own, on its own database and a free port,
// for tests that stop, kill or restart it (the shared servers must stay up).
// Starting, stopping and signing in are shared with the benchmark script.

export {
	freePort,
	signInWithForm,
	startLocalServer as startOwnServer,
	waitUntilListening,
	type LocalServer as OwnServer
} from '../../scripts/local-server';

/** The demo practice in a new database file, as `npm run seed:demo` makes it. */
export function seedDemo(database: string): void {
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], {
		env: { ...process.env, DATABASE_PATH: database },
		encoding: 'utf8'
	});
	if (seeded.status !== 0) throw new Error(`Seeding the demo failed: ${seeded.stderr}`);
}

/** Runs one of the project's scripts (scripts/<name>.ts) as an operator would, against `database`. */
export function runScript(
	name: string,
	args: string[],
	database: string,
	env: Record<string, string> = {}
) {
	return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
		env: { ...process.env, DATABASE_PATH: database, ...env },
		encoding: 'utf8'
	});
}
