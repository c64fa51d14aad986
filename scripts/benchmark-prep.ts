// `npm run benchmark`: how fast the therapist's pages render on a large
// practice. Serves the existing production build (`node build`) on a free
// port of this machine, against the database at DATABASE_PATH (one made by
// `npm run generate:large`; without DATABASE_PATH a new one is generated in a
// temporary folder and removed afterwards), signs in as the generated
// therapist and requests the week ahead and one couple's session prep page
// (and, for comparison, the couple list, the couple's page and its progress
// page) one after another, timing each request. The budget is 50 ms at the
// median for the week ahead and the prep page.
// Only loopback traffic; nothing is built here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../src/lib/server/database/schema';
import { DEMO_PASSWORD } from './demo/demo-practice';
import { previousSessionStart } from '../src/lib/server/casework/therapy-sessions';
import { signInWithForm, startLocalServer, stopLocalServer } from './local-server';

const EMAIL = 'bench@example.com';
const WARM_UP = 5;
const MEASURED = 100;
const BUDGET_MS = 50;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Stops the benchmark with a message for the person running it (temporary files are still removed). */
class Refusal extends Error {}

function fail(message: string): never {
	throw new Refusal(message);
}

/** The database to measure against, and the temporary folder to remove afterwards when it was made here. */
function databaseToMeasure(): { file: string; scratch: string | null } {
	const given = process.env.DATABASE_PATH;
	if (given) {
		if (!fs.existsSync(given))
			fail(
				`No database at ${given}: make one with DATABASE_PATH=${given} npm run generate:large, or leave DATABASE_PATH unset.`
			);
		return { file: given, scratch: null };
	}
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-benchmark-'));
	const file = path.join(scratch, 'practice.db');
	console.log(`DATABASE_PATH is not set: generating a large practice into ${file}`);
	const generated = spawnSync(
		process.execPath,
		['--import', 'tsx', path.join(root, 'scripts', 'generate-large-practice.ts')],
		{
			cwd: root,
			env: { ...process.env, DATABASE_PATH: file },
			stdio: 'inherit'
		}
	);
	if (generated.status !== 0) {
		fs.rmSync(scratch, { recursive: true, force: true });
		fail('Could not generate the large practice (see above).');
	}
	return { file, scratch };
}

/**
 * The upcoming session (in the coming week) with the most work handed in since
 * the couple's previous session: the heaviest prep page.
 */
async function sessionToPrepare(file: string): Promise<{ coupleId: string; sessionId: string }> {
	const db = new Kysely<DB>({
		dialect: new SqliteDialect({
			database: new SQLite(file, { readonly: true, fileMustExist: true })
		})
	});
	try {
		const now = new Date();
		const row = await db
			.selectFrom('therapy_sessions as session')
			.innerJoin('couples', 'couples.id', 'session.couple_id')
			.innerJoin('users', 'users.id', 'couples.therapist_id')
			.innerJoin('assignments', 'assignments.couple_id', 'couples.id')
			.innerJoin('responses', 'responses.assignment_id', 'assignments.id')
			.select([
				'couples.id as coupleId',
				'session.id as sessionId',
				(eb) => eb.fn.count<number>('responses.id').as('responses')
			])
			.where('users.email', '=', EMAIL)
			.where('session.status', '=', 'scheduled')
			.where('session.starts_at', '>=', now.toISOString())
			.where(
				'session.starts_at',
				'<',
				new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000).toISOString()
			)
			.where('responses.status', '!=', 'draft')
			.where((eb) => eb('responses.submitted_at', '>', previousSessionStart(eb)))
			.groupBy(['couples.id', 'session.id'])
			.orderBy('responses', 'desc')
			.limit(1)
			.executeTakeFirst();
		if (!row)
			fail(
				`The database has no session in the coming week for ${EMAIL}: is it one made by npm run generate:large (and less than a few days old)?`
			);
		return { coupleId: row.coupleId, sessionId: row.sessionId };
	} finally {
		await db.destroy();
	}
}

async function get(
	origin: string,
	cookie: string,
	pagePath: string
): Promise<{ status: number; ms: number; bytes: number }> {
	const started = performance.now();
	const response = await fetch(`${origin}${pagePath}`, {
		headers: { Cookie: cookie, Accept: 'text/html' },
		redirect: 'manual'
	});
	const body = await response.arrayBuffer();
	return { status: response.status, ms: performance.now() - started, bytes: body.byteLength };
}

/**
 * The pages measured: the two the budget is for (the therapist's home and the
 * prep page), and the other pages a therapist opens often, for comparison.
 */
