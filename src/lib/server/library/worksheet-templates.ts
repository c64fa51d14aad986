import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import type { WorksheetTemplate } from '../../worksheets/template';

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

function fingerprint(definition: string): string {
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
			const print = fingerprint(definition);
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
		.selectFrom('worksheet_template_versions')
		.innerJoin(
			'worksheet_templates',
			'worksheet_templates.id',
			'worksheet_template_versions.template_id'
		)
		.select(['worksheet_template_versions.definition', 'worksheet_template_versions.version'])
		.where('worksheet_templates.id', '=', id)
		.where('worksheet_templates.owner_therapist_id', 'is', null)
		.orderBy('worksheet_template_versions.version', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row
		? { template: JSON.parse(row.definition) as WorksheetTemplate, version: row.version }
		: null;
}

/** One exact version, as a response written against it needs. */
export async function templateVersion(
	db: Database,
	id: string,
	version: number
): Promise<WorksheetTemplate | null> {
	const row = await db
		.selectFrom('worksheet_template_versions')
		.select('definition')
		.where('template_id', '=', id)
		.where('version', '=', version)
		.executeTakeFirst();
	return row ? (JSON.parse(row.definition) as WorksheetTemplate) : null;
}

/** Every built-in template's newest version, keyed by id, for the step library. */
export async function latestBuiltinTemplates(db: Database): Promise<Map<string, StoredTemplate>> {
	const rows = await db
		.selectFrom('worksheet_template_versions as v')
		.innerJoin('worksheet_templates as t', 't.id', 'v.template_id')
		.select(['v.template_id', 'v.definition', 'v.version'])
		.where('t.owner_therapist_id', 'is', null)
		.where((eb) =>
			eb(
				'v.version',
				'=',
				eb
					.selectFrom('worksheet_template_versions as newer')
					.select((inner) => inner.fn.max('newer.version').as('max'))
					.whereRef('newer.template_id', '=', 'v.template_id')
			)
		)
		.execute();
	return new Map(
		rows.map((row) => [
			row.template_id,
			{ template: JSON.parse(row.definition) as WorksheetTemplate, version: row.version }
		])
	);
}
