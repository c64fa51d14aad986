import { isMultipleChoiceAnswer, type Answers } from './answers';
import type { ConcernRule, WorksheetTemplate } from './template';

/**
 * Whether answers meet any of the template's concern rules (the safety
 * check-in's, for one). A concerning submission raises a flag only the
 * therapist sees, and the partner is shown where to find help.
 */
export function isConcerning(template: WorksheetTemplate, answers: Answers): boolean {
	return (template.concernRules ?? []).some((rule) => ruleMet(rule, answers));
}

function ruleMet(rule: ConcernRule, answers: Answers): boolean {
	const answer = answers[rule.field];
	if (answer === undefined) return false;
	if ('answered' in rule) return true;
	if ('atLeast' in rule) return typeof answer === 'number' && answer >= rule.atLeast;
	if (typeof answer === 'string') return rule.anyOf.includes(answer);
	if (isMultipleChoiceAnswer(answer))
		return answer.selected.some((value) => rule.anyOf.includes(value));
	return false;
}
