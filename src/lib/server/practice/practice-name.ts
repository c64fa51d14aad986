// The practice's name, which its administrator sets among the policies: the
// sender name of every mail to its therapists and their couples' partners,
// so it is read in a partner's inbox, perhaps by someone else holding their
// phone. No name: the app's own.

export const PRACTICE_NAME_MAX_LENGTH = 80;

// Control characters would break the mail header; direction overrides could make the name read as another.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** What is stored for what was typed: trimmed, and null (the app's name) when empty. */
export function normalizePracticeName(typed: string): string | null {
	const name = typed.trim();
	return name.length === 0 ? null : name;
}

export function practiceNameProblem(typed: string): string | null {
	const name = typed.trim();
	if ([...name].length > PRACTICE_NAME_MAX_LENGTH)
		return `Use at most ${PRACTICE_NAME_MAX_LENGTH} characters.`;
	if (UNPRINTABLE.test(name)) return 'Use letters, numbers and punctuation, on one line.';
	return null;
}
