import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { readForm } from '$lib/server/http/form';
import { refuse } from '$lib/server/access/signed-in';
import { requestActor } from '$lib/server/audit/actor';
import { latestBuiltinTemplate } from '$lib/server/library/worksheet-templates';
import {
	deleteOwnTemplate,
	newTemplateId,
	ownTemplate,
	saveOwnTemplate,
	setTemplateArchived,
	templateInUse
} from '$lib/server/library/own-templates';
import { helpAfterHandIn } from '$lib/server/library/help-after-hand-in';
import { stepByNumber } from '$lib/steps/steps';
import { answersFromForm, applyRowIntent, parseRowIntent } from '$lib/worksheets/form-encoding';
import { FORM_PROBLEM, validateAnswers } from '$lib/worksheets/validate';
import { scoreAnswers } from '$lib/worksheets/scoring';
import { concernTier } from '$lib/worksheets/concern';

// A preview of a worksheet exactly as a partner sees it: a built-in, or one
// of the therapist's own (anyone else's is refused as if it did not exist).
// Filling it in and checking the answers runs the real validator, and saves
// nothing. From here a therapist copies a worksheet to adapt it, and
// changes, archives or deletes their own.

async function previewedTemplate(event: RequestEvent) {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const builtin = await latestBuiltinTemplate(db, event.params.templateId);
	if (builtin) return { db, therapist, ...builtin, own: null };
	const own = await ownTemplate(db, therapist.id, event.params.templateId);
	if (!own) return refuse(event, db, therapist);
	return { db, therapist, template: own.template, version: own.version, own };
}

/** One of the therapist's own, for the actions only an author has. */
async function ownedTemplate(event: RequestEvent) {
	const found = await previewedTemplate(event);
	if (!found.own) return refuse(event, found.db, found.therapist);
	return found;
}

export const load: PageServerLoad = async (event) => {
	const { db, template, version, own } = await previewedTemplate(event);
	const step = template.step === null ? null : (stepByNumber(template.step) ?? null);
	const saved = Number(event.url.searchParams.get('saved'));
	return {
		template,
		version,
		step: step && { number: step.number, title: step.title, summary: step.summary },
		own: own && { archived: own.archived, inUse: await templateInUse(db, template.id) },
		saved: Number.isInteger(saved) && saved > 0 ? saved : null
	};
};

export const actions: Actions = {
	copy: async (event) => {
		const { db, therapist, template } = await previewedTemplate(event);
		// The copy is the therapist's own from here on; the original stays as it is.
		const copy = {
			...structuredClone(template),
			id: newTemplateId(),
			title: copyTitle(template.title)
		};
		const saved = await saveOwnTemplate(db, requestActor(event, therapist.id), copy, new Date());
		if (!saved) error(404, 'Not found');
		redirect(303, `/library/worksheets/${copy.id}/edit`);
	},
	archive: async (event) => {
		const { db, therapist, template } = await ownedTemplate(event);
		await setTemplateArchived(db, requestActor(event, therapist.id), template.id, true, new Date());
		return { done: 'archived' as const };
	},
	restore: async (event) => {
		const { db, therapist, template } = await ownedTemplate(event);
		await setTemplateArchived(
			db,
			requestActor(event, therapist.id),
			template.id,
			false,
			new Date()
		);
		return { done: 'restored' as const };
	},
	delete: async (event) => {
		const { db, therapist, template } = await ownedTemplate(event);
		const outcome = await deleteOwnTemplate(
			db,
			requestActor(event, therapist.id),
			template.id,
			new Date()
		);
		if (outcome === 'in-use')
			return fail(409, {
				inUse: 'Homework uses this worksheet, so it cannot be deleted: archive it instead.'
			});
		if (outcome === 'not-found') error(404, 'Not found');
		redirect(303, '/library?deleted=1');
	},
	check: async (event) => {
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

function copyTitle(title: string): string {
	const suffix = ' (your copy)';
	return title.endsWith(suffix) ? title : `${title}${suffix}`;
}
