import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_TABLES } from './app-tables';
import { copyToPostgres, CopyMismatch, CopyRefused } from './copy-to-postgres';
import { migrateToLatest } from './migrate';
import { openDatabase, type Database } from './open';
import { databaseOnServer, openPostgres } from './open-postgres';
import { sqliteEngine } from './sqlite-engine';
import { tableChecksums } from './table-checksums';
import { seedDemoPractice } from '../../../../scripts/demo/demo-practice';
import { syncTestTemplates } from '../testing/test-database';
import {
	createEmptyDatabase,
	dropDatabase,
	freshDatabaseName,
	testPostgresUrl
} from '../testing/postgres-databases';

const now = new Date('2026-11-27T14:00:00.000Z');
const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

let folder: string;
beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-copy-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A SQLite practice file: the demo practice, and a row in every table the demo leaves empty. */
async function practiceFile(
	name: string,
	migrations = sqliteEngine.migrations,
	filled = true
): Promise<string> {
	const file = path.join(folder, `${name}.db`);
	const { db } = openDatabase(file);
	try {
		await migrateToLatest(db, migrations);
		if (filled) {
			await syncTestTemplates(db);
			await seedDemoPractice(db, now);
			await fillEveryTable(db);
		}
	} finally {
		await db.destroy();
	}
	return file;
}

