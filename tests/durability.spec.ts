import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from './support/fixtures';
import { DEMO_PASSWORD, demo } from './support/demo';
import { withDatabase } from './support/database';
import { assignFresh } from './support/arrange';
import { seedDemo, signInWithForm, startOwnServer } from './support/own-server';

// The server killed outright (SIGKILL, as a crash or an out-of-memory kill
// would) while both partners of two couples and a therapist are saving: after
// each restart the database must pass its integrity check, and every save the
// server acknowledged before the kill must be there, word for word.

const dataDir = process.env.TEST_DATA_DIR!;
const ROUNDS = 3;

test.describe.configure({ timeout: 120_000 });

/** What one writer has been told was saved: the last acknowledged save, and how many it sent in all. */
interface Writer {
	label: string;
	acknowledged: { revision: number; text: string } | null;
	sent: number;
}

/** A writer who has sent nothing yet. */
function newWriter(label: string): Writer {
	return { label, acknowledged: null, sent: 0 };
}

/** A partner saving a draft again and again, each save based on the revision the last one returned. */
async function keepSavingDraft(
	origin: string,
	writer: Writer,
	cookie: string,
	assignmentId: string,
	startRevision: number,
	stop: () => boolean
): Promise<void> {
	let revision = startRevision;
	while (!stop()) {
		writer.sent += 1;
		const text = `${writer.label}, save ${writer.sent}: a walk by the river on Saturday.`;
		let status: number;
		let reply: string;
		try {
			const response = await fetch(`${origin}/api/homework/${assignmentId}/draft`, {
				method: 'POST',
				headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' },
				body: JSON.stringify({ answers: { 'next-small-step': text }, revision })
			});
			status = response.status;
			reply = await response.text();
		} catch {
			return; // The server is gone: this save was never acknowledged.
		}
		if (status !== 200) throw new Error(`${writer.label}: a save answered ${status}: ${reply}`);
		revision = (JSON.parse(reply) as { revision: number }).revision;
		writer.acknowledged = { revision, text };
	}
}

/** The therapist's private notes for a session, saved as the prep page saves them. */
async function keepSavingNotes(
	origin: string,
	writer: Writer,
	cookie: string,
	prepPath: string,
	stop: () => boolean
): Promise<void> {
	while (!stop()) {
		writer.sent += 1;
		const text = `Notes, save ${writer.sent}: ask about the walk.`;
		const body = new FormData();
		body.set('notes', text);
		let status: number;
		let reply: string;
		try {
			const response = await fetch(`${origin}${prepPath}?/notes`, {
				method: 'POST',
				headers: { Cookie: cookie, Origin: origin, 'x-sveltekit-action': 'true' },
				body
			});
			status = response.status;
			reply = await response.text();
		} catch {
			return;
		}
		if (status !== 200 || (JSON.parse(reply) as { type?: string }).type !== 'success')
			throw new Error(`Notes: a save answered ${status}: ${reply}`);
		writer.acknowledged = { revision: writer.sent, text };
	}
}

test('killed mid-write, the server restarts with an intact database and every acknowledged save', async () => {
	const file = path.join(fs.mkdtempSync(path.join(dataDir, 'durability-')), 'practice.db');
	seedDemo(file);

	const partners = [
		{ person: demo.alex, couple: 'Alex & Sam', position: 1 },
		{ person: demo.sam, couple: 'Alex & Sam', position: 2 },
		{ person: demo.jordan, couple: 'Jordan & Casey', position: 1 },
		{ person: demo.casey, couple: 'Jordan & Casey', position: 2 }
	] as const;
	const drafts = partners.map(({ person, couple, position }) => ({
		person,
		assignmentId: assignFresh('taking-it-slow', couple, position, file),
		writer: newWriter(person.name)
	}));
	const session = withDatabase(file, (db) =>
		db
			.prepare(
				"SELECT s.couple_id, s.id FROM therapy_sessions s JOIN couples c ON c.id = s.couple_id WHERE c.name = 'Alex & Sam' AND s.status = 'scheduled' ORDER BY s.starts_at DESC LIMIT 1"
			)
			.get()
	) as { couple_id: string; id: string };
	const notes: Writer = { label: 'Notes', acknowledged: null, sent: 0 };

	for (let round = 1; round <= ROUNDS; round++) {
		const server = await startOwnServer(file);
		const { origin } = server;

		const cookies = await Promise.all(
			drafts.map(({ person }) => signInWithForm(origin, person.email, DEMO_PASSWORD))
		);
		const therapistCookie = await signInWithForm(origin, demo.therapist.email, DEMO_PASSWORD);
		let killed = false;
		const stop = () => killed;
		const writing = [
			...drafts.map((draft, index) =>
				keepSavingDraft(
					origin,
					draft.writer,
					cookies[index]!,
					draft.assignmentId,
					draft.writer.acknowledged?.revision ?? 0,
					stop
				)
			),
			keepSavingNotes(
				origin,
				notes,
				therapistCookie,
				`/couples/${session.couple_id}/sessions/${session.id}/prep`,
				stop
			)
		];
		// Let the saves run for a while, different each round, then kill without warning.
		await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 800));
		killed = true;
		server.process.kill('SIGKILL');
		await server.exited;
		await Promise.all(writing);
		expect(server.errors()).toBe('');

		const db = new SQLite(file);
		try {
			expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
			for (const { writer, assignmentId } of drafts) {
				expect(
					writer.acknowledged,
					`${writer.label} saved something in round ${round}`
				).not.toBeNull();
				const stored = db
					.prepare('SELECT revision, answers FROM responses WHERE assignment_id = ?')
					.get(assignmentId) as { revision: number; answers: string };
				const text = (JSON.parse(stored.answers) as Record<string, string>)['next-small-step'];
				// A save in flight at the kill may have been stored without its answer arriving: never anything older.
				expect(stored.revision, writer.label).toBeGreaterThanOrEqual(writer.acknowledged!.revision);
				if (stored.revision === writer.acknowledged!.revision)
					expect(text).toBe(writer.acknowledged!.text);
				else writer.acknowledged = { revision: stored.revision, text: text! };
			}
			expect(notes.acknowledged).not.toBeNull();
			const storedNotes = db
				.prepare('SELECT text FROM session_notes WHERE session_id = ?')
				.pluck()
				.get(session.id) as string;
			const storedSave = Number(/save (\d+)/.exec(storedNotes)![1]);
			expect(storedSave).toBeGreaterThanOrEqual(notes.acknowledged!.revision);
		} finally {
			db.close();
		}
	}
});
