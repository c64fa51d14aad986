import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import type { Database } from '$lib/server/database/open';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartnerWorksheet, type Partner } from '$lib/server/access/partner';
import { homeworkForPartner } from '$lib/server/homework/assignments';
import { isHandedIn } from '$lib/server/homework/rules';
import { editAgain, saveDraft, submitResponse } from '$lib/server/homework/responses';
import { coupleForPartner } from '$lib/server/casework/couples';
import { helpAfterHandIn } from '$lib/server/library/help-after-hand-in';
import { readForm } from '$lib/server/http/form';
import { stepByNumber } from '$lib/steps/steps';
import { formatDateTime } from '$lib/time';
import { answersFromForm, applyRowIntent, parseRowIntent } from '$lib/worksheets/form-encoding';
import {
	answersForOtherPartner,
	fieldsForOtherPartner,
	type SharingChoice
} from '$lib/worksheets/audience';
import { FORM_PROBLEM, validateAnswers } from '$lib/worksheets/validate';
import type { Answers } from '$lib/worksheets/answers';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
	const couple = await coupleForPartner(db, partner);
	await recordAudit(db, requestActor(event, partner.id), 'response.read', {
		type: 'assignment',
		id: worksheet.assignmentId
	});
	const justSubmitted = event.url.searchParams.has('submitted');
	const step = worksheet.step ? stepByNumber(worksheet.step) : undefined;
	const finished = worksheet.status === 'submitted' || worksheet.status === 'reviewed';
	return {
		assignmentId: worksheet.assignmentId,
		template: worksheet.template,
		answers: worksheet.answers,
		revision: worksheet.revision,
		status: worksheet.status,
		sharing: worksheet.sharing,
		note: worksheet.note,
		reopenNote: worksheet.reopenNote,
		step: step ? { number: step.number, title: step.title, summary: step.summary } : null,
		due: worksheet.dueAt ? formatDateTime(worksheet.dueAt, partner.timeZone) : null,
		savedAt: worksheet.updatedAt ? formatDateTime(worksheet.updatedAt, partner.timeZone) : null,
		therapistName: couple.therapistName,
		otherPartnerName: couple.otherPartnerName ?? 'your partner',
		justSubmitted,
		// Straight after handing in, the way on: the partner's next homework still to do.
		next: justSubmitted ? await nextHomework(db, partner, worksheet.assignmentId) : null,
		// The help after a concerning check-in stays on the partner's own submitted page.
		helpText: finished
			? ((await helpAfterHandIn(db, couple.therapistId, worksheet.template, worksheet.answers))
					?.text ?? null)
			: null
	};
};

/** The partner's homework still to do (not this one), soonest due first, or null. */
async function nextHomework(db: Database, partner: Partner, after: string) {
	const open = (await homeworkForPartner(db, partner, new Date())).filter(
		(item) => item.id !== after && !isHandedIn(item.status)
	);
	return open[0] ? { id: open[0].id, title: open[0].title } : null;
}

function sharingFrom(form: FormData): SharingChoice {
	return {
		therapistFields: form.get('shareTherapistFields') === 'yes',
		sharedFields: form.get('shareSharedFields') === 'yes'
	};
}

/** Reads the posted worksheet: what was typed, kept whatever happens next. */
async function posted(event: RequestEvent, db: Database) {
	const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
	const form = await readForm(event.request);
	const { answers: typed, problems: encodingProblems } = answersFromForm(worksheet.template, form);
	const revision = Number(form.get('revision'));
	if (!Number.isInteger(revision))
		error(400, 'The worksheet could not be read. Reload the page and try again.');
	return { partner, worksheet, form, typed, encodingProblems, revision };
}

function conflictFailure(
	typed: Record<string, unknown>,
	current: { answers: Answers; revision: number }
) {
	return fail(409, { typed, problems: {}, conflict: current, preview: null });
}

