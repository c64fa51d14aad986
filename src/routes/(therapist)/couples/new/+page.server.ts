import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { coupleProblems, createCouple } from '$lib/server/casework/couples';
import { readForm, textFields } from '$lib/server/http/form';
import { readScreening, SCREENING_EVERY_WEEKS_DEFAULT } from '$lib/server/homework/screening';
import { requestActor } from '$lib/server/audit/actor';
import { SECRETS_POLICIES } from '$lib/secrets-policy';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	await requireTherapist(event, db);
	return {
		defaultPolicy: SECRETS_POLICIES[0]!,
		screeningEveryWeeks: SCREENING_EVERY_WEEKS_DEFAULT
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
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
		const coupleId = await createCouple(db, requestActor(event, therapist.id), input, new Date());
		redirect(303, `/couples/${coupleId}?created`);
	}
};
