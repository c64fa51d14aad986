// `npm run benchmark [-- --sizes small,stress,practice --seconds 2 --rounds 3]`:
// how much each page costs at every size of practice. Serves the existing
// production build (it builds nothing: run `npm run build` first) against each
// data set made by `npm run generate:large -- --size …` (kept in BENCHMARK_DIR,
// made again when missing or a day old, because its sessions are placed
// around the day it was made) and, for each set:
//
// - counts the SQL statements each page runs (the server's Statements header,
//   given with COUNT_STATEMENTS=1) and the size of its HTML, plain and as sent;
// - then in rounds, each page in turn for a few seconds with 10 requests at a
//   time, `/sign-in` among them: a near-bare page, so that each page's
//   throughput reads as a share of it measured under the same load on this
//   machine at the same moment, which moves far less than milliseconds do;
// - saves drafts from 10 partners at once, each waiting for its last save,
//   and reads every draft back from the database at the end: none lost.
//
// It prints each page's share of `/sign-in`'s throughput, p50/p95/p99, bytes
// and statements, then the goals (README, "Measuring speed") met or missed.
// Only loopback traffic.
//
// With DATABASE_URL=postgres://… (a user who may create databases), each data
// set is copied into a PostgreSQL database of its own on that server
// (common_ground_benchmark_<size>, made again for each run and dropped
// after), and the same pages are measured there: the same rows, the same
// figures, so the two engines read side by side.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../src/lib/server/database/schema';
import { copyToPostgres } from '../src/lib/server/database/copy-to-postgres';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { databaseOnServer, openPostgres } from '../src/lib/server/database/open-postgres';
import { DEMO_PASSWORD } from './demo/demo-practice';
import { previousSessionStart } from '../src/lib/server/casework/therapy-sessions';
import { signInWithForm, startLocalServer, stopLocalServer } from './local-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = ['small', 'stress', 'practice'] as const;
type Size = (typeof SIZES)[number];
const THERAPIST = 'bench@example.com';
const CONCURRENCY = 10;
/** A data set older than this is made again: its "coming week" has moved on. */
const STALE_AFTER_MS = 20 * 60 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

/** The goals this benchmark reports on (README, "Measuring speed"). */
const GOALS = {
	shareOfSignIn: 0.4,
	p95Ms: 50,
	growthSmallToPractice: 1.5,
	savesPerSecond: 1000,
	weekAheadKiBOnStress: 80
};

class Refusal extends Error {}
function fail(message: string): never {
	throw new Refusal(message);
}

// ---------------------------------------------------------------- data sets

/** When the file was made (where the file system keeps it), or last written. */
function madeAt(file: string): number {
	const stat = fs.statSync(file);
	return stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.mtimeMs;
}

function dataSet(size: Size): string {
	const folder = process.env.BENCHMARK_DIR || path.join(os.tmpdir(), 'common-ground-benchmark');
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, `${size}.db`);
	const fresh = fs.existsSync(file) && Date.now() - madeAt(file) < STALE_AFTER_MS;
	if (fresh) return file;
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
	console.log(`Making the ${size} data set in ${file}…`);
	const made = spawnSync(
		process.execPath,
		['--import', 'tsx', path.join(root, 'scripts', 'generate-large-practice.ts'), '--size', size],
		{
			cwd: root,
			// Always a SQLite file, even when measuring PostgreSQL: it is copied there afterwards.
			env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: '' },
			stdio: 'inherit'
		}
	);
	if (made.status !== 0) fail(`Could not make the ${size} data set (see above).`);
	return file;
}

interface Targets {
	coupleId: string;
	sessionId: string;
	/** A partner whose home lists many worksheets the other partner shared, and one of their open worksheets. */
	partnerEmail: string;
	openAssignmentId: string;
	/** Partners each with a draft of their own to save again and again. */
	drafts: Array<{ email: string; assignmentId: string; revision: number; answers: string }>;
}

/** A data set's SQLite file, opened only to read. */
function readOnly(file: string): Kysely<DB> {
	return new Kysely<DB>({
		dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) })
	});
}

