import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import type { WorksheetTemplate } from '../../worksheets/template';
import { sql } from 'kysely';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import {
	fingerprintOf,
	latestBuiltinTemplate,
	latestBuiltinTemplates,
	newestVersions,
	syncBuiltinTemplates,
	templateVersion
} from './worksheet-templates';

let t: TestDatabase;
const firstStart = new Date('2026-11-27T15:00:00.000Z');
const laterStart = new Date('2026-12-04T15:00:00.000Z');

beforeEach(async () => {
	t = await createTestDatabase();
});

afterEach(async () => {
	await t.cleanup();
});

/** The built-ins with one template's title changed, as after a release that reworded it. */
function withRetitled(id: string): {
	templates: WorksheetTemplate[];
	changed: WorksheetTemplate;
	original: WorksheetTemplate;
} {
	const original = BUILTIN_TEMPLATES.find((template) => template.id === id)!;
	const changed = { ...original, title: `${original.title}, revised` };
	return {
		templates: BUILTIN_TEMPLATES.map((template) => (template.id === id ? changed : template)),
		changed,
		original
	};
}

function versionRows() {
	return t.db
		.selectFrom('worksheet_template_versions')
		.selectAll()
		.orderBy('template_id')
		.orderBy('version')
		.execute();
}

describe('syncBuiltinTemplates', () => {
	it('adds version 1 of every built-in template to an empty database', async () => {
		const added = await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		expect(added).toEqual(BUILTIN_TEMPLATES.map((template) => `${template.id} v1`));

		const rows = await versionRows();
		expect(rows).toHaveLength(BUILTIN_TEMPLATES.length);
		for (const template of BUILTIN_TEMPLATES) {
			const row = rows.find((candidate) => candidate.template_id === template.id);
			expect(row, template.id).toMatchObject({ version: 1, created_at: firstStart.toISOString() });
			expect(JSON.parse(row!.definition), template.id).toEqual(template);
			expect(row!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
		}
		const owners = await t.db
			.selectFrom('worksheet_templates')
			.select(['id', 'owner_therapist_id'])
			.execute();
		expect(owners).toHaveLength(BUILTIN_TEMPLATES.length);
		expect(owners.every((owner) => owner.owner_therapist_id === null)).toBe(true);
	});

	it('adds nothing when nothing changed', async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		const before = await versionRows();
		expect(await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, laterStart)).toEqual([]);
		expect(await versionRows()).toEqual(before);
	});

	it('adds version 2 of a changed template only, and leaves version 1 as it was', async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		const before = await versionRows();
		const { templates, changed, original } = withRetitled('accountability');

		expect(await syncBuiltinTemplates(t.db, templates, laterStart)).toEqual(['accountability v2']);

		const after = await versionRows();
		expect(after).toHaveLength(before.length + 1);
		for (const row of before)
			expect(after, `${row.template_id} v${row.version}`).toContainEqual(row);
		const added = after.find((row) => row.template_id === 'accountability' && row.version === 2)!;
		expect(added.created_at).toBe(laterStart.toISOString());
		expect(JSON.parse(added.definition)).toEqual(changed);
		expect(added.fingerprint).not.toBe(
			before.find((row) => row.template_id === 'accountability')!.fingerprint
		);

		expect(await templateVersion(t.db, 'accountability', 1)).toEqual(original);
		expect(await templateVersion(t.db, 'accountability', 2)).toEqual(changed);
		expect(await syncBuiltinTemplates(t.db, templates, laterStart)).toEqual([]);
	});

	it('adds a new version when a change is undone, so the newest is always the code', async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		await syncBuiltinTemplates(t.db, withRetitled('core-issues').templates, laterStart);
		expect(await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, laterStart)).toEqual([
			'core-issues v3'
		]);
		expect((await latestBuiltinTemplate(t.db, 'core-issues'))?.template.title).toBe(
			BUILTIN_TEMPLATES.find((template) => template.id === 'core-issues')!.title
		);
	});

	it('adds a template that is new in the code, leaving the others', async () => {
		const [first, ...rest] = BUILTIN_TEMPLATES;
		await syncBuiltinTemplates(t.db, rest, firstStart);
		expect(await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, laterStart)).toEqual([
			`${first!.id} v1`
		]);
	});
});