function pagesToMeasure(
	coupleId: string,
	sessionId: string
): Array<{ label: string; path: string; budgeted: boolean; signedOut?: boolean }> {
	return [
		{ label: 'week ahead', path: '/practice', budgeted: true },
		{
			label: 'session prep',
			path: `/couples/${coupleId}/sessions/${sessionId}/prep`,
			budgeted: true
		},
		{ label: 'couples', path: '/couples', budgeted: false },
		{ label: 'couple', path: `/couples/${coupleId}`, budgeted: false },
		{ label: 'progress', path: `/couples/${coupleId}/progress`, budgeted: false },
		// A near-bare page, so each page's cost reads as a multiple of it on this machine today.
		{ label: 'sign-in', path: '/sign-in', budgeted: false, signedOut: true }
	];
}

interface Measurement {
	label: string;
	path: string;
	bytes: number;
	median: number;
	p90: number;
	max: number;
	budgeted?: boolean;
}

/** Warm-up requests, then timed ones, one after another; the status instead when the page does not answer 200. */
async function measure(
	origin: string,
	cookie: string,
	label: string,
	pagePath: string
): Promise<Measurement | number> {
	const first = await get(origin, cookie, pagePath);
	if (first.status !== 200) {
		console.log(`${label}: GET ${pagePath} answered ${first.status}.`);
		return first.status;
	}
	for (let i = 1; i < WARM_UP; i++) await get(origin, cookie, pagePath);
	const times: number[] = [];
	let bytes = first.bytes;
	for (let i = 0; i < MEASURED; i++) {
		const result = await get(origin, cookie, pagePath);
		if (result.status !== 200)
			throw new Error(`GET ${pagePath} answered ${result.status} on request ${i + 1}.`);
		times.push(result.ms);
		bytes = result.bytes;
	}
	times.sort((a, b) => a - b);
	const quantile = (q: number) =>
		times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
	const middle = times.length / 2;
	const median =
		times.length % 2 === 1 ? times[Math.floor(middle)]! : (times[middle - 1]! + times[middle]!) / 2;
	return { label, path: pagePath, bytes, median, p90: quantile(0.9), max: times.at(-1)! };
}

async function main(): Promise<number> {
	if (!fs.existsSync(path.join(root, 'build', 'index.js')))
		fail('No build to measure: run `npm run build` first.');
	const { file, scratch } = databaseToMeasure();
	try {
		const { coupleId, sessionId } = await sessionToPrepare(file);
		const server = await startLocalServer(file, { BODY_SIZE_LIMIT: '4M' });
		const { origin, output } = server;
		const results: Measurement[] = [];
		try {
			const cookie = await signInWithForm(origin, EMAIL, DEMO_PASSWORD).catch((error: unknown) =>
				fail(
					`${error instanceof Error ? error.message : String(error)} Is this a database made by npm run generate:large?`
				)
			);
			console.log(
				`Measuring ${origin} against ${file}: ${WARM_UP} warm-up and ${MEASURED} timed requests per page, one at a time.`
			);
			for (const page of pagesToMeasure(coupleId, sessionId)) {
				const result = await measure(origin, page.signedOut ? '' : cookie, page.label, page.path);
				if (typeof result === 'number')
					fail(
						`${page.label}: GET ${page.path} answered ${result}. The server said:\n${output().trim() || '(nothing)'}`
					);
				results.push({ ...result, budgeted: page.budgeted });
			}
		} catch (error) {
			if (!(error instanceof Refusal)) console.error(output());
			throw error;
		} finally {
			await stopLocalServer(server);
		}

		console.log('');
		const bare = results.find((result) => result.label === 'sign-in')?.median ?? Number.NaN;
		console.log('page           median     p90      max   (ms)   × sign-in    size');
		for (const result of results) {
			const ms = (value: number) => value.toFixed(1).padStart(7);
			const note = result.budgeted ? '' : '  (no budget: for comparison)';
			const times = `${ms(result.median)} ${ms(result.p90)} ${ms(result.max)}`;
			const multiple = (result.median / bare).toFixed(1).padStart(8);
			const size = `${(result.bytes / 1024).toFixed(0)} KiB`.padStart(8);
			console.log(
				`${result.label.padEnd(14)} ${times}   ${multiple}  ${size}  ${result.path}${note}`
			);
		}
		const over = results.filter((result) => result.budgeted && result.median >= BUDGET_MS);
		console.log('');
		console.log(
			over.length === 0
				? `The week ahead and the prep page are within the budget of ${BUDGET_MS} ms at the median.`
				: `Over the budget of ${BUDGET_MS} ms at the median: ${over.map((result) => result.label).join(', ')}.`
		);
		return over.length === 0 ? 0 : 1;
	} finally {
		if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
	}
}

try {
	process.exit(await main());
} catch (error) {
	if (!(error instanceof Refusal)) throw error;
	console.error(error.message);
	process.exit(1);
}
