import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { handoverColleagues } from '$lib/server/casework/handover';
import {
	MAX_SUPERVISION_DAYS,
	endSupervision,
	grantSupervision,
	supervisionDaysProblem,
	supervisionOfCouple
} from '$lib/server/casework/supervision';
import { readForm, textFields } from '$lib/server/http/form';
import { formatDeadline } from '$lib/time';
import * as clock from '$lib/server/clock';

// The treating therapist's side of supervision: grant a colleague read-only
// access for some days, end it early, and see every read made under it.

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const when = (iso: string) => formatDeadline(iso, therapist.timeZone);
	const grants = await supervisionOfCouple(db, couple.id, clock.now());
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		colleagues: await handoverColleagues(db, therapist),
		maxDays: MAX_SUPERVISION_DAYS,
		grants: grants.map((grant) => ({
			id: grant.id,
			supervisorName: grant.supervisorName,
			from: when(grant.startsAt),
			until: when(grant.endsAt),
			active: grant.active,
			reads: grant.reads.map(when)
		}))
	};
};

export const actions: Actions = {
	grant: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { colleague, days } = textFields(await readForm(event.request), ['colleague', 'days']);
		const problems = {
			colleague: colleague === '' ? 'Choose the colleague who supervises.' : null,
			days: supervisionDaysProblem(days)
		};
		if (problems.colleague || problems.days) return fail(400, { days, problems });
		const granted = await grantSupervision(
			db,
			{ ...requestActor(event, therapist.id), practiceId: therapist.practiceId },
			couple.id,
			colleague,
			Number(days),
			clock.now()
		);
		if (!granted)
			return fail(400, {
				days,
				problems: { colleague: 'Choose one of the colleagues listed.', days: null }
			});
		redirect(303, `/couples/${couple.id}/supervision`);
	},
	end: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { grant } = textFields(await readForm(event.request), ['grant']);
		await endSupervision(db, requestActor(event, therapist.id), couple.id, grant, clock.now());
		redirect(303, `/couples/${couple.id}/supervision`);
	}
};