async function fillEveryTable(db: Database): Promise<void> {
	const therapist = await db
		.selectFrom('users')
		.select(['id', 'practice_id'])
		.where('role', '=', 'therapist')
		.orderBy('id')
		.executeTakeFirstOrThrow();
	const colleague = await db
		.selectFrom('users')
		.select('id')
		.where('role', '=', 'therapist')
		.where('id', '!=', therapist.id)
		.executeTakeFirstOrThrow();
	const partner = await db
		.selectFrom('partners')
		.innerJoin('couples', 'couples.id', 'partners.couple_id')
		.select(['partners.id', 'partners.user_id', 'partners.couple_id'])
		.where('couples.therapist_id', '=', therapist.id)
		.where('partners.user_id', 'is not', null)
		.executeTakeFirstOrThrow();
	const response = await db
		.selectFrom('responses')
		.select(['id', 'assignment_id'])
		.where('partner_id', '=', partner.id)
		.where('status', '!=', 'draft')
		.executeTakeFirstOrThrow();
	const session = await db
		.selectFrom('therapy_sessions')
		.select('id')
		.where('couple_id', '=', partner.couple_id)
		.executeTakeFirstOrThrow();
	const user = partner.user_id!;
	// A derived value the target's triggers would compute otherwise: the copy keeps what is stored.
	await db
		.updateTable('assignments')
		.set({ waiting_on: 2 })
		.where('id', '=', response.assignment_id)
		.execute();
	await db
		.insertInto('backfills')
		.values({ name: 'a-backfill', done_at: at(0) })
		.execute();
	await db
		.insertInto('server_secrets')
		.values({ name: 'a-secret', value: 'c2VjcmV0', created_at: at(0) })
		.execute();
	await db
		.insertInto('sign_in_throttles')
		.values({ window_start: at(0), client_address: '192.0.2.7', attempts: 3, last_at: at(0) })
		.execute();
	await db
		.insertInto('throttles')
		.values({ kind: 'sign-in.account', key_hash: 'a'.repeat(64), count: 3, at: at(0) })
		.execute();
	await db
		.insertInto('sessions')
		.values({
			id: 'session-hash',
			user_id: user,
			created_at: at(0),
			last_active_at: at(0),
			expires_at: at(30)
		})
		.execute();
	await db
		.insertInto('recovery_codes')
		.values({ code_hash: 'code-hash', user_id: therapist.id, created_at: at(0) })
		.execute();
	await db
		.insertInto('passkeys')
		.values({
			id: 'credential',
			user_id: therapist.id,
			name: 'Laptop',
			// Bytes of every value, so a change in how either engine carries them shows.
			public_key: Uint8Array.from({ length: 256 }, (_, i) => i),
			counter: 4,
			created_at: at(0)
		})
		.execute();
	await db
		.insertInto('passkey_challenges')
		.values({
			challenge: 'challenge',
			purpose: 'register',
			user_id: therapist.id,
			expires_at: at(1)
		})
		.execute();
	await db
		.insertInto('address_confirmations')
		.values({
			token_hash: 'confirm-hash',
			user_id: user,
			email: 'new@example.com',
			created_at: at(0),
			expires_at: at(1)
		})
		.execute();
	await db
		.insertInto('password_resets')
		.values({
			token_hash: 'reset-hash',
			user_id: user,
			created_by: therapist.id,
			created_at: at(0),
			expires_at: at(1)
		})
		.execute();
	await db
		.insertInto('mail_choices')
		.values({ user_id: user, kind: 'reminders', wanted: 0, updated_at: at(0) })
		.execute();
	await db
		.insertInto('mail_digests')
		.values({ therapist_id: therapist.id, covered_until: at(0) })
		.execute();
	await db
		.insertInto('calendar_feeds')
		.values({ user_id: therapist.id, token_hash: 'feed-hash', created_at: at(0) })
		.execute();
	await db
		.insertInto('safety_help_texts')
		.values({ therapist_id: therapist.id, text: 'Ring the practice.', updated_at: at(0) })
		.execute();
	await db
		.insertInto('crisis_help_texts')
		.values({ therapist_id: therapist.id, text: 'Ring 112 — now. «Ünïcode» 🙂', updated_at: at(0) })
		.execute();
	await db
		.insertInto('colleague_invitations')
		.values({
			id: 'colleague-invitation',
			practice_id: therapist.practice_id!,
			token_hash: 'colleague-hash',
			created_by: therapist.id,
			created_at: at(0),
			expires_at: at(7)
		})
		.execute();
	await db
		.insertInto('programs')
		.values({
			id: 'program',
			therapist_id: therapist.id,
			title: 'Eight weeks',
			created_at: at(0),
			updated_at: at(0)
		})
		.execute();
	await db
		.insertInto('program_steps')
		.values({ id: 'program-step', program_id: 'program', position: 1, title: 'Start' })
		.execute();
	await db
		.insertInto('supervision_grants')
		.values({
			id: 'grant',
			couple_id: partner.couple_id,
			granted_by: therapist.id,
			supervisor_id: colleague.id,
			starts_at: at(0),
			ends_at: at(30)
		})
		.execute();
	await db
		.insertInto('invitations')
		.values({
			id: 'invitation',
			partner_id: partner.id,
			token_hash: 'invitation-hash',
			created_by: therapist.id,
			created_at: at(-10),
			expires_at: at(-3),
			used_at: at(-9)
		})
		.execute();
	await db
		.insertInto('session_notes')
		.values({ session_id: session.id, text: 'Talked about the week.', updated_at: at(0) })
		.execute();
	await db
		.insertInto('feedback')
		.values({
			id: 'feedback',
			response_id: response.id,
			to_partner_id: partner.id,
			text: 'Thank you.',
			created_at: at(0)
		})
		.execute();
	await db
		.insertInto('homework_reminders')
		.values({ assignment_id: response.assignment_id, partner_id: partner.id, queued_at: at(0) })
		.execute();
	const flag = await db.selectFrom('flags').select('id').executeTakeFirstOrThrow();
	await db
		.insertInto('flag_escalations')
		.values({
			id: 'escalation',
			flag_id: flag.id,
			escalated_at: at(0),
			from_tier: 'watch',
			to_tier: 'urgent',
			acknowledged_at: at(0),
			acknowledged_by: therapist.id,
			acknowledgement: JSON.stringify({ note: 'Will call.' })
		})
		.execute();
	await db
		.insertInto('outbox')
		.values({
			id: 'mail',
			message_id: '<mail@example.com>',
			kind: 'reminder',
			user_id: user,
			to_address: 'partner@example.com',
			from_name: 'The practice',
			subject: 'A reminder',
			body: 'Your homework is waiting.',
			next_attempt_at: at(0),
			send_by: at(1),
			created_at: at(0)
		})
		.execute();
}

