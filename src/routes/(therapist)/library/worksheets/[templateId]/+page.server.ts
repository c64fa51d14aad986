import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { readForm } from '$lib/server/http/form';
import { latestBuiltinTemplate } from '$lib/server/library/worksheet-templates';
import { helpAfterHandIn } from '$lib/server/library/help-after-hand-in';
import { stepByNumber } from '$lib/steps/steps';
import { answersFromForm, applyRowIntent, parseRowIntent } from '$lib/worksheets/form-encoding';
import { FORM_PROBLEM, validateAnswers } from '$lib/worksheets/validate';
import { scoreAnswers } from '$lib/worksheets/scoring';
import { concernTier } from '$lib/worksheets/concern';

// A preview of a worksheet exactly as a partner sees it. Filling it in and
// checking the answers runs the real validator, and saves nothing.

async function previewedTemplate(event: RequestEvent) {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const stored = await latestBuiltinTemplate(db, event.params.templateId);
	if (!stored) error(404, 'Not found');
	return { therapist, ...stored };
}

export const load: PageServerLoad = async (event) => {
	const { template, version } = await previewedTemplate(event);
	const step = template.step === null ? null : (stepByNumber(template.step) ?? null);
	return {
		template,
		version,
		step: step && { number: step.number, title: step.title, summary: step.summary }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { therapist, template } = await previewedTemplate(event);
		const form = await readForm(event.request);
		const { answers: typed, problems: encodingProblems } = answersFromForm(template, form);

		const intent = parseRowIntent(form.get('intent'));
		if (intent) {
			// Adding or removing a row without JavaScript: the list changes, every word stays.
			const draft = validateAnswers(template, typed, 'draft');
			const changed = draft.ok ? applyRowIntent(template, draft.answers, intent) : FORM_PROBLEM;
			if (changed === FORM_PROBLEM)
				return fail(400, {
					answers: typed,
					problems: draft.ok ? { [FORM_PROBLEM]: 'That row could not be changed.' } : draft.problems
				});
			return { answers: changed as Record<string, unknown>, problems: {} };
		}

		const result = validateAnswers(template, typed, 'submit');
		const problems = { ...encodingProblems, ...(result.ok ? {} : result.problems) };
		if (!result.ok || Object.keys(problems).length > 0)
			return fail(400, { answers: typed, problems });
		return {
			answers: typed,
			problems: {},
			accepted: {
				answers: result.answers,
				score: scoreAnswers(template, result.answers),
				// What a real hand-in would raise and show: the same two rules.
				tier: concernTier(template, result.answers),
				help: await helpAfterHandIn(appDatabase(), therapist.id, template, result.answers)
			}
		};
	}
};
