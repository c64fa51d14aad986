import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB, SharedRelease } from '../database/schema';
import type { WorksheetTemplate } from '../../worksheets/template';
import { addressedTo, handedIn } from './rules';

// When the other partner may read what an author chose to share. The author
// chooses what is shared; the therapist chooses, per assignment, when it is
// released: as soon as it is handed in, once both partners have handed theirs
// in (so neither writes in answer to the other), or once the therapist has
// reviewed it (so they can help shape it first). Every view of the other
// partner's answers asks this one rule (homework/shared.ts).

export type { SharedRelease };

/** The choices, in the words the therapist reads them on the assignment form and page. */
export const SHARED_RELEASES: ReadonlyArray<{ value: SharedRelease; label: string; hint: string }> =
	[
		{ value: 'handed-in', label: 'When handed in', hint: 'As soon as its author hands it in.' },
		{
			value: 'both-handed-in',
			label: 'Once both partners have handed theirs in',
			hint: 'Neither reads the other’s before writing their own.'
		},
		{
			value: 'reviewed',
			label: 'After you have reviewed it',
			hint: 'You read it first, and can help shape it before the other partner sees it.'
		}
	];

/** The form's value for "whatever this worksheet advises". */
export const WORKSHEET_DEFAULT = 'worksheet';

/**
 * Worksheets whose own words promise the therapist's help before anything is
 * shared: the accountability worksheet's apology is a draft "your therapist
 * will help you shape before you share anything".
 */
const RELEASED_AFTER_REVIEW = new Set(['accountability']);

/** The worksheets (by title) released only after review unless the therapist chooses otherwise. */
export function releasedAfterReviewByDefault(templates: Iterable<WorksheetTemplate>): string[] {
	return [...templates]
		.filter((template) => defaultReleaseFor(template) === 'reviewed')
		.map((template) => template.title);
}

/** When a worksheet's shared answers are released unless the therapist chooses otherwise. */
export function defaultReleaseFor(template: Pick<WorksheetTemplate, 'id'>): SharedRelease {
	return RELEASED_AFTER_REVIEW.has(template.id) ? 'reviewed' : 'handed-in';
}

/** Reads the form's choice: one of the rules, or the worksheet's default; null when it is none of these. */
export function readRelease(
	value: string | undefined,
	template: Pick<WorksheetTemplate, 'id'>
): SharedRelease | null {
	if (value === undefined || value === '' || value === WORKSHEET_DEFAULT)
		return defaultReleaseFor(template);
	return SHARED_RELEASES.find((choice) => choice.value === value)?.value ?? null;
}

/** How the rule reads on the assignment page. */
export function describeRelease(release: SharedRelease): string {
	return SHARED_RELEASES.find((choice) => choice.value === release)?.label ?? release;
}

/** When the author's shared answers reach the other partner, as the author reads it: "" when handed in. */
export function releaseForAuthor(
	release: SharedRelease,
	names: { otherPartner: string; therapist: string }
): string {
	if (release === 'both-handed-in') return `once ${names.otherPartner} has handed in theirs`;
	if (release === 'reviewed') return `once ${names.therapist} has reviewed it`;
	return '';
}

/**
 * Whether a response's shared answers are released to the other partner, for
 * a query over `responses` joined to its `assignments`:
 * - 'handed-in': it is handed in (submitted or reviewed);
 * - 'both-handed-in': it is handed in and so is every other partner's the
 *   homework is for, for the same occurrence (homework for one partner alone
 *   waits for nobody else);
 * - 'reviewed': the therapist has reviewed it. Reopened for revision it is a
 *   draft again, and held back until it is reviewed again.
 */
export function releasedToOtherPartner(
	eb: ExpressionBuilder<DB, 'responses' | 'assignments'>
): Expression<SqlBool> {
	const everyoneHandedIn = eb.not(
		eb.exists(
			eb
				.selectFrom('partners as waited')
				.select('waited.id')
				.whereRef('waited.couple_id', '=', 'assignments.couple_id')
				.where((inner) => addressedTo(inner.ref('assignments.partner_id'), inner.ref('waited.id')))
				.where((inner) =>
					inner.not(
						inner.exists(
							inner
								.selectFrom('responses as theirs')
								.select('theirs.id')
								.whereRef('theirs.assignment_id', '=', 'assignments.id')
								.whereRef('theirs.partner_id', '=', 'waited.id')
								.whereRef('theirs.occurrence', '=', 'responses.occurrence')
								.where((own) => handedIn(own.ref('theirs.status')))
						)
					)
				)
		)
	);
	return eb.and([
		handedIn(eb.ref('responses.status')),
		eb.or([
			eb('assignments.release_shared', '=', 'handed-in'),
			eb.and([
				eb('assignments.release_shared', '=', 'reviewed'),
				eb('responses.status', '=', 'reviewed')
			]),
			eb.and([eb('assignments.release_shared', '=', 'both-handed-in'), everyoneHandedIn])
		])
	]);
}
