import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { DEMO_PASSWORD, demo } from './support/demo';
import { rowsOf } from './support/database';
import { assignFresh } from './support/arrange';
import { MailSink } from './support/mail-sink';
import { freePort, signInWithForm, startOwnServer, type OwnServer } from './support/own-server';
import { stopLocalServer } from '../scripts/local-server';
import { POSTGRES } from '../playwright.config';
import { databaseOnServer } from '../src/lib/server/database/open-postgres';

// Two app processes on one PostgreSQL database, as behind a load balancer:
// requests land on either, one process dies without warning (SIGKILL), and
// the other carries on. Nothing a person was told was saved may be lost, and
// both mail workers polling one outbox must never send a message twice.

const serverUrl = process.env.TEST_POSTGRES_URL;

test.describe.configure({ timeout: 240_000 });

/** A database of its own on the test server, with the demo practice in it. */
function demoDatabaseOnPostgres(): string {
	const location = databaseOnServer(
		serverUrl!,
		`common_ground_two_processes_${randomBytes(6).toString('hex')}`
	);
	for (const script of ['create-database', 'seed-demo']) {
		const ran = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`], {
			env: { ...process.env, DATABASE_URL: location },
			encoding: 'utf8'
		});
		if (ran.status !== 0) throw new Error(`${script} failed: ${ran.stderr}`);
	}
	return location;
}

function dropDatabase(location: string): void {
	const name = new URL(location).pathname.slice(1);
	rowsOf(serverUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A form post as a browser without JavaScript sends it, answered with a redirect when it worked. */
async function postForm(
	server: OwnServer,
	cookie: string,
	path: string,
	form: Record<string, string>
) {
	const response = await fetch(`${server.origin}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Cookie: cookie,
			Origin: server.origin,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(form)
	});
	await response.arrayBuffer();
	return response.status;
}

/**
 * Signs in through the form, once more if the connection was closed under
 * the request: fetch may reuse a kept-alive connection at the moment the
 * server lets it go idle, and another session does no harm.
 */
async function signIn(server: OwnServer, email: string): Promise<string> {
	try {
		return await signInWithForm(server.origin, email, DEMO_PASSWORD);
	} catch (error) {
		if (!(error instanceof TypeError)) throw error;
		return signInWithForm(server.origin, email, DEMO_PASSWORD);
	}
}

/** One partner saving their draft as autosave does, each save sent to the next process in turn. */
interface Writer {
	label: string;
	assignmentId: string;
	cookie: string;
	revision: number;
	sent: number;
	/** The process a save of theirs is waiting on now, if any. */
	waitingOn: string | null;
	/** Every save a process answered 200 to, in order. */
	acknowledged: Array<{ revision: number; text: string; by: string }>;
}

/** Sends one save to `server`; a save the process never answered is simply not acknowledged. */
async function saveOnce(writer: Writer, server: OwnServer): Promise<'saved' | 'unanswered'> {
	const text = `${writer.label}, save ${++writer.sent}: a walk by the river on Saturday.`;
	let response: Response;
	writer.waitingOn = server.origin;
	try {
		response = await fetch(`${server.origin}/api/homework/${writer.assignmentId}/draft`, {
			method: 'POST',
			headers: { Cookie: writer.cookie, Origin: server.origin, 'Content-Type': 'application/json' },
			body: JSON.stringify({ answers: { 'next-small-step': text }, revision: writer.revision })
		});
	} catch {
		return 'unanswered';
	} finally {
		writer.waitingOn = null;
	}
	const reply = (await response.json()) as {
		revision?: number;
		conflict?: { revision: number };
	};
	if (response.status === 409 && reply.conflict) {
		// The dead process stored the last save without answering: go on from what is stored, as the page does.
		writer.revision = reply.conflict.revision;
		return 'unanswered';
	}
	if (response.status !== 200)
		throw new Error(
			`${writer.label}: a save answered ${response.status}: ${JSON.stringify(reply)}`
		);
	writer.revision = reply.revision!;
	writer.acknowledged.push({ revision: writer.revision, text, by: server.origin });
	return 'saved';
}

