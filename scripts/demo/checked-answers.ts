import type { Answers } from '../../src/lib/worksheets/answers';
import type { WorksheetTemplate } from '../../src/lib/worksheets/template';
import { validateAnswers, type ValidationMode } from '../../src/lib/worksheets/validate';

/**
 * Made-up answers (the demo's, the large practice's) as the app's validator
 * accepts them, as a partner's would be; anything it refuses stops the script.
 */
export function checkedAnswers(
	template: WorksheetTemplate,
	answers: unknown,
	mode: ValidationMode
): Answers {
	const result = validateAnswers(template, answers, mode);
	if (!result.ok)
		throw new Error(
			`Made-up answers for ${template.id} do not pass the validator (${mode}): ${JSON.stringify(result.problems)}`
		);
	return result.answers;
}
