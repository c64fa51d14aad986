import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from '@playwright/test';
import { freePort, seedDemo, startOwnServer, type OwnServer } from './own-server';
import { stopLocalServer } from '../../scripts/local-server';
import { giveawaysIn } from '../../src/lib/server/mail/content-free';

// A real SMTP server the tests start and stop, which keeps every message it
// accepts, parsed; and a demo practice of a test's own that sends it mail,
// with a clock the test can move (CLOCK_FILE, see src/lib/server/clock.ts).

export interface ReceivedMail {
	to: string;
	fromName: string;
	fromAddress: string;
	subject: string;
	text: string;
	messageId: string;
	headers: Map<string, unknown>;
	/** The message as it came over the wire. */
	raw: string;
}

export class MailSink {
	readonly received: ReceivedMail[] = [];
	private server: SMTPServer | null = null;

	constructor(readonly port: number) {}

	/** Listens on the port, accepting any sender and recipient, without TLS or sign-in. */
	async start(): Promise<void> {
		const server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData: (stream, _session, callback) => {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					const raw = Buffer.concat(chunks).toString('utf8');
					simpleParser(raw)
						.then((parsed) => {
							const from = parsed.from?.value[0];
							this.received.push({
								to: addresses(parsed.to).join(', '),
								fromName: from?.name ?? '',
								fromAddress: from?.address ?? '',
								subject: parsed.subject ?? '',
								text: parsed.text ?? '',
								messageId: parsed.messageId ?? '',
								headers: parsed.headers,
								raw
							});
							callback();
						})
						.catch((error: Error) => callback(error));
				});
			}
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => resolve());
		});
		this.server = server;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = null;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Messages to one address, oldest first. */
	to(address: string): ReceivedMail[] {
		return this.received.filter((mail) => mail.to.toLowerCase().includes(address.toLowerCase()));
	}

	/** Waits until `count` messages to `address` have arrived, and returns the last. */
	async waitFor(address: string, count = 1, timeout = 30_000): Promise<ReceivedMail> {
		await expect
			.poll(() => this.to(address).length, {
				message: `mail to ${address}`,
				timeout
			})
			.toBeGreaterThanOrEqual(count);
		return this.to(address)[count - 1]!;
	}
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
	const list = Array.isArray(field) ? field : field ? [field] : [];
	return list.flatMap((entry) => entry.value.map((value) => value.address ?? ''));
}

/** The first link in a message's text that starts with `prefix` (an origin and a path). */
export function linkIn(mail: ReceivedMail, prefix: string): string {
	const link = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
	if (!link) throw new Error(`No link to ${prefix} in: ${mail.text}`);
	return link;
}

export interface PracticeWithMail {
	server: OwnServer;
	sink: MailSink;
	database: string;
	/** Moves the server's clock to `at` (from now on it runs on from there). */
	setClock: (at: Date) => void;
	/** Moves the server's clock on by `ms`. */
	moveClock: (ms: number) => void;
	stop: () => Promise<void>;
}

/**
 * The demo practice on a server of its own, sending mail to a sink started
 * here, checking the outbox every 200 ms instead of every few seconds.
 * `sinkRunning: false` leaves the SMTP server down; start it with sink.start().
 */
export async function startPracticeWithMail(
	options: { sinkRunning?: boolean; env?: Record<string, string> } = {}
): Promise<PracticeWithMail> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-mail-'));
	const database = path.join(folder, 'practice.db');
	const clockFile = path.join(folder, 'clock');
	fs.writeFileSync(clockFile, '0');
	seedDemo(database);
	const sink = new MailSink(await freePort());
	if (options.sinkRunning ?? true) await sink.start();
	const server = await startOwnServer(database, {
		SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
		MAIL_FROM: 'practice@example.org',
		CLOCK_FILE: clockFile,
		OUTBOX_POLL_MS: '200',
		...options.env
	});
	let offset = 0;
	const writeOffset = (value: number) => {
		offset = value;
		fs.writeFileSync(clockFile, String(value));
	};
	return {
		server,
		sink,
		database,
		setClock: (at) => writeOffset(at.getTime() - Date.now()),
		moveClock: (ms) => writeOffset(offset + ms),
		stop: async () => {
			await stopLocalServer(server);
			await sink.stop();
			fs.rmSync(folder, { recursive: true, force: true });
		}
	};
}

/** Names in the demo practice no mail from it may carry. */
const DEMO_NAMES = [
	'Alex',
	'Sam',
	'Jordan',
	'Casey',
	'Reyes',
	'Natarajan',
	'Alex & Sam',
	'Jordan & Casey'
];

/**
 * A mail says nothing of what it is about: no giveaway word, worksheet or step
 * title (content-free.ts), demo name, or any of `more` (what the test wrote).
 */
export function expectGivesNothingAway(mail: ReceivedMail, more: string[] = []): void {
	const all = `${mail.fromName}\n${mail.subject}\n${mail.text}`;
	expect(giveawaysIn(all, [...DEMO_NAMES, ...more]), `${mail.subject} to ${mail.to}`).toEqual([]);
}
