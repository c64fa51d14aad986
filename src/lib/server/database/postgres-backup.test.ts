import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, type BackupKey } from './backup';
import { backupPostgres, restorePostgres } from './postgres-backup';
import { databaseOnServer, openPostgres } from './open-postgres';
import { tableChecksums } from './table-checksums';
import { seedDemoPractice } from '../../../../scripts/demo/demo-practice';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createEmptyDatabase, dropDatabase, testPostgresUrl } from '../testing/postgres-databases';

const now = new Date('2026-11-27T14:25:00.123Z');
const sealed: BackupKey = { passphrase: 'correct horse battery staple' };
const serverUrl = testPostgresUrl();

describe.skipIf(!serverUrl)('backups of PostgreSQL (runs with TEST_POSTGRES_URL)', () => {
	let t: TestDatabase;
	let folder: string;
	const made: string[] = [];
	async function emptyDatabase(): Promise<string> {
		const name = await createEmptyDatabase(serverUrl!);
		made.push(name);
		return databaseOnServer(serverUrl!, name);
	}

	beforeEach(async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		await seedDemoPractice(t.db, now);
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-pg-backups-'));
	});
	afterEach(async () => {
		await t.cleanup();
		for (const name of made.splice(0)) await dropDatabase(serverUrl!, name);
		fs.rmSync(folder, { recursive: true, force: true });
	});

	it('dumps, seals and restores into an empty database with every row equal', async () => {
		const backup = await backupPostgres(t.file, folder, now, sealed);
		expect(backup.file).toBe(path.join(folder, 'common-ground-20261127T142500Z.pgdump.enc'));
		expect(fs.statSync(backup.file).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(folder)).toEqual(['common-ground-20261127T142500Z.pgdump.enc']);
		// Sealed: no table name or partner's words readable in the file.
		expect(fs.readFileSync(backup.file).includes('kysely_migration')).toBe(false);

		const target = await emptyDatabase();
		await restorePostgres(backup.file, target, sealed);
		const restored = openPostgres(target);
		try {
			const sums = await tableChecksums(restored);
			expect(sums).toEqual(await tableChecksums(t.db));
			expect(sums.find((sum) => sum.table === 'responses')!.rows).toBeGreaterThan(0);
			// The audit log's ids go on from where they were.
			const highest = await restored
				.selectFrom('audit_log')
				.select((eb) => eb.fn.max('id').as('id'))
				.executeTakeFirstOrThrow();
			const next = await restored
				.insertInto('audit_log')
				.values({ at: now.toISOString(), action: 'after-the-restore' })
				.returning('id')
				.executeTakeFirstOrThrow();
			expect(next.id).toBe(Number(highest.id) + 1);
		} finally {
			await restored.destroy();
		}
	});

	it('refuses to restore into a database that is not empty, and leaves it as it was', async () => {
		const backup = await backupPostgres(t.file, folder, now, { unencrypted: true });
		const before = await tableChecksums(t.db);
		await expect(restorePostgres(backup.file, t.file, { unencrypted: true })).rejects.toThrow(
			/is not empty \(it has \d+ tables\): restore into a new database/
		);
		expect(await tableChecksums(t.db)).toEqual(before);
	});

	it('refuses a wrong passphrase, and a SQLite backup, restoring nothing', async () => {
		const backup = await backupPostgres(t.file, folder, now, sealed);
		const target = await emptyDatabase();
		await expect(
			restorePostgres(backup.file, target, { passphrase: 'not the passphrase at all' })
		).rejects.toThrow('the passphrase is wrong or the file is damaged');
		const sqliteBackup = path.join(folder, 'common-ground-20261127T142500Z.db');
		fs.writeFileSync(
			sqliteBackup,
			Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)])
		);
		await expect(restorePostgres(sqliteBackup, target, { unencrypted: true })).rejects.toThrow(
			BackupError
		);
		await expect(restorePostgres(sqliteBackup, target, { unencrypted: true })).rejects.toThrow(
			'is a SQLite backup'
		);
		const db = openPostgres(target);
		try {
			expect(await db.introspection.getTables()).toEqual([]);
		} finally {
			await db.destroy();
		}
	});
});
