import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createTestDatabase,
	insertTestUser,
	onPostgres,
	type TestDatabase
} from '../testing/test-database';
import { keepPlannerStatistics } from './planner-statistics';

let t: TestDatabase;
beforeEach(async () => {
	t = await createTestDatabase();
});
afterEach(async () => {
	await t.cleanup();
});

// SQLite's own: PostgreSQL's side is in postgres-*.test.ts.
describe.skipIf(onPostgres())('keepPlannerStatistics', () => {
	it('gathers statistics for the tables that hold rows, at once', async () => {
		for (let n = 0; n < 200; n++) await insertTestUser(t.db, { role: 'partner' });
		const stop = keepPlannerStatistics(t.sqlite);
		stop();
		const analysed = t.sqlite
			.prepare("SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl = 'users'")
			.pluck()
			.all();
		expect(analysed).toEqual(['users']);
	});

	it('keeps counts only, never sample rows holding addresses', async () => {
		for (let n = 0; n < 200; n++) await insertTestUser(t.db, { role: 'partner' });
		keepPlannerStatistics(t.sqlite)();
		const samples = t.sqlite
			.prepare("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat4'")
			.pluck()
			.get();
		if (samples)
			expect(t.sqlite.prepare('SELECT count(*) FROM sqlite_stat4').pluck().get()).toBe(0);
		const everything = JSON.stringify(t.sqlite.prepare('SELECT * FROM sqlite_stat1').all());
		expect(everything).not.toContain('@example');
	});
});
