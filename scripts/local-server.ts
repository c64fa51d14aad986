// The production build served on this machine for a script or a test that
// needs a server of its own (the benchmark; browser tests that stop, kill or
// restart it): a free port, start and stop, and signing in through the form.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_LIMIT_MS = 30_000;

export interface LocalServer {
	process: ChildProcess;
	origin: string;
	/** Resolves when the process has ended, however it ended. */
	exited: Promise<number | null>;
	/** What it wrote to standard output and standard error so far. */
	output: () => string;
	/** What it wrote to standard error so far. */
	errors: () => string;
}

/** A port nothing on this machine listens on at the moment. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('No port was free.'))
			);
		});
	});
}

/** Serves the build against `database` on a free port and waits until it answers, or says why it did not. */
export async function startLocalServer(
	database: string,
	env: Record<string, string> = {}
): Promise<LocalServer> {
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.js')], {
		cwd: root,
		env: {
			...process.env,
			DATABASE_PATH: database,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	let errors = '';
	server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	server.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		errors += chunk.toString();
	});
	const exited = new Promise<number | null>((resolve) =>
		server.once('exit', (code) => resolve(code))
	);
	const deadline = Date.now() + STARTUP_LIMIT_MS;
	while (Date.now() < deadline) {
		if (server.exitCode !== null)
			throw new Error(
				`The server stopped as it started (exit code ${server.exitCode}):\n${output}`
			);
		if (await answers(port))
			return { process: server, origin, exited, output: () => output, errors: () => errors };
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	server.kill('SIGKILL');
	throw new Error(`The server did not answer within ${STARTUP_LIMIT_MS / 1000} s:\n${output}`);
}

/** Waits until something on `port` answers the sign-in page. */
export async function waitUntilListening(port: number): Promise<void> {
	for (let attempt = 0; attempt < 150; attempt++) {
		if (await answers(port)) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`Nothing is listening on ${port}.`);
}

async function answers(port: number): Promise<boolean> {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false; // Not listening yet.
	}
}

/** Asks the server to stop (SIGTERM, as an operator would) and waits; kills it if it does not stop within 10 s. */
export async function stopLocalServer(server: LocalServer): Promise<void> {
	if (server.process.exitCode !== null) return;
	server.process.kill('SIGTERM');
	const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
	await server.exited;
	clearTimeout(timer);
}

/** Signs in through the real form, as a browser without JavaScript would, and returns the session cookie. */
export async function signInWithForm(
	origin: string,
	email: string,
	password: string
): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		// Accept: text/html, as a browser sends it; otherwise SvelteKit answers the form post with JSON.
		headers: {
			Origin: origin,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0]!)
		.find((pair) => pair.startsWith('session='));
	if (response.status !== 303 || !cookie)
		throw new Error(`Signing in as ${email} failed (status ${response.status}).`);
	return cookie;
}
