import type { Audience } from './template';

/** The ids of the words that go with a question, for aria-describedby. */
export function describedBy(
	id: string,
	parts: { help?: string; audience?: Audience; problem?: string }
): string | undefined {
	const ids = [
		parts.help ? `${id}-help` : null,
		parts.audience === 'confidential' || parts.audience === 'shared' ? `${id}-audience` : null,
		parts.problem ? `${id}-problem` : null
	].filter((value): value is string => value !== null);
	return ids.length > 0 ? ids.join(' ') : undefined;
}
