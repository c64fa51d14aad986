import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { setTimeZone } from '$lib/server/accounts/settings';
import { requestActor } from '$lib/server/audit/actor';
import { requireUser } from '$lib/server/access/signed-in';
import { readForm, textFields } from '$lib/server/http/form';
import { isTimeZone, timeZoneChoices } from '$lib/time';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		displayName: user.displayName,
		email: user.email,
		timeZone: user.timeZone,
		timeZones: timeZoneChoices(user.timeZone),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	timeZone: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const { timeZone } = textFields(await readForm(event.request), ['timeZone']);
		if (!isTimeZone(timeZone))
			return fail(400, { timeZone, problem: 'Choose a time zone from the list.' });
		await setTimeZone(db, requestActor(event, user.id), timeZone, new Date());
		redirect(303, '/account?saved');
	}
};
