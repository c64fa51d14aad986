import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleProblems, updateCouple } from '$lib/server/casework/couples';
import { readForm, textFields } from '$lib/server/http/form';
import { readScreening } from '$lib/server/homework/screening';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'couple',
		id: couple.id
	});
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		values: {
			name: couple.name,
			partner1: couple.partners[0]?.displayName ?? '',
			partner2: couple.partners[1]?.displayName ?? '',
			secretsPolicy: couple.secretsPolicy,
			policyText: couple.policyText,
			screeningOn: couple.screening.on ? 'yes' : '',
			screeningEveryWeeks: String(couple.screening.everyWeeks)
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const values = textFields(await readForm(event.request), [
			'name',
			'partner1',
			'partner2',
			'secretsPolicy',
			'policyText',
			'screeningOn',
			'screeningEveryWeeks'
		]);
		const { screening, problem: screeningProblem } = readScreening(values);
		const input = {
			name: values.name,
			partnerNames: [values.partner1, values.partner2] as [string, string],
			secretsPolicy: values.secretsPolicy,
			policyText: values.policyText,
			screening
		};
		const problems = {
			...coupleProblems(input),
			...(screeningProblem ? { screeningEveryWeeks: screeningProblem } : {})
		};
		if (Object.keys(problems).length > 0) return fail(400, { values, problems });
		if (!(await updateCouple(db, requestActor(event, therapist.id), couple.id, input, new Date())))
			error(404, 'Not found');
		redirect(303, `/couples/${couple.id}`);
	}
};
