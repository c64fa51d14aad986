// `npm run benchmark:mail`: how fast the outbox sends, and whether pages slow
// down while it does. Serves the existing production build on a free port
// against a new demo practice, with a local SMTP server started here as its
// mail server; times the sign-in page and the week ahead, then queues 1,000
// reminders and times the same pages again while they are sent, and reports
// messages per second from the first row queued to the last message
// accepted. Only loopback traffic; nothing is built here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../src/lib/server/database/open';
import { writeTransaction } from '../src/lib/server/database/write-transaction';
import { queueMail } from '../src/lib/server/mail/outbox';
import { messageText } from '../src/lib/server/mail/messages';
import { DEMO_PASSWORD } from './demo/demo-practice';
import { freePort, signInWithForm, startLocalServer, stopLocalServer } from './local-server';

const MESSAGES = 1_000;
const BASELINE_REQUESTS = 200;

async function timed(origin: string, pagePath: string, cookie = ''): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${origin}${pagePath}`, {
		headers: { Cookie: cookie, Accept: 'text/html' },
		redirect: 'manual'
	});
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`GET ${pagePath} answered ${response.status}`);
	return performance.now() - started;
}

function summary(times: number[]): string {
	const sorted = [...times].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
	return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (${sorted.length} requests)`;
}

async function main(): Promise<void> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-mail-bench-'));
	const database = path.join(folder, 'practice.db');
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], {
		env: { ...process.env, DATABASE_PATH: database },
		encoding: 'utf8'
	});
	if (seeded.status !== 0) throw new Error(`Seeding failed: ${seeded.stderr}`);

	let accepted = 0;
	let lastAcceptedAt = 0;
	const sink = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, _session, callback) {
			stream.on('data', () => {});
			stream.on('end', () => {
				accepted++;
				lastAcceptedAt = performance.now();
				callback();
			});
		}
	});
	const smtpPort = await freePort();
	await new Promise<void>((resolve) => sink.listen(smtpPort, '127.0.0.1', resolve));
	const server = await startLocalServer(database, {
		SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
		MAIL_FROM: 'practice@example.org'
	});
	try {
		const cookie = await signInWithForm(server.origin, 'therapist@example.com', DEMO_PASSWORD);
		const pages = [
			{ label: 'sign-in', path: '/sign-in', cookie: '' },
			{ label: 'week ahead', path: '/practice', cookie }
		];
		for (const page of pages)
			for (let i = 0; i < 10; i++) await timed(server.origin, page.path, page.cookie);
		const before = new Map<string, number[]>(pages.map((page) => [page.label, []]));
		for (let i = 0; i < BASELINE_REQUESTS; i++)
			for (const page of pages)
				before.get(page.label)!.push(await timed(server.origin, page.path, page.cookie));

		// This process only queues; the server sends. Said so, queueing logs nothing per message.
		process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
		const { db } = openDatabase(database);
		const partner = await db
			.selectFrom('users')
			.select(['id', 'email'])
			.where('email', '=', 'alex@example.com')
			.executeTakeFirstOrThrow();
		const queuedAt = performance.now();
		await writeTransaction(db, async (trx) => {
			for (let i = 0; i < MESSAGES; i++)
				await queueMail(
					trx,
					{
						kind: 'reminder',
						toAddress: `reader-${i}@example.org`,
						userId: partner.id,
						text: messageText('reminder', { link: `${server.origin}/home` })
					},
					new Date()
				);
		});
		await db.destroy();

		const during = new Map<string, number[]>(pages.map((page) => [page.label, []]));
		while (accepted < MESSAGES) {
			for (const page of pages)
				during.get(page.label)!.push(await timed(server.origin, page.path, page.cookie));
			if (performance.now() - queuedAt > 300_000)
				throw new Error(`Only ${accepted} sent in 5 minutes.`);
		}
		const seconds = (lastAcceptedAt - queuedAt) / 1000;
		console.log(
			`Sent ${MESSAGES} messages in ${seconds.toFixed(1)} s: ${(MESSAGES / seconds).toFixed(0)} messages per second (from queueing, including the worker's next look, at most ${process.env.OUTBOX_POLL_MS ?? 5000} ms).`
		);
		for (const page of pages) {
			console.log(`${page.label.padEnd(11)} before: ${summary(before.get(page.label)!)}`);
			console.log(`${page.label.padEnd(11)} during: ${summary(during.get(page.label)!)}`);
		}
	} finally {
		await stopLocalServer(server);
		await new Promise<void>((resolve) => sink.close(() => resolve()));
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