describe('reading stored templates', () => {
	beforeEach(async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		await syncBuiltinTemplates(t.db, withRetitled('accountability').templates, laterStart);
	});

	it('templateVersion gives one exact version, or null', async () => {
		const { original, changed } = withRetitled('accountability');
		expect(await templateVersion(t.db, 'accountability', 1)).toEqual(original);
		expect(await templateVersion(t.db, 'accountability', 2)).toEqual(changed);
		expect(await templateVersion(t.db, 'accountability', 3)).toBeNull();
		expect(await templateVersion(t.db, 'no-such-worksheet', 1)).toBeNull();
	});

	it('latestBuiltinTemplate gives the newest version, or null', async () => {
		expect(await latestBuiltinTemplate(t.db, 'accountability')).toEqual({
			template: withRetitled('accountability').changed,
			version: 2
		});
		const safety = BUILTIN_TEMPLATES.find((template) => template.id === 'safety-check-in')!;
		expect(await latestBuiltinTemplate(t.db, 'safety-check-in')).toEqual({
			template: safety,
			version: 1
		});
		expect(await latestBuiltinTemplate(t.db, 'no-such-worksheet')).toBeNull();
	});

	it("latestBuiltinTemplates gives every built-in template's newest version", async () => {
		const latest = await latestBuiltinTemplates(t.db);
		expect([...latest.keys()].sort()).toEqual(
			BUILTIN_TEMPLATES.map((template) => template.id).sort()
		);
		for (const template of BUILTIN_TEMPLATES) {
			const expected =
				template.id === 'accountability'
					? { template: withRetitled('accountability').changed, version: 2 }
					: { template, version: 1 };
			expect(latest.get(template.id), template.id).toEqual(expected);
		}
	});

	it("leaves out a therapist's own templates", async () => {
		const therapist = await insertTestUser(t.db, { role: 'therapist' });
		await t.db
			.insertInto('worksheet_templates')
			.values({
				id: 'my-own',
				owner_therapist_id: therapist.id,
				created_at: firstStart.toISOString()
			})
			.execute();
		const definition = JSON.stringify({ ...BUILTIN_TEMPLATES[0], id: 'my-own' });
		await t.db
			.insertInto('worksheet_template_versions')
			.values({
				template_id: 'my-own',
				version: 1,
				definition,
				fingerprint: fingerprintOf(definition),
				created_at: firstStart.toISOString()
			})
			.execute();

		expect(await latestBuiltinTemplate(t.db, 'my-own')).toBeNull();
		expect((await latestBuiltinTemplates(t.db)).has('my-own')).toBe(false);
		expect(await templateVersion(t.db, 'my-own', 1)).toEqual(JSON.parse(definition));
	});
});

describe('the worksheet_template_versions table', () => {
	it('refuses to change a version once written', async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		const before = await versionRows();
		await expect(
			t.db
				.updateTable('worksheet_template_versions')
				.set({ definition: '{}' })
				.where('template_id', '=', 'accountability')
				.execute()
		).rejects.toThrow(/never changes/);
		await expect(
			t.db
				.updateTable('worksheet_template_versions')
				.set({ created_at: laterStart.toISOString() })
				.execute()
		).rejects.toThrow(/never changes/);
		await expect(
			sql`UPDATE worksheet_template_versions SET version = 9 WHERE template_id = 'core-issues'`.execute(
				t.db
			)
		).rejects.toThrow(/never changes/);
		expect(await versionRows()).toEqual(before);
	});

	it('refuses a definition that is not JSON', async () => {
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, firstStart);
		await expect(
			t.db
				.insertInto('worksheet_template_versions')
				.values({
					template_id: 'accountability',
					version: 9,
					definition: 'not json',
					fingerprint: 'x',
					created_at: laterStart.toISOString()
				})
				.execute()
		).rejects.toThrow(/check constraint/i);
	});
});

describe('newestVersions', () => {
	it('keeps each template’s highest version, whatever order the versions come in', () => {
		const [first, second] = BUILTIN_TEMPLATES;
		const newest = newestVersions([
			{ templateId: 'a', version: 2, template: second! },
			{ templateId: 'a', version: 3, template: first! },
			{ templateId: 'a', version: 1, template: second! },
			{ templateId: 'b', version: 1, template: second! }
		]);
		expect([...newest]).toEqual([
			['a', { version: 3, template: first }],
			['b', { version: 1, template: second }]
		]);
	});
});

describe('the relationship status question', () => {
	it('came in a new version of the check-in: one written before keeps the version without it', async () => {
		const current = BUILTIN_TEMPLATES.find((template) => template.id === 'satisfaction-check-in')!;
		// The check-in as it was before the question was asked.
		const before = {
			...current,
			fields: current.fields.filter((field) => field.key !== 'relationship-status')
		};
		await syncBuiltinTemplates(
			t.db,
			BUILTIN_TEMPLATES.map((template) => (template === current ? before : template)),
			firstStart
		);
		await syncBuiltinTemplates(t.db, BUILTIN_TEMPLATES, laterStart);
		const keys = (template: WorksheetTemplate | null) =>
			template?.fields.map((field) => field.key) ?? [];
		expect(keys(await templateVersion(t.db, 'satisfaction-check-in', 1))).not.toContain(
			'relationship-status'
		);
		const latest = await latestBuiltinTemplate(t.db, 'satisfaction-check-in');
		expect(latest?.version).toBe(2);
		expect(keys(latest!.template)).toContain('relationship-status');
		// Not scored: the CSI-4 total stays the four items' sum.
		expect(latest!.template.scoring?.items.map((item) => item.key)).not.toContain(
			'relationship-status'
		);
	});
});
