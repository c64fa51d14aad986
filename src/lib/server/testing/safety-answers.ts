import type { Answers } from '../../worksheets/answers';
import { safetyCheckIn } from '../../worksheets/builtin/safety-check-in';

// Answers to the private check-in for tests: every question answered with
// nothing of concern, so a test changes only the answer it is about.

/** “Never” or “no” to every question, nothing written: no flag at any tier. */
export const SAFETY_ALL_CLEAR: Answers = Object.fromEntries(
	safetyCheckIn.fields.flatMap((field) =>
		field.kind === 'single-choice' ? [[field.key, field.options[0]!.value]] : []
	)
);

/** A watch concern: checking the partner's phone, with words of their own. */
export function safetyWatch(words: string): Answers {
	return { ...SAFETY_ALL_CLEAR, 'monitored-past-year': 'sometimes', 'anything-else': words };
}

/** An urgent concern: afraid for their safety now. */
export const SAFETY_URGENT: Answers = { ...SAFETY_ALL_CLEAR, 'afraid-now': 'yes' };