test(
	'two processes share one database: a killed one loses no acknowledged save, and no mail goes twice',
	{ tag: POSTGRES },
	async () => {
		test.skip(!serverUrl, 'Runs on PostgreSQL only (TEST_POSTGRES_URL).');
		const database = demoDatabaseOnPostgres();
		const sink = new MailSink(await freePort());
		await sink.start();
		const env = {
			DATABASE_URL: database,
			TWO_STEP_KEY: randomBytes(32).toString('base64'),
			SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
			MAIL_FROM: 'practice@example.org',
			OUTBOX_POLL_MS: '100'
		};
		const servers: OwnServer[] = [];
		try {
			// DATABASE_URL wins over the file path startOwnServer also sets.
			servers.push(await startOwnServer(database, env));
			servers.push(await startOwnServer(database, env));
			const [first, second] = servers as [OwnServer, OwnServer];
			for (const server of servers) {
				const health = await fetch(`${server.origin}/healthz`);
				expect(await health.text()).toBe('ok');
			}

			// Mail: homework assigned through both processes, each assignment mailing both partners.
			const therapists = await Promise.all(
				[demo.therapist, demo.otherTherapist].map((person, index) =>
					signIn(servers[index]!, person.email)
				)
			);
			const couples = rowsOf(
				database,
				"SELECT id, name FROM couples WHERE name IN ('Alex & Sam', 'Jordan & Casey') ORDER BY name"
			) as Array<{ id: string; name: string }>;
			let request = 0;
			for (const templateId of ['taking-it-slow', 'reconnecting'])
				for (const [index, couple] of couples.entries()) {
					const server = servers[request++ % 2]!;
					const status = await postForm(
						server,
						therapists[index]!,
						`/couples/${couple.id}/assignments/new`,
						{
							templateId,
							who: 'both',
							dueDate: '2031-01-05',
							dueTime: '',
							note: '',
							recurrence: 'once'
						}
					);
					expect(status, `${templateId} for ${couple.name} on ${server.origin}`).toBe(303);
				}
			const newHomework = () =>
				rowsOf(
					database,
					"SELECT message_id, state FROM outbox WHERE kind = 'new-homework'"
				) as Array<{
					message_id: string;
					state: string;
				}>;
			await expect
				.poll(() => newHomework().filter((mail) => mail.state !== 'sent').length, {
					message: 'every new-homework mail sent',
					timeout: 60_000
				})
				.toBe(0);
			const queued = newHomework().map((mail) => mail.message_id);
			expect(queued).toHaveLength(8);
			for (const partner of [demo.alex, demo.sam, demo.jordan, demo.casey])
				await sink.waitFor(partner.email, 2);
			const received = sink.received.map((mail) => mail.messageId);
			for (const messageId of queued)
				expect(
					received.filter((id) => id === messageId),
					`${messageId} arrived once`
				).toHaveLength(1);
			expect(new Set(received).size, 'no message arrived twice').toBe(received.length);

			// Saves: four partners typing at once, each save to the other process than the last.
			const partners = [
				{ person: demo.alex, couple: 'Alex & Sam', position: 1 },
				{ person: demo.sam, couple: 'Alex & Sam', position: 2 },
				{ person: demo.jordan, couple: 'Jordan & Casey', position: 1 },
				{ person: demo.casey, couple: 'Jordan & Casey', position: 2 }
			] as const;
			const writers: Writer[] = await Promise.all(
				partners.map(async ({ person, couple, position }) => ({
					label: person.name,
					assignmentId: assignFresh('taking-it-slow', couple, position, database),
					cookie: await signIn(first, person.email),
					revision: 0,
					sent: 0,
					waitingOn: null,
					acknowledged: []
				}))
			);
			let killed = false;
			let stopping = false;
			const writing = writers.map(async (writer) => {
				let turn = 0;
				while (!stopping) {
					const server = killed ? second : servers[turn++ % 2]!;
					const outcome = await saveOnce(writer, server);
					// Unanswered: the proxy sends the same words to the survivor.
					if (outcome === 'unanswered') await saveOnce(writer, second);
				}
			});
			const savedBy = (origin: string) =>
				writers.every((writer) => writer.acknowledged.some((save) => save.by === origin));
			// Both processes have answered every partner, and a save is waiting on the first: kill it.
			await expect
				.poll(
					() =>
						savedBy(first.origin) &&
						savedBy(second.origin) &&
						writers.some((writer) => writer.waitingOn === first.origin),
					{ timeout: 60_000 }
				)
				.toBe(true);
			first.process.kill('SIGKILL');
			killed = true;
			await first.exited;
			const countAtKill = writers.map((writer) => writer.acknowledged.length);
			// The survivor goes on answering every partner.
			await expect
				.poll(
					() =>
						writers.every((writer, index) => writer.acknowledged.length >= countAtKill[index]! + 3),
					{
						timeout: 60_000
					}
				)
				.toBe(true);
			stopping = true;
			await Promise.all(writing);
			expect(second.errors()).toBe('');
			expect(await (await fetch(`${second.origin}/healthz`)).text()).toBe('ok');

			for (const writer of writers) {
				const [stored] = rowsOf(
					database,
					'SELECT revision, answers FROM responses WHERE assignment_id = ?',
					writer.assignmentId
				) as [{ revision: number; answers: string }];
				const last = writer.acknowledged.at(-1)!;
				const text = (JSON.parse(stored.answers) as Record<string, string>)['next-small-step'];
				// Every acknowledged save is the stored one or was overwritten by a later save.
				expect(stored.revision, writer.label).toBe(last.revision);
				expect(text, writer.label).toBe(last.text);
				const revisions = writer.acknowledged.map((save) => save.revision);
				expect(revisions, `${writer.label}: each acknowledged save built on the last`).toEqual(
					[...revisions].sort((a, b) => a - b)
				);
			}
		} finally {
			for (const server of servers) await stopLocalServer(server);
			await sink.stop();
			dropDatabase(database);
		}
	}
);
