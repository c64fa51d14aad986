import type { Database } from '../database/open';
import type { TemplateVisibility } from '../database/schema';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import type { WorksheetTemplate } from '../../worksheets/template';
import { OWN_TEMPLATE_PREFIX } from '../../worksheets/own-template-id';
import { withTemplates } from './parsed-templates';
import { fingerprintOf, type StoredTemplate } from './worksheet-templates';

// The worksheets a therapist writes: theirs alone (another therapist and every
// partner are refused them, as if they did not exist). Saving a change adds a
// version and never alters one, so homework already set and responses
// already written keep theirs. A template in use can only be archived.
// `visibility` is the seam for offering one to the whole practice later: the
// only value written today is 'own'.

export interface OwnTemplate extends StoredTemplate {
	archived: boolean;
	visibility: TemplateVisibility;
}

/** A new template's id: never a built-in's, never guessable. */
export function newTemplateId(): string {
	return `${OWN_TEMPLATE_PREFIX}${newId()}`;
}

/** One of this therapist's own templates at its newest version, or null (not theirs, or none). */
export async function ownTemplate(
	db: Database,
	therapistId: string,
	templateId: string
): Promise<OwnTemplate | null> {
	const row = await db
		.selectFrom('worksheet_template_versions as v')
		.innerJoin('worksheet_templates as t', 't.id', 'v.template_id')
		.select(['v.template_id', 'v.version', 'v.fingerprint', 't.archived_at', 't.visibility'])
		.where('t.id', '=', templateId)
		.where('t.owner_therapist_id', '=', therapistId)
		.orderBy('v.version', 'desc')
		.limit(1)
		.executeTakeFirst();
	const [stored] = await withTemplates(db, row ? [row] : []);
	return stored
		? {
				template: stored.template,
				version: stored.version,
				archived: stored.archived_at !== null,
				visibility: stored.visibility
			}
		: null;
}

/** Every template this therapist wrote, newest version of each, by title. */
export async function ownTemplates(db: Database, therapistId: string): Promise<OwnTemplate[]> {
	const rows = await db
		.selectFrom('worksheet_template_versions as v')
		.innerJoin('worksheet_templates as t', 't.id', 'v.template_id')
		.select(['v.template_id', 'v.version', 'v.fingerprint', 't.archived_at', 't.visibility'])
		.where('t.owner_therapist_id', '=', therapistId)
		// Only each template's newest version: no later one exists.
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('worksheet_template_versions as later')
						.select('later.version')
						.whereRef('later.template_id', '=', 'v.template_id')
						.whereRef('later.version', '>', 'v.version')
				)
			)
		)
		.execute();
	return (await withTemplates(db, rows))
		.map((row) => ({
			template: row.template,
			version: row.version,
			archived: row.archived_at !== null,
			visibility: row.visibility
		}))
		.sort((a, b) => a.template.title.localeCompare(b.template.title));
}

/**
 * Saves a therapist's template: the first version of a new one, or a new
 * version when the definition changed (nothing when it did not). The caller
 * has checked it with the template checker. Null when the id is someone else's.
 */
export async function saveOwnTemplate(
	db: Database,
	actor: SignedInActor,
	template: WorksheetTemplate,
	now: Date,
	action: 'worksheet.save' | 'worksheet.import' = 'worksheet.save'
): Promise<{ version: number; changed: boolean } | null> {
	const definition = JSON.stringify(template);
	const fingerprint = fingerprintOf(definition);
	return writeTransaction(db, async (trx) => {
		const existing = await trx
			.selectFrom('worksheet_templates')
			.select('owner_therapist_id')
			.where('id', '=', template.id)
			.executeTakeFirst();
		if (existing && existing.owner_therapist_id !== actor.userId) return null;
		if (!existing)
			await trx
				.insertInto('worksheet_templates')
				.values({
					id: template.id,
					owner_therapist_id: actor.userId,
					created_at: now.toISOString()
				})
				.execute();
		const newest = await trx
			.selectFrom('worksheet_template_versions')
			.select(['version', 'fingerprint'])
			.where('template_id', '=', template.id)
			.orderBy('version', 'desc')
			.limit(1)
			.executeTakeFirst();
		if (newest?.fingerprint === fingerprint) return { version: newest.version, changed: false };
		const version = (newest?.version ?? 0) + 1;
		await trx
			.insertInto('worksheet_template_versions')
			.values({
				template_id: template.id,
				version,
				definition,
				fingerprint,
				created_at: now.toISOString()
			})
			.execute();
		await recordAudit(trx, actor, action, { type: 'worksheet', id: template.id }, now);
		return { version, changed: true };
	});
}

/** Whether any homework (even cancelled: its responses still render with it) uses the template. */
export async function templateInUse(db: Database, templateId: string): Promise<boolean> {
	const row = await db
		.selectFrom('assignments')
		.select('id')
		.where('template_id', '=', templateId)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/** Archives or restores one of this therapist's templates; false when it is not theirs. */
export async function setTemplateArchived(
	db: Database,
	actor: SignedInActor,
	templateId: string,
	archived: boolean,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('worksheet_templates')
			.set({ archived_at: archived ? now.toISOString() : null })
			.where('id', '=', templateId)
			.where('owner_therapist_id', '=', actor.userId)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(
			trx,
			actor,
			archived ? 'worksheet.archive' : 'worksheet.restore',
			{ type: 'worksheet', id: templateId },
			now
		);
		return true;
	});
}

/**
 * Deletes one of this therapist's templates with every version, unless
 * homework uses it: then it can only be archived, so what was written keeps
 * its worksheet.
 */
export async function deleteOwnTemplate(
	db: Database,
	actor: SignedInActor,
	templateId: string,
	now: Date
): Promise<'deleted' | 'in-use' | 'not-found'> {
	return writeTransaction(db, async (trx) => {
		const owned = await trx
			.selectFrom('worksheet_templates')
			.select('id')
			.where('id', '=', templateId)
			.where('owner_therapist_id', '=', actor.userId)
			.executeTakeFirst();
		if (!owned) return 'not-found';
		if (await templateInUse(trx, templateId)) return 'in-use';
		await trx
			.deleteFrom('worksheet_template_versions')
			.where('template_id', '=', templateId)
			.execute();
		await trx.deleteFrom('worksheet_templates').where('id', '=', templateId).execute();
		await recordAudit(trx, actor, 'worksheet.delete', { type: 'worksheet', id: templateId }, now);
		return 'deleted';
	});
}
