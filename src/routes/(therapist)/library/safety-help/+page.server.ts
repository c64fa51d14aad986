import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { readForm, textFields } from '$lib/server/http/form';
import {
	resetSafetyHelpText,
	safetyHelpProblem,
	safetyHelpText,
	setSafetyHelpText
} from '$lib/server/library/safety-help';
import { requestActor } from '$lib/server/audit/actor';
import { DEFAULT_SAFETY_HELP_TEXT } from '$lib/worksheets/safety-help';

// The words a partner sees when their safety check-in raises concern: each
// therapist can put in their own local services and how to reach them.

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const help = await safetyHelpText(db, therapist.id);
	return {
		...help,
		defaultText: DEFAULT_SAFETY_HELP_TEXT,
		saved: event.url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		const { text } = textFields(await readForm(event.request), ['text']);
		const problem = safetyHelpProblem(text);
		if (problem) return fail(400, { text, problem });
		await setSafetyHelpText(
			db,
			requestActor(event, therapist.id),
			text.replace(/\r\n/g, '\n'),
			new Date()
		);
		redirect(303, '/library/safety-help?saved=own');
	},
	reset: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		await resetSafetyHelpText(db, requestActor(event, therapist.id), new Date());
		redirect(303, '/library/safety-help?saved=default');
	}
};
