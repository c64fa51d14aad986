import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { sideBySide, type SideBySideSection } from '../../worksheets/compare';
import type { Answers } from '../../worksheets/answers';
import { groupBy } from '../../group-by';
import { handedIn } from './rules';
import { templateVersions } from '../library/worksheet-templates';

// How far apart the two partners are on a piece of homework they both did,
// counted by the same comparison the prep page shows, and kept on the
// assignment (`assignments.differences`) so the week ahead can flag a big
// disagreement for every couple without reading their worksheets. If the
// comparison in compare.ts ever changes, a migration sets the column back to
// NULL and startup counts every pair again under the new rule.

/** Most assignments worked out in one statement's list. */
const BATCH = 500;

/** The differences worth raising in a comparison: each scale gap, and each area only one partner named. */
export function countDifferences(sections: readonly SideBySideSection[]): number {
	let count = 0;
	for (const section of sections) {
		if (section.onlyNamedBy !== null) count += 1;
		for (const row of section.rows) if (row.difference !== null) count += 1;
	}
	return count;
}

/**
 * Works out and stores the differences for each of these assignments that
 * both partners do: the count once both have handed it in, null before. Other
 * homework (one partner's, or a repeating check-in) is left as it is.
 */
export async function recordDifferences(
	db: Database,
	assignmentIds: readonly string[]
): Promise<void> {
	if (assignmentIds.length === 0) return;
	const assignments = await db
		.selectFrom('assignments')
		.select(['id', 'template_id'])
		.where('id', 'in', assignmentIds)
		.where('partner_id', 'is', null)
		.where('recurrence', '=', 'once')
		.execute();
	if (assignments.length === 0) return;
	const [responses, versions] = await Promise.all([
		db
			.selectFrom('responses')
			.innerJoin('partners', 'partners.id', 'responses.partner_id')
			.select([
				'responses.assignment_id',
				'responses.template_version',
				'responses.answers',
				'partners.position'
			])
			.where(
				'responses.assignment_id',
				'in',
				assignments.map((assignment) => assignment.id)
			)
			.where((eb) => handedIn(eb.ref('responses.status')))
			.orderBy('partners.position')
			.execute(),
		templateVersions(
			db,
			assignments.map((assignment) => assignment.template_id)
		)
	]);
	const templates = versions.byVersion;

	const byAssignment = groupBy(responses, (response) => response.assignment_id);
	for (const assignment of assignments) {
		const [first, second] = byAssignment.get(assignment.id) ?? [];
		// Compared against the first partner's version, as the prep page compares them.
		const template = first && templates.get(`${assignment.template_id}@${first.template_version}`);
		const differences =
			first && second && template
				? countDifferences(
						sideBySide(
							template,
							JSON.parse(first.answers) as Answers,
							JSON.parse(second.answers) as Answers
						)
					)
				: null;
		await db
			.updateTable('assignments')
			.set({ differences })
			.where('id', '=', assignment.id)
			.execute();
	}
}

/**
 * Fills in the differences of homework both partners have handed in that has
 * none recorded: written before the count existed, or straight into the
 * database (the demo, the large practice). Run at startup; returns how many.
 */
export async function recordMissingDifferences(db: Database): Promise<number> {
	const missing = await db
		.selectFrom('assignments')
		.select('id')
		.where('partner_id', 'is', null)
		.where('recurrence', '=', 'once')
		.where('waiting_on', '=', 0)
		.where('differences', 'is', null)
		.execute();
	for (let start = 0; start < missing.length; start += BATCH) {
		const batch = missing.slice(start, start + BATCH).map((row) => row.id);
		await writeTransaction(db, (trx) => recordDifferences(trx, batch));
	}
	return missing.length;
}
