import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

// A production server of a test's own, on its own database and port, for
// tests that stop, kill or restart it (the shared servers must stay up).

export interface OwnServer {
	process: ChildProcess;
	origin: string;
	/** Resolves when the process has ended, however it ended. */
	exited: Promise<number | null>;
	/** What it wrote to standard error so far. */
	errors: () => string;
}

/** Starts the build on a free port of this machine, so the test can run alongside any other. */
export async function startOwnServer(database: string): Promise<OwnServer> {
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const server = spawn(process.execPath, ['build'], {
		env: { ...process.env, DATABASE_PATH: database, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let errors = '';
	server.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
	await waitUntilListening(port);
	return { process: server, origin, exited, errors: () => errors };
}

/** A port nothing on this machine listens on at the moment. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port was free.'))));
		});
	});
}

export async function waitUntilListening(port: number): Promise<void> {
	for (let attempt = 0; attempt < 150; attempt++) {
		try {
			const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
			await response.arrayBuffer();
			return;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	throw new Error(`Nothing is listening on ${port}.`);
}

/** The demo practice in a new database file, as `npm run seed:demo` makes it. */
export function seedDemo(database: string): void {
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { env: { ...process.env, DATABASE_PATH: database }, encoding: 'utf8' });
	if (seeded.status !== 0) throw new Error(`Seeding the demo failed: ${seeded.stderr}`);
}

/** Runs one of the project's scripts (scripts/<name>.ts) as an operator would, against `database`. */
export function runScript(name: string, args: string[], database: string, env: Record<string, string> = {}) {
	return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { env: { ...process.env, DATABASE_PATH: database, ...env }, encoding: 'utf8' });
}
