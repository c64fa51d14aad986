import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import {
	assignableTemplates,
	assignSeveral,
	readAssignmentInput
} from '$lib/server/homework/assignments';
import { nextSession } from '$lib/server/casework/therapy-sessions';
import { hasOpenUrgentSafetyFlag } from '$lib/server/casework/flag-follow-up';
import { CAUTION_WARNING, cautionProblem, needsCaution } from '$lib/server/homework/caution';
import { readForm, textFields } from '$lib/server/http/form';
import { ASSIGNMENT_FIELDS, worksheetChoices } from './worksheet-choices';
import { formatSessionTime } from '$lib/time';
import {
	SHARED_RELEASES,
	WORKSHEET_DEFAULT,
	releasedAfterReviewByDefault
} from '$lib/server/homework/release';
import { programOfCouple } from '$lib/server/programs/couple-program';
import { ASSIGNED_COOKIE } from './assigned-cookie';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	if (couple.archived) error(409, 'This couple is archived. Restore it to assign homework.');
	const [templates, next, urgent, program] = await Promise.all([
		assignableTemplates(db, therapist.id),
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
		nextSession: next ? formatSessionTime(next.startsAt, therapist.timeZone) : null,
		timeZone: therapist.timeZone,
		checkInLeadHours: couple.checkInLeadHours,
		releases: [
			{
				value: WORKSHEET_DEFAULT,
				label: 'Its own default',
				hint: `When handed in; for ${releasedAfterReviewByDefault(templates.values()).join(', ')}, after you have reviewed it (its words promise your help before anything is shared).`
			},
			...SHARED_RELEASES
		],
		preselected: event.url.searchParams.get('worksheet') ?? ''
	};
};

/** The most worksheets one form may set at once, the first included. */
const MORE_MAX = 20;

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		if (couple.archived) error(409, 'This couple is archived. Restore it to assign homework.');
		const now = new Date();
		const form = await readForm(event.request);
		const posted = textFields(form, [...ASSIGNMENT_FIELDS, 'considered']);
		const { considered, ...values } = posted;
		const more = form.getAll('moreTemplateIds');
		if (more.some((id) => typeof id !== 'string') || more.length > MORE_MAX)
			error(400, 'The form could not be read. Reload the page and try again.');
		// The same worksheet twice, or again as the first, is set once.
		const moreIds = [...new Set(more as string[])].filter((id) => id !== values.templateId);
		const [templates, next, urgent, program] = await Promise.all([
			assignableTemplates(db, therapist.id),
			nextSession(db, couple.id, now),
			hasOpenUrgentSafetyFlag(db, couple.id),
			programOfCouple(db, couple.id)
		]);
		const context = {
			partnerIds: couple.partners.map((partner) => partner.id),
			templates,
			zone: therapist.timeZone,
			nextSessionAt: next?.startsAt ?? null
		};
		const echo = { values, moreTemplateIds: moreIds, considered: considered === 'yes' };
		const { problems, assignment } = readAssignmentInput(values, context);
		// Each further worksheet passes the same checks, with the same who, due date and note.
		const others = moreIds.map((templateId) =>
			readAssignmentInput({ ...values, templateId }, context)
		);
		const otherProblem = others
			.map((other, index) => {
				const problem = Object.values(other.problems)[0];
				if (!problem) return null;
				const title = templates.get(moreIds[index]!)?.title;
				return title ? `“${title}”: ${problem}` : 'Choose worksheets from the list.';
			})
			.find((problem) => problem !== null);
		const allProblems = { ...problems, ...(otherProblem ? { moreTemplateIds: otherProblem } : {}) };
		if (!assignment || otherProblem) return fail(400, { ...echo, problems: allProblems });
		const chosen = [assignment, ...others.map((other) => other.assignment!)];
		const caution = chosen
			.map((one) => cautionProblem(one.template, urgent, considered === 'yes'))
			.find(Boolean);
		if (caution)
			return fail(400, {
				...echo,
				problems: { ...allProblems, considered: caution },
				considered: false
			});
		const ids = await assignSeveral(
			db,
			requestActor(event, therapist.id),
			couple.id,
			chosen.map((one) => ({ ...one, step: program.placementOf(one.template.id) })),
			now
		);
		if (!ids) error(404, 'Not found');
		event.cookies.set(ASSIGNED_COOKIE, ids.join(' '), {
			path: `/couples/${couple.id}`,
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 120
		});
		redirect(303, `/couples/${couple.id}#homework-heading`);
	}
};