function fileDigest(file: string): string {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('the list of app tables', () => {
	const file = () => path.join(folder, 'listed.db');
	beforeAll(async () => {
		await practiceFile('listed', sqliteEngine.migrations, false);
	});

	it('names every table of the migrated schema once, with its primary key', () => {
		const sqlite = new SQLite(file(), { readonly: true });
		try {
			const tables = sqlite
				.prepare(
					"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name"
				)
				.pluck()
				.all() as string[];
			expect(APP_TABLES.map((table) => table.name as string).sort()).toEqual(tables);
			for (const table of APP_TABLES) {
				const columns = sqlite.pragma(`table_info(${table.name})`) as Array<{
					name: string;
					pk: number;
				}>;
				const key = columns
					.filter((c) => c.pk > 0)
					.sort((a, b) => a.pk - b.pk)
					.map((c) => c.name);
				expect({ table: table.name, key: [...table.key] }).toEqual({ table: table.name, key });
			}
		} finally {
			sqlite.close();
		}
	});

	it('puts every table after the tables its foreign keys refer to', () => {
		const sqlite = new SQLite(file(), { readonly: true });
		try {
			const order = APP_TABLES.map((table) => table.name as string);
			for (const [position, name] of order.entries()) {
				const parents = sqlite.pragma(`foreign_key_list(${name})`) as Array<{ table: string }>;
				for (const { table: parent } of parents)
					expect({ child: name, parentComesFirst: order.indexOf(parent) < position }).toEqual({
						child: name,
						parentComesFirst: true
					});
			}
		} finally {
			sqlite.close();
		}
	});
});

const serverUrl = testPostgresUrl();

describe.skipIf(!serverUrl)(
	'copying a practice to PostgreSQL (runs with TEST_POSTGRES_URL)',
	() => {
		const targets: Array<{ name: string; db: Database }> = [];
		async function emptyTarget(): Promise<Database> {
			const name = await createEmptyDatabase(serverUrl!);
			const db = openPostgres(databaseOnServer(serverUrl!, name));
			targets.push({ name, db });
			return db;
		}
		afterEach(async () => {
			for (const { name, db } of targets.splice(0)) {
				await db.destroy();
				await dropDatabase(serverUrl!, name);
			}
		});

		let practice: string;
		beforeAll(async () => {
			practice = await practiceFile('practice');
		});

		async function sourceChecksums(file: string) {
			const { db } = openDatabase(file);
			try {
				return await tableChecksums(db);
			} finally {
				await db.destroy();
			}
		}

		it('copies every table with equal counts and checksums, keeping derived columns as stored', async () => {
			const before = fileDigest(practice);
			const target = await emptyTarget();
			const compared = await copyToPostgres(practice, target);

			expect(compared.map((row) => row.table)).toEqual(APP_TABLES.map((table) => table.name));
			for (const row of compared) {
				expect(row.source.rows, `${row.table} has rows to copy`).toBeGreaterThan(0);
				expect(row).toMatchObject({ matches: true, target: row.source });
			}
			// Read back afresh, outside the copy's transaction: what was committed.
			expect(await tableChecksums(target)).toEqual(await sourceChecksums(practice));
			expect(fileDigest(practice)).toBe(before);
			// The planner knows the tables' sizes at once (ANALYZE sets them; a copy alone does not).
			const planned = await sql<{ reltuples: number }>`
				SELECT reltuples FROM pg_class WHERE oid = 'responses'::regclass`.execute(target);
			expect(planned.rows[0]!.reltuples).toBe(
				compared.find((row) => row.table === 'responses')!.target.rows
			);
		});

		it('copies as the owner of the database, without superuser rights', async () => {
			const admin = new pg.Client({ connectionString: serverUrl! });
			await admin.connect();
			const owner = freshDatabaseName('practice_owner');
			const name = freshDatabaseName('common_ground_owned');
			await admin.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
			await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
			const url = new URL(databaseOnServer(serverUrl!, name));
			url.username = owner;
			const target = openPostgres(url.toString());
			try {
				const compared = await copyToPostgres(practice, target);
				expect(compared.every((row) => row.matches)).toBe(true);
				expect(await tableChecksums(target)).toEqual(await sourceChecksums(practice));
			} finally {
				await target.destroy();
				await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
				await admin.query(`DROP ROLE ${owner}`);
				await admin.end();
			}
		});

		it('lets the audit log go on after the highest id copied', async () => {
			const target = await emptyTarget();
			await copyToPostgres(practice, target);
			const highest = await target
				.selectFrom('audit_log')
				.select((eb) => eb.fn.max('id').as('id'))
				.executeTakeFirstOrThrow();
			const next = await target
				.insertInto('audit_log')
				.values({ at: at(1), action: 'after-the-move' })
				.returning('id')
				.executeTakeFirstOrThrow();
			expect(next.id).toBe(Number(highest.id) + 1);
		});

		it('refuses a target that holds any row, and leaves it as it was', async () => {
			const target = await emptyTarget();
			await copyToPostgres(practice, target);
			const before = await tableChecksums(target);
			await expect(copyToPostgres(practice, target)).rejects.toThrow(
				/already holds data \(table practices has rows\)/
			);
			expect(await tableChecksums(target)).toEqual(before);
		});

		it('refuses a source behind the latest migration, changing neither side', async () => {
			const names = Object.keys(sqliteEngine.migrations);
			const older = await practiceFile(
				'older',
				Object.fromEntries(
					names.slice(0, -1).map((name) => [name, sqliteEngine.migrations[name]!])
				),
				false
			);
			const before = fileDigest(older);
			const target = await emptyTarget();
			const refusal = copyToPostgres(older, target);
			await expect(refusal).rejects.toThrow(CopyRefused);
			await expect(refusal).rejects.toThrow(
				`not at this version's latest migration (1 to apply, from ${names.at(-1)}): bring it up to date first with DATABASE_PATH=${older} npm run migrate`
			);
			expect(fileDigest(older)).toBe(before);
			expect(await target.introspection.getTables()).toEqual([]);
		});

		it('refuses a source that is not there', async () => {
			const missing = path.join(folder, 'missing.db');
			await expect(copyToPostgres(missing, await emptyTarget())).rejects.toThrow(
				`There is no SQLite database at ${missing}.`
			);
			expect(fs.existsSync(missing)).toBe(false);
		});

		it('detects a row changed between the copy and the check, and keeps nothing', async () => {
			const target = await emptyTarget();
			const refusal = copyToPostgres(practice, target, {
				beforeCheck: async (trx) => {
					const someone = await trx
						.selectFrom('users')
						.select('id')
						.where('role', '=', 'therapist')
						.limit(1)
						.executeTakeFirstOrThrow();
					await trx
						.updateTable('users')
						.set({ display_name: 'altered' })
						.where('id', '=', someone.id)
						.execute();
				}
			});
			await expect(refusal).rejects.toThrow(CopyMismatch);
			const mismatch = (await refusal.catch((error: unknown) => error)) as CopyMismatch;
			expect(mismatch.message).toMatch(/does not match the source \(users\): nothing was kept/);
			expect(mismatch.compared.filter((row) => !row.matches).map((row) => row.table)).toEqual([
				'users'
			]);
			const users = mismatch.compared.find((row) => row.table === 'users')!;
			expect(users.target.rows).toBe(users.source.rows);
			for (const { rows } of await tableChecksums(target)) expect(rows).toBe(0);
		});
	}
);