/** What to measure in a data set: the heaviest prep page, a busy partner, drafts to save. */
async function targetsIn(file: string): Promise<Targets> {
	const db = readOnly(file);
	try {
		const now = new Date();
		const therapist = await db
			.selectFrom('users')
			.select('id')
			.where('email', '=', THERAPIST)
			.executeTakeFirst();
		if (!therapist) fail(`${file} has no ${THERAPIST}: is it made by npm run generate:large?`);
		const heaviest = await db
			.selectFrom('therapy_sessions as session')
			.innerJoin('couples', 'couples.id', 'session.couple_id')
			.innerJoin('assignments', 'assignments.couple_id', 'couples.id')
			.innerJoin('responses', 'responses.assignment_id', 'assignments.id')
			.select([
				'couples.id as coupleId',
				'session.id as sessionId',
				(eb) => eb.fn.count<number>('responses.id').as('responses')
			])
			.where('couples.therapist_id', '=', therapist.id)
			.where('session.status', '=', 'scheduled')
			.where('session.starts_at', '>=', now.toISOString())
			.where('session.starts_at', '<', new Date(now.getTime() + 7 * DAY).toISOString())
			.where('responses.status', '!=', 'draft')
			.where((eb) => eb('responses.submitted_at', '>', previousSessionStart(eb)))
			.groupBy(['couples.id', 'session.id'])
			.orderBy('responses', 'desc')
			.limit(1)
			.executeTakeFirst();
		if (!heaviest) fail(`${file} has no session in the coming week for ${THERAPIST}.`);
		// The partner reading the most worksheets the other shared with them, among those
		// with a worksheet in progress to open (made-up data leaves some with none).
		const busy = await db
			.selectFrom('responses as shared')
			.innerJoin('partners as author', 'author.id', 'shared.partner_id')
			.innerJoin('couples', 'couples.id', 'author.couple_id')
			.innerJoin('partners as reader', (join) =>
				join
					.onRef('reader.couple_id', '=', 'author.couple_id')
					.onRef('reader.id', '!=', 'author.id')
			)
			.innerJoin('users', 'users.id', 'reader.user_id')
			.select(['users.email', 'reader.id as partnerId', (eb) => eb.fn.countAll<number>().as('n')])
			.where('couples.therapist_id', '=', therapist.id)
			.where('shared.share_shared_fields', '=', 1)
			.where('shared.status', '!=', 'draft')
			.where((eb) =>
				eb.exists(
					eb
						.selectFrom('responses as open')
						.select('open.id')
						.whereRef('open.partner_id', '=', 'reader.id')
						.where('open.status', '=', 'draft')
						.where('open.occurrence', '=', 'once')
				)
			)
			.groupBy(['users.email', 'reader.id'])
			.orderBy('n', 'desc')
			.limit(1)
			.executeTakeFirstOrThrow();
		const open = await db
			.selectFrom('responses')
			.select('assignment_id')
			.where('partner_id', '=', busy.partnerId)
			.where('status', '=', 'draft')
			.where('occurrence', '=', 'once')
			.executeTakeFirst();
		if (!open) fail(`The partner ${busy.email} has no worksheet in progress to open.`);
		// Ten partners of this therapist with a draft of a one-off worksheet, one each.
		const drafts = await db
			.selectFrom('responses')
			.innerJoin('partners', 'partners.id', 'responses.partner_id')
			.innerJoin('couples', 'couples.id', 'partners.couple_id')
			.innerJoin('users', 'users.id', 'partners.user_id')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'users.email',
				'responses.assignment_id as assignmentId',
				'responses.revision',
				'responses.answers'
			])
			.where('couples.therapist_id', '=', therapist.id)
			.where('responses.status', '=', 'draft')
			.where('responses.occurrence', '=', 'once')
			.where('assignments.due_at', '>', now.toISOString())
			.where('users.email', '!=', busy.email)
			.groupBy('users.email')
			.limit(CONCURRENCY)
			.execute();
		if (drafts.length < CONCURRENCY)
			fail(`${file} has only ${drafts.length} partners with a draft to save.`);
		return {
			coupleId: heaviest.coupleId,
			sessionId: heaviest.sessionId,
			partnerEmail: busy.email,
			openAssignmentId: open.assignment_id,
			drafts: drafts.map((draft) => ({ ...draft, answers: draft.answers ?? '{}' }))
		};
	} finally {
		await db.destroy();
	}
}

