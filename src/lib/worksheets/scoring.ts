import type { Answers } from './answers';
import type { WorksheetTemplate } from './template';

export interface Score {
	total: number;
	/** The lowest and highest totals the template allows. */
	range: { min: number; max: number };
	band: { label: string; concerning: boolean };
}

/**
 * The total of a scored template: the sum of its items (a scale's value or
 * the chosen option's score; reverse-scored items count min + max − value),
 * and the band it falls in. Null when the template is not scored or an item
 * is unanswered: a partial total would mislead.
 */
export function scoreAnswers(template: WorksheetTemplate, answers: Answers): Score | null {
	const scoring = template.scoring;
	if (!scoring) return null;
	let total = 0;
	let min = 0;
	let max = 0;
	for (const item of scoring.items) {
		const field = template.fields.find((candidate) => candidate.key === item.key);
		const answer = answers[item.key];
		let value: number | undefined;
		let low: number;
		let high: number;
		if (field?.kind === 'scale') {
			low = field.min;
			high = field.max;
			value = typeof answer === 'number' ? answer : undefined;
		} else if (field?.kind === 'single-choice') {
			const scores = field.options.map((option) => option.score ?? 0);
			low = Math.min(...scores);
			high = Math.max(...scores);
			value = field.options.find((option) => option.value === answer)?.score;
		} else {
			return null;
		}
		if (value === undefined) return null;
		total += item.reverse ? low + high - value : value;
		min += low;
		max += high;
	}
	const band =
		scoring.bands.find((candidate) => candidate.below === null || total < candidate.below) ??
		scoring.bands[scoring.bands.length - 1];
	return {
		total,
		range: { min, max },
		band: { label: band?.label ?? '', concerning: band?.concerning ?? false }
	};
}
