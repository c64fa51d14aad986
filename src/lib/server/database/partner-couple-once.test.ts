import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../migrations';
import { migrateToLatest, withoutForeignKeyEnforcement } from './migrate';
import { openDatabase, type OpenedDatabase } from './open';
import { StartupError } from '../startup/startup-error';
import {
	generateSessionToken,
	sessionIdFromToken,
	validateSessionToken
} from '../accounts/session';

// The migration that stores a partner's couple and name once, in partners:
// what it does to a practice that already has therapists, couples and
// partners signed in, and that undoing it gives their rows back.

const NAME = '20261201T1200-PartnerCoupleOnce';
const names = Object.keys(migrations);
const before = Object.fromEntries(
	names.slice(0, names.indexOf(NAME)).map((name) => [name, migrations[name]!])
);
/** Up to and including this migration, whatever comes after it. */
const through = { ...before, [NAME]: migrations[NAME]! };
const now = new Date('2026-12-01T10:00:00.000Z');

let folder: string;
let opened: OpenedDatabase;

beforeEach(async () => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-partner-couple-once-'));
	opened = openDatabase(path.join(folder, 'app.db'));
	await migrateToLatest(opened.db, before);
});

afterEach(async () => {
	await opened.db.destroy();
	fs.rmSync(folder, { recursive: true, force: true });
});

const run = (statement: string, ...values: unknown[]) =>
	opened.sqlite.prepare(statement).run(...values);
const all = (statement: string, ...values: unknown[]) =>
	opened.sqlite.prepare(statement).all(...values);

/** A practice as the version before this migration stored it. */
async function practiceBefore() {
	const at = '2026-11-27T14:00:00.000Z';
	const user = `INSERT INTO users (id, email, display_name, role, password_hash, couple_id, created_at, password_changed_at, time_zone, home_seen_at)
		VALUES (?, ?, ?, ?, 'a-hash', ?, ?, ?, ?, ?)`;
	run(
		user,
		'reyes',
		'reyes@example.com',
		'Dr. Reyes',
		'therapist',
		null,
		at,
		at,
		'Europe/London',
		at
	);
	run(
		`INSERT INTO couples (id, therapist_id, name, created_at) VALUES ('c1', 'reyes', 'Alex & Sam', ?)`,
		at
	);
	// Alex joined as "Alex"; the therapist renamed the place afterwards.
	run(user, 'alex', 'alex@example.com', 'Alex', 'partner', 'c1', at, at, 'Europe/Lisbon', null);
	run(user, 'sam', 'sam@example.com', 'Sam', 'partner', 'c1', at, at, 'UTC', null);
	const place = `INSERT INTO partners (id, couple_id, position, display_name, user_id, joined_at, policy_acknowledged_at)
		VALUES (?, 'c1', ?, ?, ?, ?, ?)`;
	run(place, 'p1', 1, 'Alexandra', 'alex', at, at);
	run(place, 'p2', 2, 'Sam', 'sam', at, at);
	run(
		`INSERT INTO invitations (id, partner_id, token_hash, created_by, created_at, expires_at, used_at)
		VALUES ('i1', 'p1', 'hash', 'reyes', ?, ?, ?)`,
		at,
		at,
		at
	);
	run(
		`INSERT INTO safety_help_texts (therapist_id, text, updated_at) VALUES ('reyes', 'Call us.', ?)`,
		at
	);
	// Sessions as they were stored before this migration (later ones add columns).
	const session = `INSERT INTO sessions (id, user_id, created_at, last_active_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`;
	const until = new Date(now.getTime() + 12 * 60 * 60_000).toISOString();
	const alexToken = generateSessionToken();
	run(session, sessionIdFromToken(alexToken), 'alex', now.toISOString(), now.toISOString(), until);
	const reyesToken = generateSessionToken();
	run(
		session,
		sessionIdFromToken(reyesToken),
		'reyes',
		now.toISOString(),
		now.toISOString(),
		until
	);
	return { alexToken, reyesToken };
}

const users = () => all('SELECT * FROM users ORDER BY id');

