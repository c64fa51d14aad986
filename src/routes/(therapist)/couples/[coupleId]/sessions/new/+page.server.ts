import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { readSessionInput, scheduleSession } from '$lib/server/casework/therapy-sessions';
import { readForm, textFields } from '$lib/server/http/form';

const FIELDS = ['date', 'time', 'durationMinutes', 'format', 'agenda', 'videoLink'] as const;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	if (couple.archived) error(409, 'This couple is archived. Restore it to schedule sessions.');
	return { coupleId: couple.id, coupleName: couple.name, timeZone: therapist.timeZone };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		if (couple.archived) error(409, 'This couple is archived. Restore it to schedule sessions.');
		const values = textFields(await readForm(event.request), FIELDS);
		const { problems, startsAt, duration, format, videoLink } = readSessionInput(
			values,
			therapist.timeZone
		);
		if (Object.keys(problems).length > 0 || !startsAt) return fail(400, { values, problems });
		const id = await scheduleSession(
			db,
			requestActor(event, therapist.id),
			couple.id,
			{ startsAt, durationMinutes: duration, format, agenda: values.agenda, videoLink },
			new Date()
		);
		if (!id) error(404, 'Not found');
		redirect(303, `/couples/${couple.id}`);
	}
};
