import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import {
	assignableTemplates,
	assignHomework,
	readAssignmentInput
} from '$lib/server/homework/assignments';
import { nextSession } from '$lib/server/casework/therapy-sessions';
import { hasOpenUrgentSafetyFlag } from '$lib/server/casework/flag-follow-up';
import { CAUTION_WARNING, cautionProblem, needsCaution } from '$lib/server/homework/caution';
import { readForm, textFields } from '$lib/server/http/form';
import { ASSIGNMENT_FIELDS, worksheetChoices } from './worksheet-choices';
import { formatDateTime } from '$lib/time';
import { programOfCouple } from '$lib/server/programs/couple-program';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	if (couple.archived) error(409, 'This couple is archived. Restore it to assign homework.');
	const [templates, next, urgent, program] = await Promise.all([
		assignableTemplates(db),
		nextSession(db, couple.id, new Date()),
		hasOpenUrgentSafetyFlag(db, couple.id),
		programOfCouple(db, couple.id)
	]);
	return {
		// While an urgent safety flag is open, the worksheets that need the therapist's confirmation.
		caution: urgent
			? {
					warning: CAUTION_WARNING,
					titles: [...templates.values()].filter(needsCaution).map((template) => template.title)
				}
			: null,
		coupleId: couple.id,
		coupleName: couple.name,
		partners: couple.partners.map((partner) => ({
			id: partner.id,
			displayName: partner.displayName
		})),
		programTitle: program.program.title,
		choices: worksheetChoices(templates, program.program),
		nextSession: next ? formatDateTime(next.startsAt, therapist.timeZone) : null,
		timeZone: therapist.timeZone,
		checkInLeadHours: couple.checkInLeadHours,
		preselected: event.url.searchParams.get('worksheet') ?? ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		if (couple.archived) error(409, 'This couple is archived. Restore it to assign homework.');
		const now = new Date();
		const posted = textFields(await readForm(event.request), [...ASSIGNMENT_FIELDS, 'considered']);
		const { considered, ...values } = posted;
		const [templates, next, urgent, program] = await Promise.all([
			assignableTemplates(db),
			nextSession(db, couple.id, now),
			hasOpenUrgentSafetyFlag(db, couple.id),
			programOfCouple(db, couple.id)
		]);
		const { problems, assignment } = readAssignmentInput(values, {
			partnerIds: couple.partners.map((partner) => partner.id),
			templates,
			zone: therapist.timeZone,
			nextSessionAt: next?.startsAt ?? null
		});
		if (!assignment) return fail(400, { values, problems, considered: considered === 'yes' });
		const caution = cautionProblem(assignment.template, urgent, considered === 'yes');
		if (caution)
			return fail(400, {
				values,
				problems: { ...problems, considered: caution },
				considered: false
			});
		const ids = await assignHomework(
			db,
			requestActor(event, therapist.id),
			couple.id,
			{ ...assignment, step: program.placementOf(assignment.template.id) },
			now
		);
		if (!ids) error(404, 'Not found');
		redirect(303, `/couples/${couple.id}#homework-heading`);
	}
};
