import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	backupDatabase,
	backupFileName,
	BackupError,
	backupKeyFrom,
	restoreDatabase,
	type BackupKey
} from './backup';
import { migrateToLatest } from './migrate';
import { openDatabase } from './open';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';

const now = new Date('2026-11-27T14:25:00.123Z');
const plain: BackupKey = { unencrypted: true };
const sealed: BackupKey = { passphrase: 'correct horse battery staple' };

let t: TestDatabase;
let folder: string;

beforeEach(async () => {
	t = await createTestDatabase();
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-backups-'));
});

afterEach(async () => {
	await t.cleanup();
	fs.rmSync(folder, { recursive: true, force: true });
});

const emails = (file: string) => {
	const db = new SQLite(file, { readonly: true });
	try {
		return db.prepare('SELECT email FROM users ORDER BY email').pluck().all();
	} finally {
		db.close();
	}
};

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('backupDatabase', () => {
	it('names backups by the time, so they sort', () => {
		expect(backupFileName(now, plain)).toBe('common-ground-20261127T142500Z.db');
		expect(backupFileName(now, sealed)).toBe('common-ground-20261127T142500Z.db.enc');
	});

	it('copies the live database, writes still in its log included, into one checked file only its owner can read', async () => {
		// The app's connection stays open with recent writes in the write-ahead log, as on a running server.
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'therapist@example.com' });
		expect(fs.existsSync(`${t.file}-wal`)).toBe(true);

		const made = await backupDatabase(t.file, path.join(folder, 'nightly'), now, plain);
		expect(made.file).toBe(path.join(folder, 'nightly', 'common-ground-20261127T142500Z.db'));
		expect(emails(made.file)).toEqual(['therapist@example.com']);
		expect(fs.statSync(made.file).mode & 0o777).toBe(0o600);
		// A single file: no log beside it, and none made by reading it.
		expect(fs.readdirSync(path.join(folder, 'nightly'))).toEqual([
			'common-ground-20261127T142500Z.db'
		]);
		const copy = new SQLite(made.file, { readonly: true });
		expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
		copy.close();
	});

	it('never overwrites a backup, and leaves no partial file behind', async () => {
		await backupDatabase(t.file, folder, now, plain);
		await expect(backupDatabase(t.file, folder, now, plain)).rejects.toThrow(BackupError);
		expect(fs.readdirSync(folder)).toEqual(['common-ground-20261127T142500Z.db']);
	});

	it('says plainly when the folder cannot be written', async () => {
		const aFile = path.join(folder, 'a-file');
		fs.writeFileSync(aFile, '');
		await expect(backupDatabase(t.file, path.join(aFile, 'backups'), now, plain)).rejects.toThrow(
			`Cannot write in ${path.join(aFile, 'backups')} (ENOTDIR): choose a folder this user can write to.`
		);
	});

	it('says plainly when there is no database to back up', async () => {
		await expect(
			backupDatabase(path.join(folder, 'missing.db'), folder, now, plain)
		).rejects.toThrow(`There is no database at ${path.join(folder, 'missing.db')}.`);
		expect(fs.readdirSync(folder)).toEqual([]);
	});
});

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('restoreDatabase', () => {
	it('puts a backup in place where there is no database, and the app opens and migrates it', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'therapist@example.com' });
		const made = await backupDatabase(t.file, folder, now, plain);
		const target = path.join(folder, 'restored', 'common-ground.db');

		expect(
			await restoreDatabase(made.file, target, {
				replace: false,
				keepFolder: folder,
				now,
				key: plain
			})
		).toEqual({ kept: null });
		expect(emails(target)).toEqual(['therapist@example.com']);
		const opened = openDatabase(target);
		try {
			expect(await migrateToLatest(opened.db)).toEqual([]);
		} finally {
			await opened.db.destroy();
		}
	});

	it('replaces a database only when asked, keeping a backup of what it replaces', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'before@example.com' });
		const made = await backupDatabase(t.file, folder, now, plain);
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'after@example.com' });
		const target = path.join(folder, 'live.db');
		const later = await backupDatabase(t.file, folder, new Date(now.getTime() + 60_000), plain);
		fs.renameSync(later.file, target);

		await expect(
			restoreDatabase(made.file, target, { replace: false, keepFolder: folder, now, key: plain })
		).rejects.toThrow(/already a database .*--replace/);
		expect(emails(target)).toEqual(['after@example.com', 'before@example.com']);

		const { kept } = await restoreDatabase(made.file, target, {
			replace: true,
			keepFolder: path.join(folder, 'kept'),
			now,
			key: plain
		});
		expect(emails(target)).toEqual(['before@example.com']);
		expect(emails(kept!.file)).toEqual(['after@example.com', 'before@example.com']);
	});

	it('refuses a file that is not a sound Common Ground backup', async () => {
		const target = path.join(folder, 'common-ground.db');
		const notADatabase = path.join(folder, 'notes.txt');
		fs.writeFileSync(
			notADatabase,
			'Dear diary: this is not a database at all, though it is long enough to look like one.'.repeat(
				100
			)
		);
		await expect(
			restoreDatabase(notADatabase, target, { replace: true, keepFolder: folder, now, key: plain })
		).rejects.toThrow(/is not a Common Ground backup/);

		const otherApp = path.join(folder, 'other.db');
		new SQLite(otherApp).exec('CREATE TABLE recipes (name TEXT)').close();
		await expect(
			restoreDatabase(otherApp, target, { replace: true, keepFolder: folder, now, key: plain })
		).rejects.toThrow(/has no migration history/);

		await expect(
			restoreDatabase(path.join(folder, 'nowhere.db'), target, {
				replace: true,
				keepFolder: folder,
				now,
				key: plain
			})
		).rejects.toThrow(/There is no backup at/);
		expect(fs.existsSync(target)).toBe(false);
	});
});

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('encrypted backups', () => {
	it('seal the copy to the passphrase: none of it is readable, and it restores with the same passphrase', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'therapist@example.com' });
		const made = await backupDatabase(t.file, folder, now, sealed);
		expect(path.basename(made.file)).toBe('common-ground-20261127T142500Z.db.enc');
		expect(fs.readdirSync(folder)).toEqual(['common-ground-20261127T142500Z.db.enc']);
		expect(fs.statSync(made.file).mode & 0o777).toBe(0o600);
		const bytes = fs.readFileSync(made.file);
		expect(bytes.includes('therapist@example.com')).toBe(false);
		expect(bytes.includes('SQLite format 3')).toBe(false);

		const target = path.join(folder, 'restored', 'common-ground.db');
		await restoreDatabase(made.file, target, {
			replace: false,
			keepFolder: folder,
			now,
			key: sealed
		});
		expect(emails(target)).toEqual(['therapist@example.com']);
		expect(fs.statSync(target).mode & 0o777).toBe(0o600);
		// The opened copy is gone: only the restored database is left beside the target.
		expect(fs.readdirSync(path.join(folder, 'restored'))).toEqual(['common-ground.db']);
	});

	it('refuse a wrong passphrase, a missing one and a damaged file in one line, replacing nothing', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'before@example.com' });
		const made = await backupDatabase(t.file, folder, now, sealed);
		const target = path.join(folder, 'live', 'common-ground.db');
		const current = await backupDatabase(t.file, path.join(folder, 'live'), now, plain);
		fs.renameSync(current.file, target);
		const restoring = (file: string, key: BackupKey) =>
			restoreDatabase(file, target, {
				replace: true,
				keepFolder: path.join(folder, 'kept'),
				now,
				key
			});

		await expect(restoring(made.file, { passphrase: 'not the passphrase at all' })).rejects.toThrow(
			`${made.file} cannot be opened: the passphrase is wrong or the file is damaged. Nothing was restored.`
		);
		await expect(restoring(made.file, plain)).rejects.toThrow(
			`${made.file} is encrypted: set BACKUP_PASSPHRASE to the passphrase it was made with.`
		);
		const damaged = path.join(folder, 'damaged.db.enc');
		const bytes = fs.readFileSync(made.file);
		bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
		fs.writeFileSync(damaged, bytes);
		await expect(restoring(damaged, sealed)).rejects.toThrow(/damaged\. Nothing was restored\.$/);
		const cut = path.join(folder, 'cut.db.enc');
		fs.writeFileSync(cut, fs.readFileSync(made.file).subarray(0, 30));
		await expect(restoring(cut, sealed)).rejects.toThrow(/damaged\. Nothing was restored\.$/);

		expect(fs.existsSync(path.join(folder, 'kept'))).toBe(false);
		expect(fs.readdirSync(path.join(folder, 'live'))).toEqual(['common-ground.db']);
		expect(emails(target)).toEqual(['before@example.com']);
	});

	it('keep the database a restore replaces, encrypted the same way', async () => {
		await insertTestUser(t.db, { role: 'therapist' }, { email: 'before@example.com' });
		const made = await backupDatabase(t.file, folder, now, sealed);
		const target = path.join(folder, 'live.db');
		fs.renameSync((await backupDatabase(t.file, path.join(folder, 'x'), now, plain)).file, target);
		const { kept } = await restoreDatabase(made.file, target, {
			replace: true,
			keepFolder: path.join(folder, 'kept'),
			now,
			key: sealed
		});
		expect(kept!.file.endsWith('.db.enc')).toBe(true);
		expect(fs.readFileSync(kept!.file).includes('before@example.com')).toBe(false);
	});
});

describe('backupKeyFrom', () => {
	it('takes the passphrase, or no encryption only when asked for it', () => {
		expect(backupKeyFrom('correct horse battery staple', false)).toEqual(sealed);
		expect(backupKeyFrom(undefined, true)).toEqual(plain);
		expect(() => backupKeyFrom(undefined, false)).toThrow(
			'Set BACKUP_PASSPHRASE to encrypt the backup (or pass --unencrypted to write it in the clear).'
		);
		expect(() => backupKeyFrom('short', false)).toThrow(/too short: use at least 16/);
		expect(() => backupKeyFrom('correct horse battery staple', true)).toThrow(/Choose one/);
	});

	it('lets a restore that writes nothing of its own open a plain backup without a passphrase', () => {
		expect(backupKeyFrom(undefined, false, true)).toEqual(plain);
	});
});
