import { isMultipleChoiceAnswer, type SimpleAnswer } from './answers';
import type { SimpleField } from './template';

/** An answer in words, as the reader sees it; a list for several choices; null when unanswered. */
export function describeAnswer(
	field: SimpleField,
	answer: SimpleAnswer | undefined
): string | string[] | null {
	if (answer === undefined) return null;
	// A choice list is an object; everything else reads as it is written.
	const plain = isMultipleChoiceAnswer(answer) ? '' : String(answer);
	switch (field.kind) {
		case 'scale':
			return `${plain} on a scale from ${field.min} (${field.minLabel}) to ${field.max} (${field.maxLabel})`;
		case 'single-choice':
			return field.options.find((option) => option.value === answer)?.label ?? plain;
		case 'multiple-choice': {
			if (!isMultipleChoiceAnswer(answer)) return null;
			const chosen = answer.selected.map(
				(value) => field.options.find((option) => option.value === value)?.label ?? value
			);
			if (answer.other) chosen.push(`${field.other?.label ?? 'Other'}: ${answer.other}`);
			return chosen;
		}
		default:
			return plain;
	}
}
