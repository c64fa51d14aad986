import type { Database } from '../database/open';
import type { SignedInActor } from '../audit/audit';
import {
	HELP_TEXT_MAX_LENGTH,
	helpText,
	helpTextProblem,
	resetHelpText,
	setHelpText
} from './help-texts';

// The safety help: what every partner reads under Help, and sees once after a
// private check-in that calls for it. Kept as every help text is (help-texts.ts).

export const SAFETY_HELP_MAX_LENGTH = HELP_TEXT_MAX_LENGTH;

/** The words a partner sees: the therapist's own, or the default. */
export function safetyHelpText(db: Database, therapistId: string) {
	return helpText(db, 'safety-help', therapistId);
}

export const safetyHelpProblem = helpTextProblem;

export function setSafetyHelpText(db: Database, actor: SignedInActor, text: string, now: Date) {
	return setHelpText(db, actor, 'safety-help', text, now);
}

/** Back to the default: the therapist's own words are removed. */
export function resetSafetyHelpText(db: Database, actor: SignedInActor, now: Date) {
	return resetHelpText(db, actor, 'safety-help', now);
}