/** The PostgreSQL server to measure on, from DATABASE_URL; null measures SQLite. */
function postgresServer(): string | null {
	const url = process.env.DATABASE_URL;
	return url && isPostgresLocation(url) ? url : null;
}

/** Runs one statement on the server's own database (creating or dropping one cannot run elsewhere). */
async function onServer(serverUrl: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/**
 * The data set in a new PostgreSQL database of its own, copied row for row
 * (and checked) from the SQLite file, so both engines are measured on the
 * same practice. Returns where it is.
 */
async function copiedToPostgres(file: string, size: Size, serverUrl: string): Promise<string> {
	const name = `common_ground_benchmark_${size}`;
	await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	await onServer(serverUrl, `CREATE DATABASE ${name}`);
	const url = databaseOnServer(serverUrl, name);
	const db = openPostgres(url);
	const started = performance.now();
	try {
		const compared = await copyToPostgres(file, db);
		const rows = compared.reduce((sum, row) => sum + row.target.rows, 0);
		console.log(
			`Copied the ${size} data set to PostgreSQL (${rows} rows, checked) in ${((performance.now() - started) / 1000).toFixed(1)} s.`
		);
	} finally {
		await db.destroy();
	}
	return url;
}

/** The data set's two-step key, which PostgreSQL takes from the environment rather than a file. */
function twoStepKeyFor(file: string): string {
	if (process.env.TWO_STEP_KEY) return process.env.TWO_STEP_KEY;
	const keyFile = `${file}.key`;
	if (fs.existsSync(keyFile)) return fs.readFileSync(keyFile, 'utf8').trim();
	return crypto.randomBytes(32).toString('base64');
}

// ---------------------------------------------------------------- requests

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer {
	status: number;
	ms: number;
	/** The body as it came over the wire (compressed when the server compressed it). */
	body: Buffer;
	headers: http.IncomingHttpHeaders;
}

function request(
	origin: string,
	pagePath: string,
	options: { cookie?: string; method?: string; body?: string; encoding?: string } = {}
): Promise<Answer> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const outgoing = http.request(
			`${origin}${pagePath}`,
			{
				agent,
				method: options.method ?? 'GET',
				headers: {
					Accept: options.body ? 'application/json' : 'text/html',
					// As a browser sends it.
					'Accept-Encoding': options.encoding ?? 'gzip, deflate, br',
					...(options.cookie ? { Cookie: options.cookie } : {}),
					...(options.body ? { 'Content-Type': 'application/json', Origin: origin } : {})
				}
			},
			(incoming) => {
				const chunks: Buffer[] = [];
				incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
				incoming.on('end', () =>
					resolve({
						status: incoming.statusCode ?? 0,
						ms: performance.now() - started,
						body: Buffer.concat(chunks),
						headers: incoming.headers
					})
				);
				incoming.on('error', reject);
			}
		);
		outgoing.on('error', reject);
		outgoing.end(options.body);
	});
}

interface Page {
	label: string;
	path: string;
	cookie: string;
}

interface Tally {
	requests: number;
	seconds: number;
	times: number[];
}

