import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_TABLES } from './app-tables';
import { canonicalRow, rowsOf, tableChecksums } from './table-checksums';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

let t: TestDatabase;
beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
});
afterEach(async () => {
	await t.cleanup();
});

const versions = APP_TABLES.find((table) => table.name === 'worksheet_template_versions')!;

describe('rowsOf', () => {
	it('reads a table with a two-column key in batches, every row exactly once', async () => {
		const all = await t.db.selectFrom('worksheet_template_versions').selectAll().execute();
		expect(all.length).toBeGreaterThan(7);
		const batches: number[] = [];
		const seen: string[] = [];
		for await (const batch of rowsOf(t.db, versions, 3)) {
			batches.push(batch.length);
			for (const row of batch) seen.push(`${String(row.template_id)}@${String(row.version)}`);
		}
		expect(batches.slice(0, -1).every((size) => size === 3)).toBe(true);
		expect(seen.sort()).toEqual(all.map((row) => `${row.template_id}@${row.version}`).sort());
	});
});

describe('tableChecksums', () => {
	it('changes with any value in a row, and not with the order columns come in', async () => {
		const before = await tableChecksums(t.db);
		const template = await t.db
			.selectFrom('worksheet_templates')
			.select('id')
			.limit(1)
			.executeTakeFirstOrThrow();
		await t.db
			.updateTable('worksheet_templates')
			.set({ visibility: 'practice' })
			.where('id', '=', template.id)
			.execute();
		const after = await tableChecksums(t.db);
		const changed = before
			.filter((sum, i) => sum.sha256 !== after[i]!.sha256)
			.map((sum) => sum.table);
		expect(changed).toEqual(['worksheet_templates']);
		expect(canonicalRow({ b: 1, a: 'x' })).toBe(canonicalRow({ a: 'x', b: 1 }));
		expect(canonicalRow({ a: new Uint8Array([1, 2]) })).not.toBe(
			canonicalRow({ a: new Uint8Array([1, 3]) })
		);
	});
});
