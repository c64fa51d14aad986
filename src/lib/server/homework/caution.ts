import { audienceOf, type WorksheetTemplate } from '../../worksheets/template';

// Joint work that opens conflict up, and what assigning it asks of the
// therapist while an urgent safety concern is open on the couple
// (flag-follow-up.ts hasOpenUrgentSafetyFlag): couples-therapy practice is to
// pause or rethink conjoint work where there is a risk of violence, so the
// app asks the therapist to confirm, never silently allows or forbids.

/** Step 4 (open communication) and step 7 (taking it slow) bring the partners' conflict into the open. */
export const STEPS_NEEDING_CAUTION = [4, 7] as const;

/** Whether assigning this worksheet while an urgent safety flag is open needs the therapist's confirmation. */
export function needsCaution(template: WorksheetTemplate): boolean {
	return (
		(template.step !== null &&
			(STEPS_NEEDING_CAUTION as readonly number[]).includes(template.step)) ||
		template.fields.some((field) => audienceOf(field) === 'shared')
	);
}

export const CAUTION_WARNING =
	'An urgent safety concern is open for this couple. Steps 4 and 7, and any worksheet whose answers are shared between partners, can raise conflict at home. Assign them only if you have judged it safe.';

export const CAUTION_PROBLEM =
	'This worksheet can raise conflict at home while a safety concern is open. Tick “I have considered this” to assign it anyway.';

/** The refusal to show beside the confirmation, or null when the assignment may go ahead. */
export function cautionProblem(
	template: WorksheetTemplate,
	urgentSafetyFlagOpen: boolean,
	considered: boolean
): string | null {
	return urgentSafetyFlagOpen && needsCaution(template) && !considered ? CAUTION_PROBLEM : null;
}
