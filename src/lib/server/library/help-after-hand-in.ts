import type { Database } from '../database/open';
import type { Answers } from '../../worksheets/answers';
import type { WorksheetTemplate } from '../../worksheets/template';
import { concernTier } from '../../worksheets/concern';
import { crisisHelpText } from './crisis-help';
import { safetyHelpText } from './safety-help';

// The one decision of which help a partner sees straight after handing a
// worksheet in: the safety help after a concerning private check-in, the
// crisis help after thoughts of self-harm on the wellbeing check-in, or none.
// The homework page's submit action returns it, so it is shown in the answer
// to the hand-in itself and never needs a page that stays in history.

export interface HelpAfterHandIn {
	kind: 'safety-help' | 'crisis-help';
	/** The therapist's own words, or the default; paragraphs split by a blank line. */
	text: string;
}

/**
 * The help to show for these handed-in answers, or null. A concern of the
 * urgent or watch tier shows help; one that only needs reading (a skipped
 * question, words of their own) does not: nothing said is yet a concern.
 */
export async function helpAfterHandIn(
	db: Database,
	therapistId: string,
	template: WorksheetTemplate,
	answers: Answers
): Promise<HelpAfterHandIn | null> {
	const tier = concernTier(template, answers);
	if (tier !== 'urgent' && tier !== 'watch') return null;
	const kind = template.helpAfterConcern ?? 'safety-help';
	const { text } =
		kind === 'crisis-help'
			? await crisisHelpText(db, therapistId)
			: await safetyHelpText(db, therapistId);
	return { kind, text };
}
