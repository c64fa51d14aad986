import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import type { Answers } from '../../worksheets/answers';
import { scoreAnswers } from '../../worksheets/scoring';
import type { WorksheetTemplate } from '../../worksheets/template';
import { handedIn } from './rules';

// The total of a scored worksheet (the CSI-4 check-in) is worked out when it
// is handed in and kept on the response (`responses.total`): the answers and
// the template version it was written against never change after that.

/** Most responses worked out in one statement's list. */
const BATCH = 500;

/** The total of these answers under this template, or null when the template has no scoring. */
export function totalOf(template: WorksheetTemplate, answers: Answers): number | null {
	return scoreAnswers(template, answers)?.total ?? null;
}

/**
 * Works out the totals of handed-in responses to scored worksheets that have
 * none: handed in before totals were kept, or written straight into the
 * database (the demo, the large practice). Run at startup; returns how many.
 */
export async function recordMissingTotals(db: Database): Promise<number> {
	const versions = await db
		.selectFrom('worksheet_template_versions')
		.select(['template_id', 'version', 'definition'])
		.execute();
	const scored = new Map<string, WorksheetTemplate>();
	const scoredTemplateIds = new Set<string>();
	for (const row of versions) {
		const template = JSON.parse(row.definition) as WorksheetTemplate;
		if (!template.scoring) continue;
		scored.set(`${row.template_id}@${row.version}`, template);
		scoredTemplateIds.add(row.template_id);
	}
	if (scored.size === 0) return 0;
	const missing = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.select([
			'responses.id',
			'responses.template_version',
			'responses.answers',
			'assignments.template_id'
		])
		.where('assignments.template_id', 'in', [...scoredTemplateIds])
		.where((eb) => handedIn(eb.ref('responses.status')))
		.where('responses.total', 'is', null)
		.execute();
	const totals = missing.flatMap((row) => {
		const template = scored.get(`${row.template_id}@${row.template_version}`);
		const total = template ? totalOf(template, JSON.parse(row.answers) as Answers) : null;
		return total === null ? [] : [{ id: row.id, total }];
	});
	for (let start = 0; start < totals.length; start += BATCH) {
		await writeTransaction(db, async (trx) => {
			for (const { id, total } of totals.slice(start, start + BATCH))
				await trx.updateTable('responses').set({ total }).where('id', '=', id).execute();
		});
	}
	return totals.length;
}