/** 10 requests at a time for `seconds`: how many were answered, and how long each took. */
async function burst(origin: string, page: Page, seconds: number, tally: Tally): Promise<void> {
	const started = performance.now();
	const deadline = started + seconds * 1000;
	const worker = async () => {
		while (performance.now() < deadline) {
			const answer = await request(origin, page.path, { cookie: page.cookie });
			if (answer.status !== 200)
				fail(`${page.label}: GET ${page.path} answered ${answer.status} under load.`);
			tally.times.push(answer.ms);
			tally.requests += 1;
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	tally.seconds += (performance.now() - started) / 1000;
}

interface Saver {
	cookie: string;
	assignmentId: string;
	revision: number;
	/** The words the draft starts from; each save changes its end. */
	base: Record<string, unknown>;
	last: string;
	saves: number;
}

/** The draft with a counter written over the end of its longest answer, so every save is a change. */
function changedDraft(saver: Saver): string {
	const answers = structuredClone(saver.base);
	const key = Object.keys(answers)
		.filter((name) => typeof answers[name] === 'string')
		.sort((a, b) => (answers[b] as string).length - (answers[a] as string).length)[0];
	if (key) {
		const words = answers[key] as string;
		const counter = ` ${saver.saves}`;
		answers[key] = words.slice(0, Math.max(0, words.length - counter.length)) + counter;
	}
	return JSON.stringify(answers);
}

/** Each of 10 partners saves their draft again as soon as the last save is answered. */
async function saveBurst(
	origin: string,
	savers: Saver[],
	seconds: number,
	tally: Tally
): Promise<void> {
	const started = performance.now();
	const deadline = started + seconds * 1000;
	await Promise.all(
		savers.map(async (saver) => {
			while (performance.now() < deadline) {
				saver.saves += 1;
				const answers = changedDraft(saver);
				const answer = await request(origin, `/api/homework/${saver.assignmentId}/draft`, {
					cookie: saver.cookie,
					method: 'POST',
					body: JSON.stringify({
						answers: JSON.parse(answers) as unknown,
						revision: saver.revision
					})
				});
				if (answer.status !== 200)
					fail(`A draft save answered ${answer.status}: ${answer.body.toString().slice(0, 200)}`);
				saver.revision = (JSON.parse(answer.body.toString()) as { revision: number }).revision;
				saver.last = answers;
				tally.times.push(answer.ms);
				tally.requests += 1;
			}
		})
	);
	tally.seconds += (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------- one data set

interface Row {
	label: string;
	path: string;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
	htmlBytes: number;
	sentBytes: number;
	statements: number;
}

function quantile(sorted: number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function measureSet(
	size: Size,
	options: { seconds: number; rounds: number }
): Promise<{ rows: Row[]; lost: number }> {
	const file = dataSet(size);
	const targets = await targetsIn(file);
	const serverUrl = postgresServer();
	// The server reads DATABASE_URL first: empty, it serves the SQLite file.
	const location = serverUrl ? await copiedToPostgres(file, size, serverUrl) : file;
	const server = await startLocalServer(file, {
		BODY_SIZE_LIMIT: '4M',
		COUNT_STATEMENTS: '1',
		DATABASE_URL: serverUrl ? location : '',
		...(serverUrl ? { TWO_STEP_KEY: twoStepKeyFor(file) } : {})
	});
	try {
		const { origin } = server;
		const therapist = await signInWithForm(origin, THERAPIST, DEMO_PASSWORD);
		const partner = await signInWithForm(origin, targets.partnerEmail, DEMO_PASSWORD);
		const savers: Saver[] = [];
		for (const draft of targets.drafts)
			savers.push({
				cookie: await signInWithForm(origin, draft.email, DEMO_PASSWORD),
				assignmentId: draft.assignmentId,
				revision: draft.revision,
				base: JSON.parse(draft.answers) as Record<string, unknown>,
				last: draft.answers,
				saves: 0
			});
		const { coupleId, sessionId } = targets;
		const pages: Page[] = [
			{ label: 'sign-in', path: '/sign-in', cookie: '' },
			{ label: 'week ahead', path: '/practice', cookie: therapist },
			{ label: 'couples', path: '/couples', cookie: therapist },
			{ label: 'couple', path: `/couples/${coupleId}`, cookie: therapist },
			{
				label: 'prep',
				path: `/couples/${coupleId}/sessions/${sessionId}/prep`,
				cookie: therapist
			},
			{ label: 'progress', path: `/couples/${coupleId}/progress`, cookie: therapist },
			{ label: 'partner home', path: '/home', cookie: partner },
			{ label: 'worksheet', path: `/homework/${targets.openAssignmentId}`, cookie: partner }
		];

		// One of each, alone: statements, and the HTML plain and as sent.
		const alone = new Map<string, { statements: number; html: number; sent: number }>();
		for (const page of pages) {
			const plain = await request(origin, page.path, { cookie: page.cookie, encoding: 'identity' });
			if (plain.status !== 200)
				fail(`${page.label}: GET ${page.path} answered ${plain.status}:\n${server.output()}`);
			const sent = await request(origin, page.path, { cookie: page.cookie });
			alone.set(page.label, {
				statements: Number(plain.headers['statements'] ?? Number.NaN),
				html: plain.body.length,
				sent: sent.body.length
			});
		}
		const firstSave = savers[0]!;
		const save = await request(origin, `/api/homework/${firstSave.assignmentId}/draft`, {
			cookie: firstSave.cookie,
			method: 'POST',
			body: JSON.stringify({ answers: firstSave.base, revision: firstSave.revision })
		});
		if (save.status !== 200) fail(`A draft save answered ${save.status}: ${save.body.toString()}`);
		firstSave.revision = (JSON.parse(save.body.toString()) as { revision: number }).revision;

		// Warm up, then rounds with the pages in turn (starting one further each round).
		for (const page of pages)
			await burst(origin, page, 0.3, { requests: 0, seconds: 0, times: [] });
		const tallies = new Map<string, Tally>(
			[...pages.map((page) => page.label), 'draft save'].map((label) => [
				label,
				{ requests: 0, seconds: 0, times: [] }
			])
		);
		for (let round = 0; round < options.rounds; round++) {
			const order = [...pages.slice(round % pages.length), ...pages.slice(0, round % pages.length)];
			for (const page of order)
				await burst(origin, page, options.seconds, tallies.get(page.label)!);
			await saveBurst(origin, savers, options.seconds, tallies.get('draft save')!);
		}

		const lost = await draftsLost(location, savers);
		const rows: Row[] = [...tallies].map(([label, tally]) => {
			const times = [...tally.times].sort((a, b) => a - b);
			const page = pages.find((candidate) => candidate.label === label);
			const single = alone.get(label);
			return {
				label,
				path: page?.path ?? '/api/homework/…/draft',
				perSecond: tally.requests / tally.seconds,
				p50: quantile(times, 0.5),
				p95: quantile(times, 0.95),
				p99: quantile(times, 0.99),
				htmlBytes: single?.html ?? 0,
				sentBytes: single?.sent ?? 0,
				statements: single?.statements ?? Number(save.headers['statements'] ?? Number.NaN)
			};
		});
		return { rows, lost };
	} catch (error) {
		if (!(error instanceof Refusal)) console.error(server.output());
		throw error;
	} finally {
		await stopLocalServer(server);
		if (serverUrl)
			await onServer(
				serverUrl,
				`DROP DATABASE IF EXISTS common_ground_benchmark_${size} WITH (FORCE)`
			);
	}
}

/** Reads each partner's draft back from the database: how many do not hold the last save answered. */
async function draftsLost(location: string, savers: Saver[]): Promise<number> {
	const db = isPostgresLocation(location) ? openPostgres(location) : readOnly(location);
	try {
		let lost = 0;
		for (const saver of savers) {
			const rows = await db
				.selectFrom('responses')
				.select('answers')
				.where('assignment_id', '=', saver.assignmentId)
				.where('status', '=', 'draft')
				.execute();
			const stored = rows.map((each) => JSON.stringify(JSON.parse(each.answers)));
			if (!stored.includes(JSON.stringify(JSON.parse(saver.last)))) lost += 1;
		}
		return lost;
	} finally {
		await db.destroy();
	}
}

// ---------------------------------------------------------------- report

function report(size: Size, rows: Row[], lost: number): void {
	const baseline = rows.find((row) => row.label === 'sign-in')!.perSecond;
	console.log('');
	console.log(
		`${size} on ${postgresServer() ? 'PostgreSQL' : 'SQLite'}: requests/s as a share of /sign-in (${baseline.toFixed(0)}/s), 10 at a time`
	);
	console.log(
		'page            share    req/s    p50     p95     p99 (ms)   HTML KiB  sent KiB  statements'
	);
	for (const row of rows) {
		const ms = (value: number) => value.toFixed(1).padStart(7);
		const kib = (bytes: number) => (bytes / 1024).toFixed(1).padStart(9);
		console.log(
			`${row.label.padEnd(14)} ${`${((row.perSecond / baseline) * 100).toFixed(1)} %`.padStart(7)} ${row.perSecond.toFixed(0).padStart(7)} ${ms(row.p50)} ${ms(row.p95)} ${ms(row.p99)}  ${kib(row.htmlBytes)} ${kib(row.sentBytes)} ${String(row.statements).padStart(10)}`
		);
	}
	console.log(`draft saves lost (read back from the database): ${lost}`);
}

function goals(results: Map<Size, { rows: Row[]; lost: number }>): string[] {
	const missed: string[] = [];
	for (const [size, { rows, lost }] of results) {
		const baseline = rows.find((row) => row.label === 'sign-in')!.perSecond;
		for (const row of rows) {
			if (row.label === 'sign-in') continue;
			const share = row.perSecond / baseline;
			if (row.label !== 'draft save' && share < GOALS.shareOfSignIn)
				missed.push(
					`${size} ${row.label}: ${(share * 100).toFixed(1)} % of /sign-in (goal ${GOALS.shareOfSignIn * 100} %)`
				);
			if (row.p95 >= GOALS.p95Ms)
				missed.push(`${size} ${row.label}: p95 ${row.p95.toFixed(1)} ms (goal < ${GOALS.p95Ms})`);
		}
		const saves = rows.find((row) => row.label === 'draft save')!;
		if (saves.perSecond < GOALS.savesPerSecond)
			missed.push(
				`${size} draft saves: ${saves.perSecond.toFixed(0)}/s (goal ${GOALS.savesPerSecond})`
			);
		if (lost > 0) missed.push(`${size}: ${lost} draft saves lost`);
		const weekAhead = rows.find((row) => row.label === 'week ahead')!;
		if (size === 'stress' && weekAhead.htmlBytes > GOALS.weekAheadKiBOnStress * 1024)
			missed.push(
				`stress week ahead: ${(weekAhead.htmlBytes / 1024).toFixed(0)} KiB of HTML (goal ${GOALS.weekAheadKiBOnStress})`
			);
	}
	const small = results.get('small');
	const practice = results.get('practice');
	if (small && practice) {
		// Time per request relative to /sign-in, so that the machine's load at each set's moment cancels out.
		const relative = (rows: Row[], label: string) =>
			rows.find((row) => row.label === 'sign-in')!.perSecond /
			rows.find((row) => row.label === label)!.perSecond;
		for (const label of ['week ahead', 'couples', 'couple', 'prep', 'progress']) {
			const growth = relative(practice.rows, label) / relative(small.rows, label);
			if (growth > GOALS.growthSmallToPractice)
				missed.push(
					`${label}: ${growth.toFixed(2)}× the time per request on the practice set as on the small (goal ${GOALS.growthSmallToPractice}×)`
				);
		}
	}
	for (const label of results
		.values()
		.next()
		.value?.rows.map((row) => row.label) ?? []) {
		const counts = new Set(
			[...results.values()].map(({ rows }) => rows.find((row) => row.label === label)!.statements)
		);
		if (counts.size > 1)
			missed.push(`${label}: ${[...counts].join(' / ')} statements on the sets (goal: the same)`);
	}
	return missed;
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			sizes: { type: 'string', default: SIZES.join(',') },
			seconds: { type: 'string', default: '2' },
			rounds: { type: 'string', default: '3' }
		}
	});
	const sizes = values.sizes.split(',').map((size) => size.trim());
	for (const size of sizes)
		if (!SIZES.includes(size as Size)) fail(`--sizes takes ${SIZES.join(', ')}; not ${size}.`);
	if (!fs.existsSync(path.join(root, 'build', 'index.js')))
		fail('No build to measure: run `npm run build` first.');
	const options = { seconds: Number(values.seconds), rounds: Number(values.rounds) };
	const results = new Map<Size, { rows: Row[]; lost: number }>();
	for (const size of sizes as Size[]) {
		const result = await measureSet(size, options);
		results.set(size, result);
		report(size, result.rows, result.lost);
	}
	const missed = goals(results);
	console.log('');
	if (missed.length === 0) console.log('Every goal is met.');
	else {
		console.log('Goals not met:');
		for (const line of missed) console.log(`  ${line}`);
	}
	agent.destroy();
	return missed.length === 0 ? 0 : 1;
}

try {
	process.exit(await main());
} catch (error) {
	if (!(error instanceof Refusal)) throw error;
	console.error(error.message);
	process.exit(1);
}
