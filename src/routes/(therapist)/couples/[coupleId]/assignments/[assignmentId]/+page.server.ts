import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistAssignment } from '$lib/server/access/therapist';
import {
	assignableTemplates,
	cancelAssignment,
	readAssignmentInput,
	updateAssignment
} from '$lib/server/homework/assignments';
import { nextSession } from '$lib/server/casework/therapy-sessions';
import { readForm, textFields } from '$lib/server/http/form';
import { formatDue, formatStamp, utcToWallTime } from '$lib/time';
import { SHARED_RELEASES, describeRelease } from '$lib/server/homework/release';
import { programOfCouple } from '$lib/server/programs/couple-program';
import { placementLabel, placementOf } from '$lib/server/programs/homework-placement';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple, assignment } = await requireTherapistAssignment(event, db, new Date());
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'assignment',
		id: assignment.id
	});
	const zone = therapist.timeZone;
	const wall =
		assignment.dueAt && assignment.recurrence === 'once'
			? utcToWallTime(assignment.dueAt, zone)
			: { date: '', time: '' };
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		timeZone: zone,
		assignment: {
			...assignment,
			placement: placementLabel(placementOf(await programOfCouple(db, couple.id), assignment)),
			due: assignment.dueAt ? formatDue(assignment.dueAt, zone) : null,
			releaseLabel: describeRelease(assignment.release),
			forWhom:
				assignment.partnerId === null
					? 'Both partners'
					: `${couple.partners.find((partner) => partner.id === assignment.partnerId)?.displayName ?? ''} only`,
			progress: assignment.progress.map((piece) => ({
				...piece,
				submitted: piece.submittedAt ? formatStamp(piece.submittedAt, zone) : null
			}))
		},
		values: {
			dueDate: wall.date,
			dueTime: wall.time,
			note: assignment.note,
			recurrence: assignment.recurrence,
			release: assignment.release
		},
		releases: SHARED_RELEASES
	};
};

export const actions: Actions = {
	save: async (event) => {
		const db = appDatabase();
		const { therapist, couple, assignment } = await requireTherapistAssignment(
			event,
			db,
			new Date()
		);
		if (assignment.cancelled)
			return fail(409, {
				values: null,
				problems: {},
				message: 'This homework was cancelled; assign it again instead.'
			});
		const now = new Date();
		const values = textFields(await readForm(event.request), [
			'dueDate',
			'dueTime',
			'note',
			'recurrence',
			'release'
		]);
		const [templates, next] = await Promise.all([
			// A worksheet archived since it was set stays changeable here.
			assignableTemplates(db, therapist.id, { archived: true }),
			nextSession(db, couple.id, now)
		]);
		// The worksheet and who does it stay as assigned; timing, the note and the release change.
		const { problems, assignment: valid } = readAssignmentInput(
			{ ...values, templateId: assignment.templateId, who: assignment.partnerId ?? 'both' },
			{
				partnerIds: couple.partners.map((partner) => partner.id),
				templates,
				zone: therapist.timeZone,
				nextSessionAt: next?.startsAt ?? null
			}
		);
		if (!valid) return fail(400, { values, problems, message: null });
		if (
			!(await updateAssignment(
				db,
				requestActor(event, therapist.id),
				assignment.id,
				{
					dueAt: valid.dueAt,
					note: valid.note,
					recurrence: valid.recurrence,
					release: valid.release
				},
				now
			))
		)
			error(404, 'Not found');
		redirect(303, `/couples/${couple.id}/assignments/${assignment.id}?saved`);
	},
	cancel: async (event) => {
		const db = appDatabase();
		const { therapist, couple, assignment } = await requireTherapistAssignment(
			event,
			db,
			new Date()
		);
		await cancelAssignment(db, requestActor(event, therapist.id), assignment.id, new Date());
		redirect(303, `/couples/${couple.id}#homework-heading`);
	}
};
