import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import type { Database } from '$lib/server/database/open';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartnerWorksheet, type Partner } from '$lib/server/access/partner';
import { homeworkForPartner } from '$lib/server/homework/assignments';
import { isHandedIn } from '$lib/server/homework/rules';
import { editAgain, saveDraft, startAnother, submitResponse } from '$lib/server/homework/responses';
import {
	canSendAnother,
	isPrivate,
	sentCheckIn,
	templateForPartner
} from '$lib/server/homework/private-check-in';
import { coupleForPartner } from '$lib/server/casework/couples';
import { helpAfterHandIn } from '$lib/server/library/help-after-hand-in';
import { releaseForAuthor } from '$lib/server/homework/release';
import { readForm } from '$lib/server/http/form';
import { programOfCouple } from '$lib/server/programs/couple-program';
import { formatDue, formatStamp } from '$lib/time';
import { answersFromForm, applyRowIntent, parseRowIntent } from '$lib/worksheets/form-encoding';
import {
	answersForOtherPartner,
	fieldsForOtherPartner,
	type SharingChoice
} from '$lib/worksheets/audience';
import { FORM_PROBLEM, validateAnswers } from '$lib/worksheets/validate';
import type { Answers } from '$lib/worksheets/answers';

/** Set for one response, right after a private check-in is sent: its help shows once. */
const JUST_SENT_COOKIE = 'just-sent';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
	const couple = await coupleForPartner(db, partner);
	await recordAudit(db, requestActor(event, partner.id), 'response.read', {
		type: 'assignment',
		id: worksheet.assignmentId
	});
	const finished = isHandedIn(worksheet.status);
	if (finished && isPrivate(worksheet.template)) {
		// Read once, then gone: a reload, or the page opened again later, shows only the date.
		const justSent =
			worksheet.responseId !== null && event.cookies.get(JUST_SENT_COOKIE) === worksheet.responseId;
		if (event.cookies.get(JUST_SENT_COOKIE) !== undefined)
			event.cookies.delete(JUST_SENT_COOKIE, { path: event.url.pathname });
		// The help these answers call for (safety or crisis help), once, right after sending.
		const help = justSent
			? await helpAfterHandIn(db, couple.therapistId, worksheet.template, worksheet.answers)
			: null;
		return {
			kind: 'sent' as const,
			assignmentId: worksheet.assignmentId,
			...sentCheckIn(worksheet, partner.timeZone),
			therapistName: couple.therapistName,
			canSendAnother: canSendAnother(worksheet),
			justSent,
			helpText: help?.text ?? null
		};
	}
	const justSubmitted = event.url.searchParams.has('submitted');
	const step = (await programOfCouple(db, partner.coupleId)).stepOf(worksheet);
	const otherPartnerName = couple.otherPartnerName ?? 'your partner';
	return {
		kind: 'worksheet' as const,
		assignmentId: worksheet.assignmentId,
		template: templateForPartner(worksheet.template),
		answers: worksheet.answers,
		revision: worksheet.revision,
		status: worksheet.status,
		sharing: worksheet.sharing,
		note: worksheet.note,
		reopenNote: worksheet.reopenNote,
		step: step ? { number: step.number, title: step.title, summary: step.summary } : null,
		due: worksheet.dueAt ? formatDue(worksheet.dueAt, partner.timeZone) : null,
		savedAt: worksheet.updatedAt ? formatStamp(worksheet.updatedAt, partner.timeZone) : null,
		therapistName: couple.therapistName,
		otherPartnerName,
		// When what they share reaches the other partner, if not as soon as it is handed in.
		releasedWhen: releaseForAuthor(worksheet.release, {
			otherPartner: otherPartnerName,
			therapist: couple.therapistName
		}),
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
		if (isPrivate(worksheet.template)) {
			// No trace in the address or the history: the help shows once, on the next page load.
			event.cookies.set(JUST_SENT_COOKIE, result.responseId, {
				path: `/homework/${worksheet.assignmentId}`,
				httpOnly: true,
				sameSite: 'lax',
				maxAge: 300
			});
			redirect(303, `/homework/${worksheet.assignmentId}`);
		}
		redirect(303, `/homework/${worksheet.assignmentId}?submitted`);
	},

	// A private check-in is never changed once sent: the partner sends another, and each is kept.
	sendAnother: async (event) => {
		const db = appDatabase();
		const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
		const outcome = await startAnother(
			db,
			requestActor(event, partner.id),
			partner,
			worksheet,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		redirect(303, `/homework/${worksheet.assignmentId}`);
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
		if (outcome === 'not-found' || outcome === 'private') error(404, 'Not found');
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
