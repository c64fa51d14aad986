// `npm start`: build the app when the sources are newer than the build, then
// serve it. The server itself creates and migrates the database as it starts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtServer = path.join(root, 'build', 'index.js');
const sources = [
	'src',
	'migrations',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package.json',
	'package-lock.json'
];

/**
 * @param {string} entry a file or folder, relative to the project
 * @returns {number} when it, or anything inside it, last changed
 */
function newestChange(entry) {
	const full = path.join(root, entry);
	if (!fs.existsSync(full)) return 0;
	const stat = fs.statSync(full);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return fs
		.readdirSync(full)
		.reduce(
			(/** @type {number} */ newest, child) =>
				Math.max(newest, newestChange(path.join(entry, child))),
			stat.mtimeMs
		);
}

function buildIsStale() {
	if (!fs.existsSync(builtServer)) return true;
	const builtAt = fs.statSync(builtServer).mtimeMs;
	return sources.some((entry) => newestChange(entry) > builtAt);
}

if (buildIsStale()) {
	console.log('Building Common Ground…');
	const build = spawnSync(
		process.execPath,
		[path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
		{
			cwd: root,
			stdio: 'inherit'
		}
	);
	if (build.status !== 0) {
		console.error('Common Ground cannot start: the build failed (see above).');
		process.exit(1);
	}
}

// Listen on this machine only unless told otherwise: a health-data app is
// put on a network deliberately, behind TLS (see README, HOST and ORIGIN).
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// Without ORIGIN, adapter-node assumes https and every form post on plain
// http://localhost would fail SvelteKit's cross-site check.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Room for a worksheet written to every limit (adapter-node's own default is 512K).
process.env.BODY_SIZE_LIMIT ??= '4M';
console.log(`Common Ground is starting on ${process.env.ORIGIN}`);
await import('./serve.js');