export const actions: Actions = {
	save: async (event) => {
		const db = appDatabase();
		const { partner, worksheet, form, typed, encodingProblems, revision } = await posted(event, db);
		let toSave: Record<string, unknown> = typed;
		const intent = parseRowIntent(form.get('intent'));
		if (intent) {
			const draft = validateAnswers(worksheet.template, typed, 'draft');
			const changed = draft.ok
				? applyRowIntent(worksheet.template, draft.answers, intent)
				: FORM_PROBLEM;
			if (changed === FORM_PROBLEM)
				return fail(400, {
					typed,
					problems: draft.ok
						? { [FORM_PROBLEM]: 'That row could not be changed.' }
						: draft.problems,
					conflict: null,
					preview: null
				});
			toSave = changed;
		}
		if (Object.keys(encodingProblems).length > 0)
			return fail(400, { typed, problems: encodingProblems, conflict: null, preview: null });
		const result = await saveDraft(
			db,
			requestActor(event, partner.id),
			partner,
			worksheet,
			toSave,
			revision,
			new Date()
		);
		if (result.outcome === 'conflict') return conflictFailure(typed, result.current);
		if (result.outcome === 'invalid')
			return fail(400, { typed, problems: result.problems, conflict: null, preview: null });
		if (result.outcome === 'locked')
			return fail(409, {
				typed,
				problems: {
					[FORM_PROBLEM]: 'This worksheet is submitted. Choose “Edit again” to change it.'
				},
				conflict: null,
				preview: null
			});
		if (result.outcome === 'not-found') error(404, 'Not found');
		if (intent)
			return {
				typed: toSave,
				problems: {},
				conflict: null,
				preview: null,
				revision: result.revision
			};
		redirect(303, `/homework/${worksheet.assignmentId}?saved`);
	},

	// Before submitting, the partner sees exactly what the other partner will be able to read.
	review: async (event) => {
		const db = appDatabase();
		const { worksheet, form, typed, encodingProblems } = await posted(event, db);
		const result = validateAnswers(worksheet.template, typed, 'submit');
		const problems = { ...encodingProblems, ...(result.ok ? {} : result.problems) };
		if (!result.ok || Object.keys(problems).length > 0)
			return fail(400, { typed, problems, conflict: null, preview: null });
		const sharing = sharingFrom(form);
		const visible = answersForOtherPartner(worksheet.template, result.answers, sharing);
		return {
			typed,
			problems: {},
			conflict: null,
			preview: {
				sharing,
				fields: fieldsForOtherPartner(worksheet.template, sharing).map((field) => field.key),
				answers: visible ?? {}
			}
		};
	},

	submit: async (event) => {
		const db = appDatabase();
		const { partner, worksheet, form, typed, encodingProblems, revision } = await posted(event, db);
		if (Object.keys(encodingProblems).length > 0)
			return fail(400, { typed, problems: encodingProblems, conflict: null, preview: null });
		const result = await submitResponse(
			db,
			requestActor(event, partner.id),
			partner,
			worksheet,
			typed,
			revision,
			sharingFrom(form),
			new Date()
		);
		if (result.outcome === 'conflict') return conflictFailure(typed, result.current);
		if (result.outcome === 'invalid')
			return fail(400, { typed, problems: result.problems, conflict: null, preview: null });
		if (result.outcome === 'locked')
			return fail(409, {
				typed,
				problems: { [FORM_PROBLEM]: 'This worksheet is already submitted.' },
				conflict: null,
				preview: null
			});
		if (result.outcome === 'not-found') error(404, 'Not found');
		// Help the answers call for is in the answer to the hand-in itself: at once, and without a
		// page address that keeps it in the browser's history.
		const handedIn = validateAnswers(worksheet.template, typed, 'submit');
		const { therapistId } = await coupleForPartner(db, partner);
		const help = handedIn.ok
			? await helpAfterHandIn(db, therapistId, worksheet.template, handedIn.answers)
			: null;
		if (help) return { typed, problems: {}, conflict: null, preview: null, help };
		redirect(303, `/homework/${worksheet.assignmentId}?submitted`);
	},

	editAgain: async (event) => {
		const db = appDatabase();
		const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
		const outcome = await editAgain(
			db,
			requestActor(event, partner.id),
			partner,
			worksheet,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'reviewed')
			return fail(409, {
				typed: null,
				problems: {
					[FORM_PROBLEM]:
						'Your therapist has already reviewed this. Ask them to reopen it if you want to change it.'
				},
				conflict: null,
				preview: null
			});
		redirect(303, `/homework/${worksheet.assignmentId}`);
	}
};
