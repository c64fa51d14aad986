import type { Database } from '../database/open';
import type { SignedInActor } from '../audit/audit';
import { helpText, helpTextProblem, resetHelpText, setHelpText } from './help-texts';

// The crisis help: what a partner sees at once when their wellbeing check-in
// shows thoughts of self-harm. Kept as every help text is (help-texts.ts).

/** The therapist's own crisis help, or the default. */
export function crisisHelpText(db: Database, therapistId: string) {
	return helpText(db, 'crisis-help', therapistId);
}

export const crisisHelpProblem = helpTextProblem;

export function setCrisisHelpText(db: Database, actor: SignedInActor, text: string, now: Date) {
	return setHelpText(db, actor, 'crisis-help', text, now);
}

/** Back to the default: the therapist's own words are removed. */
export function resetCrisisHelpText(db: Database, actor: SignedInActor, now: Date) {
	return resetHelpText(db, actor, 'crisis-help', now);
}
