import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { readForm, textFields } from '$lib/server/http/form';
import {
	resetCrisisHelpText,
	crisisHelpProblem,
	crisisHelpText,
	setCrisisHelpText
} from '$lib/server/library/crisis-help';
import { requestActor } from '$lib/server/audit/actor';
import { DEFAULT_CRISIS_HELP_TEXT } from '$lib/worksheets/crisis-help';

// The words a partner sees at once when their wellbeing check-in shows
// thoughts of self-harm: each therapist can put in their local crisis lines.

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const help = await crisisHelpText(db, therapist.id);
	return {
		...help,
		defaultText: DEFAULT_CRISIS_HELP_TEXT,
		saved: event.url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		const { text } = textFields(await readForm(event.request), ['text']);
		const problem = crisisHelpProblem(text);
		if (problem) return fail(400, { text, problem });
		await setCrisisHelpText(
			db,
			requestActor(event, therapist.id),
			text.replace(/\r\n/g, '\n'),
			new Date()
		);
		redirect(303, '/library/crisis-help?saved=own');
	},
	reset: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		await resetCrisisHelpText(db, requestActor(event, therapist.id), new Date());
		redirect(303, '/library/crisis-help?saved=default');
	}
};
