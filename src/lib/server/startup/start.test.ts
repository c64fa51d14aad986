import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopDatabase } from '../database/app-database';
import { startApp } from './start';

const folders: string[] = [];

function scratchFile(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-start-'));
	folders.push(folder);
	return path.join(folder, 'app.db');
}

afterEach(async () => {
	await stopDatabase();
	for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

const now = new Date('2026-12-01T09:00:00.000Z');

describe('starting the app', () => {
	it('brings in the built-in worksheets and runs each backfill once', async () => {
		const file = scratchFile();
		const { db } = await startApp(file, now);
		const templates = await db.selectFrom('worksheet_templates').select('id').execute();
		expect(templates.map((row) => row.id)).toContain('accountability');
		expect(await db.selectFrom('backfills').selectAll().orderBy('name').execute()).toEqual([
			{ name: 'check-in-totals', done_at: now.toISOString() },
			{ name: 'differences', done_at: now.toISOString() }
		]);

		await stopDatabase();
		const later = new Date(now.getTime() + 60_000);
		const again = await startApp(file, later);
		// Recorded once: a second start does not run them again.
		expect(
			(await again.db.selectFrom('backfills').select('done_at').execute()).map((row) => row.done_at)
		).toEqual([now.toISOString(), now.toISOString()]);
	});
});
