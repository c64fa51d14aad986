import { PROGRAM_STEPS } from '../../steps/steps';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';

// What a mail must never say, for the check every kind of mail goes through
// (content-free.test.ts, and the browser test that reads what arrives).
// A mail can be read by whoever holds the phone: words that say what the app
// is for, and anything from inside it, give away more than "something new".

const GIVEAWAY_WORDS = [
	'therapy',
	'therapist',
	'counsel',
	'couple',
	'partner',
	'homework',
	'worksheet',
	'check-in',
	'safety',
	'abuse',
	'violence',
	'concern',
	'session',
	'step',
	'relationship',
	'reconcil',
	'breakup',
	'feedback',
	'revis'
];

/** Titles of every worksheet and step: the names of what someone is working on. */
export const PROGRAM_NAMES: readonly string[] = [
	...BUILTIN_TEMPLATES.map((template) => template.title),
	...PROGRAM_STEPS.map((step) => step.title)
];

/**
 * The words and names in `text` that a mail must not carry: the giveaway
 * words, the program's names, and any of `names` (people, couples, answers)
 * the caller knows of. Empty when the text is fine.
 */
export function giveawaysIn(text: string, names: readonly string[] = []): string[] {
	const lower = text.toLowerCase();
	return [...GIVEAWAY_WORDS, ...PROGRAM_NAMES, ...names].filter((word) =>
		lower.includes(word.toLowerCase())
	);
}
