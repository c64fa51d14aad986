import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { handOverCouple, handoverColleagues } from '$lib/server/casework/handover';
import { readForm, textFields } from '$lib/server/http/form';
import * as clock from '$lib/server/clock';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		colleagues: await handoverColleagues(db, therapist)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { colleague } = textFields(await readForm(event.request), ['colleague']);
		if (colleague === '')
			return fail(400, { problem: 'Choose the colleague who takes the couple over.' });
		const done = await handOverCouple(
			db,
			{ ...requestActor(event, therapist.id), practiceId: therapist.practiceId },
			couple.id,
			colleague,
			clock.now()
		);
		if (!done) return fail(400, { problem: 'Choose one of the colleagues listed.' });
		redirect(303, '/couples?handed-over');
	}
};
