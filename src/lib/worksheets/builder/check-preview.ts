import { answersFromForm, applyRowIntent, type RowIntent } from '../form-encoding';
import { FORM_PROBLEM, validateAnswers, type Problems } from '../validate';
import type { WorksheetTemplate } from '../template';

// The builder's preview is the partner's form, filled in by the therapist to
// try the draft: its answers travel in the same post as the draft and come
// back as typed. "Check these answers" runs the one validator in the mode a
// partner's hand-in uses, against the draft as it stands; nothing is saved.

/** What the preview shows again: the answers as typed, and the validator's word on them. */
export interface PreviewAnswers {
	answers: Record<string, unknown>;
	problems: Problems;
	/** True only after a check the validator passed: a hand-in of these answers would be taken. */
	accepted: boolean;
}

/**
 * The preview's answers read from the builder's post. `check` runs the hand-in
 * validator; a row intent adds or removes a repeating group's row (without
 * JavaScript); anything else only keeps what was typed. Call it only with a
 * draft the template checker passed: the validator trusts the template.
 */
export function previewAnswers(
	template: WorksheetTemplate,
	form: FormData,
	action: 'check' | 'show' | RowIntent
): PreviewAnswers {
	const { answers: typed, problems: encodingProblems } = answersFromForm(template, form);

	if (action === 'show') return { answers: typed, problems: {}, accepted: false };

	if (action === 'check') {
		const result = validateAnswers(template, typed, 'submit');
		const problems = { ...encodingProblems, ...(result.ok ? {} : result.problems) };
		return { answers: typed, problems, accepted: Object.keys(problems).length === 0 };
	}

	// Adding or removing a row: the list changes, every word stays.
	const draft = validateAnswers(template, typed, 'draft');
	if (!draft.ok) return { answers: typed, problems: draft.problems, accepted: false };
	const changed = applyRowIntent(template, draft.answers, action);
	if (changed === FORM_PROBLEM)
		return {
			answers: typed,
			problems: { [FORM_PROBLEM]: 'That row could not be changed.' },
			accepted: false
		};
	return { answers: changed, problems: {}, accepted: false };
}
