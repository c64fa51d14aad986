import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistSession } from '$lib/server/access/therapist';
import { sessionPrep } from '$lib/server/views/session-prep';
import { forPrint, printOptions } from '$lib/server/views/prep-print';
import {
	addFeedback,
	FEEDBACK_MAX,
	markPrepared,
	markReviewed,
	NOTES_MAX,
	reopenResponse,
	saveSessionNotes
} from '$lib/server/homework/review';
import { readForm, textFields } from '$lib/server/http/form';
import { escalationsWithTimes } from '$lib/server/casework/flag-follow-up';
import { formatDue, formatSessionTime, formatStamp } from '$lib/time';
import { changeSummary } from '$lib/server/homework/check-in-change';
import { CSI4_NORMS } from '$lib/server/homework/check-ins';
import { CHANGE_LABELS, measuredChange } from '$lib/worksheets/reliable-change';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple, session } = await requireTherapistSession(event, db);
	const zone = therapist.timeZone;
	const full = await sessionPrep(db, couple.id, session, new Date());
	// The version to print leaves out what was asked on the server: it is not in the page's data.
	const print = printOptions(event.url.searchParams);
	const prep = print ? forPrint(full, print) : full;
	await recordAudit(db, requestActor(event, therapist.id), 'prep.view', {
		type: 'therapy-session',
		id: session.id
	});
	const read = prep.worksheets.flatMap((worksheet) =>
		worksheet.responses.flatMap((response) =>
			response ? [{ type: 'response', id: response.responseId }] : []
		)
	);
	await recordAudit(db, requestActor(event, therapist.id), 'response.read', read);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		session: {
			id: session.id,
			when: formatSessionTime(session.startsAt, zone),
			status: session.status
		},
		since: prep.previousSessionAt ? formatSessionTime(prep.previousSessionAt, zone) : null,
		partners: prep.partners,
		print,
		toRaise: prep.toRaise,
		worksheets: prep.worksheets.map((worksheet) => ({
			...worksheet,
			responses: worksheet.responses.map(
				(response) =>
					response && {
						...response,
						submitted: response.submittedAt ? formatStamp(response.submittedAt, zone) : null
					}
			)
		})),
		missing: prep.missing.map((item) => ({
			...item,
			due: item.dueAt ? formatDue(item.dueAt, zone) : null
		})),
		// A raised flag links to its answers when they are on this page.
		flags: prep.flags.map((flag) => ({
			...flag,
			followUp: flag.followUp && {
				...flag.followUp,
				escalations: escalationsWithTimes(flag.followUp.escalations, zone)
			},
			answersOnPage:
				flag.followUp?.assignmentId != null &&
				prep.worksheets.some((worksheet) => worksheet.assignmentId === flag.followUp?.assignmentId)
		})),
		checkIns: prep.checkIns.map((point) => {
			const baseline = prep.measures.changes.find((change) => change.partnerId === point.partnerId);
			return {
				...point,
				when: formatStamp(point.at, zone),
				// Against the partner's first check-in, in reliable change's words.
				change:
					baseline && baseline.baseline !== point.total
						? CHANGE_LABELS[measuredChange(baseline.baseline, point.total, CSI4_NORMS).label]
						: null
			};
		}),
		checkInSummaries: prep.measures.changes.map((change) => ({
			partnerId: change.partnerId,
			line: changeSummary(
				prep.partners.find((partner) => partner.id === change.partnerId)?.displayName ?? '',
				change
			)
		})),
		notes: prep.notes,
		prepared: prep.preparedAt !== null
	};
};

export const actions: Actions = {
	notes: async (event) => {
		const db = appDatabase();
		const { therapist, session } = await requireTherapistSession(event, db);
		const { notes } = textFields(await readForm(event.request), ['notes']);
		if ([...notes].length > NOTES_MAX)
			return fail(400, {
				notesProblem: `Keep notes to ${NOTES_MAX.toLocaleString('en')} characters.`,
				notes
			});
		if (
			!(await saveSessionNotes(
				db,
				requestActor(event, therapist.id),
				session.id,
				notes,
				new Date()
			))
		)
			error(404, 'Not found');
		return { notesSaved: true };
	},
	feedback: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistSession(event, db);
		const { responseId, to, text } = textFields(await readForm(event.request), [
			'responseId',
			'to',
			'text'
		]);
		if (text.trim() === '')
			return fail(400, { feedbackFor: responseId, feedbackProblem: 'Write the feedback first.' });
		if ([...text].length > FEEDBACK_MAX)
			return fail(400, {
				feedbackFor: responseId,
				feedbackProblem: `Keep feedback to ${FEEDBACK_MAX.toLocaleString('en')} characters.`
			});
		const outcome = await addFeedback(
			db,
			requestActor(event, therapist.id),
			couple.id,
			responseId,
			to === 'both' ? null : to,
			text.trim(),
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'private')
			return fail(400, {
				feedbackFor: responseId,
				feedbackProblem: 'A check-in takes no written feedback: talk with the partner on their own.'
			});
		return { feedbackSent: responseId };
	},
	reviewed: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistSession(event, db);
		const { responseId } = textFields(await readForm(event.request), ['responseId']);
		if (
			!(await markReviewed(
				db,
				requestActor(event, therapist.id),
				couple.id,
				responseId,
				new Date()
			))
		)
			error(404, 'Not found');
		return { reviewed: responseId };
	},
	reopen: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistSession(event, db);
		const { responseId, note } = textFields(await readForm(event.request), ['responseId', 'note']);
		if (note.trim() === '')
			return fail(400, {
				reopenFor: responseId,
				reopenProblem: 'Say what you would like revised.'
			});
		if (
			!(await reopenResponse(
				db,
				requestActor(event, therapist.id),
				couple.id,
				responseId,
				note.trim(),
				new Date()
			))
		)
			error(404, 'Not found');
		return { reopened: responseId };
	},
	prepared: async (event) => {
		const db = appDatabase();
		const { therapist, couple, session } = await requireTherapistSession(event, db);
		const { prepared } = textFields(await readForm(event.request), ['prepared']);
		await markPrepared(
			db,
			requestActor(event, therapist.id),
			session.id,
			prepared === 'yes',
			new Date()
		);
		redirect(303, `/couples/${couple.id}/sessions/${session.id}/prep`);
	}
};
