import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import type { WorksheetTemplate } from '../../worksheets/template';
import { versionKey, withTemplates } from './parsed-templates';

export interface StoredTemplate {
	template: WorksheetTemplate;
	version: number;
}

/** Of stored versions (each already parsed), every template's newest. */
export function newestVersions(
	rows: Iterable<{ templateId: string; version: number; template: WorksheetTemplate }>
): Map<string, StoredTemplate> {
	const newest = new Map<string, StoredTemplate>();
	for (const row of rows) {
		const current = newest.get(row.templateId);
		if (!current || row.version > current.version)
			newest.set(row.templateId, { template: row.template, version: row.version });
	}
	return newest;
}

/** What a version is known by: the SHA-256 of its definition (parsed-templates.ts keeps it by this). */
export function fingerprintOf(definition: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(definition)));
}

/**
 * Brings the built-in templates into the database at startup. A template
 * whose definition changed in the code gets a new version; earlier versions
 * stay as they were, so every response keeps rendering as it was written.
 */
export async function syncBuiltinTemplates(
	db: Database,
	templates: readonly WorksheetTemplate[],
	now: Date
): Promise<string[]> {
	return writeTransaction(db, async (trx) => {
		const added: string[] = [];
		const versions = await trx
			.selectFrom('worksheet_template_versions')
			.select(['template_id', 'version', 'fingerprint'])
			.orderBy('version')
			.execute();
		// Ascending order: each template's newest version is the last one set.
		const latestById = new Map(versions.map((row) => [row.template_id, row]));

		for (const template of templates) {
			const definition = JSON.stringify(template);
			const print = fingerprintOf(definition);
			const current = latestById.get(template.id);
			if (current?.fingerprint === print) continue;
			if (!current) {
				await trx
					.insertInto('worksheet_templates')
					.values({ id: template.id, owner_therapist_id: null, created_at: now.toISOString() })
					.onConflict((conflict) => conflict.column('id').doNothing())
					.execute();
			}
			const version = (current?.version ?? 0) + 1;
			await trx
				.insertInto('worksheet_template_versions')
				.values({
					template_id: template.id,
					version,
					definition,
					fingerprint: print,
					created_at: now.toISOString()
				})
				.execute();
			added.push(`${template.id} v${version}`);
		}
		return added;
	});
}

/** The newest version of a built-in template, or null when there is none by that id. */
export async function latestBuiltinTemplate(
	db: Database,
	id: string
): Promise<StoredTemplate | null> {
	const row = await db
		.selectFrom('worksheet_template_versions as v')
		.innerJoin('worksheet_templates as t', 't.id', 'v.template_id')
		.select(['v.template_id', 'v.version', 'v.fingerprint'])
		.where('t.id', '=', id)
		.where('t.owner_therapist_id', 'is', null)
		.orderBy('v.version', 'desc')
		.limit(1)
		.executeTakeFirst();
	const [stored] = await withTemplates(db, row ? [row] : []);
	return stored ? { template: stored.template, version: stored.version } : null;
}

/**
 * The worksheet homework asks for: the version it was set with, or for
 * homework set before versions were kept, the newest, whoever wrote it (the
 * assignment itself says who may see it).
 */
export async function homeworkTemplate(
	db: Database,
	id: string,
	version: number | null
): Promise<StoredTemplate | null> {
	let query = db
		.selectFrom('worksheet_template_versions')
		.select(['template_id', 'version', 'fingerprint'])
		.where('template_id', '=', id);
	query =
		version === null
			? query.orderBy('version', 'desc').limit(1)
			: query.where('version', '=', version);
	const [stored] = await withTemplates(db, await query.execute());
	return stored ? { template: stored.template, version: stored.version } : null;
}

/** One exact version, as a response written against it needs. */
export async function templateVersion(
	db: Database,
	id: string,
	version: number
): Promise<WorksheetTemplate | null> {
	const row = await db
		.selectFrom('worksheet_template_versions')
		.select(['template_id', 'version', 'fingerprint'])
		.where('template_id', '=', id)
		.where('version', '=', version)
		.executeTakeFirst();
	const [stored] = await withTemplates(db, row ? [row] : []);
	return stored?.template ?? null;
}

/** Every built-in template's newest version, keyed by id, for the step library. */
export async function latestBuiltinTemplates(db: Database): Promise<Map<string, StoredTemplate>> {
	const rows = await db
		.selectFrom('worksheet_template_versions as v')
		.innerJoin('worksheet_templates as t', 't.id', 'v.template_id')
		.select(['v.template_id', 'v.version', 'v.fingerprint'])
		.where('t.owner_therapist_id', 'is', null)
		.execute();
	return newestVersions(
		(await withTemplates(db, rows)).map((row) => ({
			templateId: row.template_id,
			version: row.version,
			template: row.template
		}))
	);
}

/**
 * Every stored version of these templates (of all templates without a list),
 * each by `template_id@version`, and each template's newest: what a page
 * needs to show responses as written and homework nobody started by title.
 */
export async function templateVersions(
	db: Database,
	templateIds?: readonly string[]
): Promise<{ byVersion: Map<string, WorksheetTemplate>; newest: Map<string, StoredTemplate> }> {
	if (templateIds?.length === 0) return { byVersion: new Map(), newest: new Map() };
	let query = db
		.selectFrom('worksheet_template_versions')
		.select(['template_id', 'version', 'fingerprint']);
	if (templateIds) query = query.where('template_id', 'in', [...new Set(templateIds)]);
	const rows = await withTemplates(db, await query.execute());
	return {
		byVersion: new Map(rows.map((row) => [versionKey(row.template_id, row.version), row.template])),
		newest: newestVersions(
			rows.map((row) => ({
				templateId: row.template_id,
				version: row.version,
				template: row.template
			}))
		)
	};
}