describe(NAME, () => {
	it('keeps each partner’s couple and the name their therapist and partner see, and leaves therapists as they were', async () => {
		const { alexToken, reyesToken } = await practiceBefore();
		const usersBefore = users() as Array<Record<string, unknown>>;
		const otherTables = () =>
			['couples', 'partners', 'sessions', 'invitations', 'safety_help_texts'].map((table) =>
				all(`SELECT * FROM ${table} ORDER BY rowid`)
			);
		const othersBefore = otherTables();

		expect(await migrateToLatest(opened.db, through)).toEqual([NAME]);

		const withoutCouple = ({ couple_id: _couple, ...row }: Record<string, unknown>) => row;
		expect(users()).toEqual([
			{ ...withoutCouple(usersBefore[0]!), display_name: null },
			withoutCouple(usersBefore[1]!),
			{ ...withoutCouple(usersBefore[2]!), display_name: null }
		]);
		expect(usersBefore.map((row) => row.id)).toEqual(['alex', 'reyes', 'sam']);
		expect(otherTables()).toEqual(othersBefore);

		// Today's session code reads columns later migrations add.
		await migrateToLatest(opened.db);
		// Still signed in, with the couple and the name from the place.
		expect((await validateSessionToken(opened.db, alexToken, now)).user).toEqual({
			id: 'alex',
			email: 'alex@example.com',
			displayName: 'Alexandra',
			role: 'partner',
			coupleId: 'c1',
			partnerId: 'p1',
			timeZone: 'Europe/Lisbon',
			practiceId: null,
			practiceRole: null,
			mustSetUpTwoStep: false
		});
		expect((await validateSessionToken(opened.db, reyesToken, now)).user).toMatchObject({
			displayName: 'Dr. Reyes',
			coupleId: null,
			partnerId: null,
			timeZone: 'Europe/London'
		});
	});

	it('rebuilds users with every other column, constraint and index, and the tables that refer to it still do', async () => {
		await practiceBefore();
		await migrateToLatest(opened.db, through);

		expect(
			all('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)', 'users')
		).toEqual([
			{ name: 'id', type: 'TEXT', notnull: 1, dflt_value: null, pk: 1 },
			{ name: 'email', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
			{ name: 'display_name', type: 'TEXT', notnull: 0, dflt_value: null, pk: 0 },
			{ name: 'role', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
			{ name: 'password_hash', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
			{ name: 'created_at', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
			{ name: 'password_changed_at', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
			{ name: 'time_zone', type: 'TEXT', notnull: 1, dflt_value: "'UTC'", pk: 0 },
			{ name: 'home_seen_at', type: 'TEXT', notnull: 0, dflt_value: null, pk: 0 }
		]);
		expect(
			all('SELECT name, origin, "unique" FROM pragma_index_list(\'users\') ORDER BY name')
		).toEqual([
			{ name: 'sqlite_autoindex_users_1', origin: 'pk', unique: 1 },
			{ name: 'sqlite_autoindex_users_2', origin: 'u', unique: 1 }
		]);
		expect(all("SELECT name FROM sqlite_schema WHERE name = 'users_by_couple'")).toEqual([]);
		expect(opened.sqlite.prepare("SELECT strict FROM pragma_table_list('users')").get()).toEqual({
			strict: 1
		});
		// No trigger or view mentions users, so none needed rebuilding with it.
		expect(
			all("SELECT name FROM sqlite_schema WHERE type IN ('trigger', 'view') AND sql LIKE '%users%'")
		).toEqual([]);

		const at = now.toISOString();
		const insert = (id: string, role: string, name: string | null, email = `${id}@example.com`) =>
			run(
				`INSERT INTO users (id, email, display_name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, 'h', ?, ?)`,
				id,
				email,
				name,
				role,
				at,
				at
			);
		expect(() => insert('t2', 'therapist', null)).toThrow(/CHECK constraint/);
		expect(() => insert('p3', 'partner', 'Jordan')).toThrow(/CHECK constraint/);
		expect(() => insert('x', 'supervisor', 'X')).toThrow(/CHECK constraint/);
		expect(() => insert('t2', 'therapist', 'Dr. Two', 'reyes@example.com')).toThrow(/UNIQUE/);
		insert('t2', 'therapist', 'Dr. Two');

		// Every table that referred to users still does, with the same actions.
		const references = all(
			`SELECT m.name AS "table", f."from", f."table" AS parent, f.on_delete
			FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
			WHERE m.type = 'table' AND f."table" LIKE '%users%' ORDER BY m.name, f."from"`
		);
		expect(references).toEqual([
			{ table: 'assignments', from: 'created_by', parent: 'users', on_delete: 'NO ACTION' },
			{ table: 'couples', from: 'therapist_id', parent: 'users', on_delete: 'NO ACTION' },
			{ table: 'invitations', from: 'created_by', parent: 'users', on_delete: 'NO ACTION' },
			{ table: 'partners', from: 'user_id', parent: 'users', on_delete: 'NO ACTION' },
			{ table: 'safety_help_texts', from: 'therapist_id', parent: 'users', on_delete: 'NO ACTION' },
			{ table: 'sessions', from: 'user_id', parent: 'users', on_delete: 'CASCADE' },
			{
				table: 'worksheet_templates',
				from: 'owner_therapist_id',
				parent: 'users',
				on_delete: 'NO ACTION'
			}
		]);
		// ...and they are enforced against the new table.
		expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(() =>
			run(
				`INSERT INTO couples (id, therapist_id, name, created_at) VALUES ('c2', 'nobody', 'X', ?)`,
				at
			)
		).toThrow(/FOREIGN KEY/);
		expect(() => run(`UPDATE partners SET user_id = 'nobody' WHERE id = 'p2'`)).toThrow(
			/FOREIGN KEY/
		);
		expect(() => run(`DELETE FROM users WHERE id = 'reyes'`)).toThrow(/FOREIGN KEY/);
		run(
			`INSERT INTO sessions (id, user_id, created_at, last_active_at, expires_at) VALUES ('s', 't2', ?, ?, ?)`,
			at,
			at,
			at
		);
		run(`DELETE FROM users WHERE id = 't2'`);
		expect(all(`SELECT id FROM sessions WHERE user_id = 't2'`)).toEqual([]);
		expect(all('PRAGMA foreign_key_check')).toEqual([]);
	});

	it('refuses to run while a partner account has no place of its own in its couple, and changes nothing', async () => {
		await practiceBefore();
		run(`UPDATE partners SET user_id = NULL WHERE id = 'p2'`);
		const schema = all('SELECT sql FROM sqlite_schema ORDER BY name');
		const failure = await migrateToLatest(opened.db).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(StartupError);
		expect((failure as Error).message).toMatch(
			new RegExp(`^Migration ${NAME} failed: 1 partner account\\(s\\) have no place of their own`)
		);
		expect(all('SELECT sql FROM sqlite_schema ORDER BY name')).toEqual(schema);
		expect(all(`SELECT couple_id, display_name FROM users WHERE id = 'sam'`)).toEqual([
			{ couple_id: 'c1', display_name: 'Sam' }
		]);
	});

	it('undoes: each partner gets their couple and the name in their place back', async () => {
		await practiceBefore();
		const usersBefore = users() as Array<Record<string, unknown>>;
		await migrateToLatest(opened.db);
		await withoutForeignKeyEnforcement(opened.db, (connection) =>
			migrations[NAME]!.down!(connection as never)
		);
		// Alex's account had "Alex", the name the place had before the therapist changed it.
		expect(users()).toEqual([
			{ ...usersBefore[0], display_name: 'Alexandra' },
			usersBefore[1],
			usersBefore[2]
		]);
		expect(all("SELECT name FROM sqlite_schema WHERE name = 'users_by_couple'")).toEqual([
			{ name: 'users_by_couple' }
		]);
		expect(all('SELECT name FROM sqlite_temp_schema')).toEqual([]);
		expect(all('PRAGMA foreign_key_check')).toEqual([]);
	});

	it('will not rebuild users with foreign-key enforcement on', async () => {
		await practiceBefore();
		await expect(migrations[NAME]!.up(opened.db as never)).rejects.toThrow(
			/needs foreign key enforcement off/
		);
		expect(all('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 2 }]);
	});
});
