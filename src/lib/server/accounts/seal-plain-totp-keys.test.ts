import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { stopDatabase } from '../database/app-database';
import { startApp } from '../startup/start';
import { insertTestUser } from '../testing/test-database';
import { sealPlainTotpKeys } from './seal-plain-totp-keys';
import { isSealed, openTotpKey } from './sealed-totp-key';
import { keyFileFor, loadTwoStepKey, twoStepKeyOf } from './two-step-key';
import { setupInProgress, startTwoStepSetup } from './two-step';

const folders: string[] = [];
const now = new Date('2026-12-02T09:00:00.000Z');
const plainKey = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function databaseFile(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-sealing-'));
	folders.push(folder);
	return path.join(folder, 'app.db');
}

afterEach(async () => {
	await stopDatabase();
	for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** The database's bytes on disk: the main file and its write-ahead log. */
function bytesOnDisk(file: string): Buffer {
	return Buffer.concat(
		[file, `${file}-wal`].filter((part) => fs.existsSync(part)).map((part) => fs.readFileSync(part))
	);
}

describe('TOTP keys stored before sealing', () => {
	it('are sealed by the start-up pass once and only once', async () => {
		const file = databaseFile();
		let { db } = await startApp(file, now);
		const user = await insertTestUser(db, { role: 'therapist' });
		const noKey = await insertTestUser(db, { role: 'therapist' });
		await db.updateTable('users').set({ totp_key: plainKey }).where('id', '=', user.id).execute();
		await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
		expect(bytesOnDisk(file).includes(plainKey)).toBe(true);
		await stopDatabase();

		({ db } = await startApp(file, now));
		const stored = (
			await db.selectFrom('users').select('totp_key').where('id', '=', user.id).executeTakeFirst()
		)?.totp_key;
		expect(stored && isSealed(stored)).toBe(true);
		expect(openTotpKey(loadTwoStepKey(file, {}), user.id, stored!)).toBe(plainKey);
		expect(
			(
				await db
					.selectFrom('users')
					.select('totp_key')
					.where('id', '=', noKey.id)
					.executeTakeFirst()
			)?.totp_key
		).toBeNull();
		// The plain key has left the file, not only the row.
		expect(bytesOnDisk(file).includes(plainKey)).toBe(false);

		// Again: nothing plain is left, so nothing changes (a sealed value is never sealed twice).
		expect(await sealPlainTotpKeys(db, twoStepKeyOf(db))).toBe(0);
		await stopDatabase();
		({ db } = await startApp(file, now));
		expect(
			(await db.selectFrom('users').select('totp_key').where('id', '=', user.id).executeTakeFirst())
				?.totp_key
		).toBe(stored);
	});

	it('keep the key in its own file, never in the database', async () => {
		const file = databaseFile();
		const { db } = await startApp(file, now);
		const user = await insertTestUser(db, { role: 'therapist' });
		await startTwoStepSetup(db, { userId: user.id, clientAddress: '203.0.113.7' }, now);
		const setup = await setupInProgress(db, user.id);
		const keyText = setup!.keyText.replace(/ /gu, '');
		expect(keyText).toMatch(/^[A-Z2-7]{32}$/u);
		const serverKey = fs.readFileSync(keyFileFor(file), 'utf8').trim();
		// Before and after the log is copied into the main file.
		for (const checkpoint of [false, true]) {
			if (checkpoint) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
			const bytes = bytesOnDisk(file);
			expect(bytes.includes(keyText)).toBe(false);
			expect(bytes.includes(serverKey)).toBe(false);
		}
	});
});
