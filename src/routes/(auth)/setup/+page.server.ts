import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import {
	displayNameProblem,
	emailProblem,
	normalizeEmail,
	therapistExists
} from '$lib/server/accounts/accounts';
import { passwordProblem } from '$lib/server/accounts/password';
import { createFirstTherapist } from '$lib/server/accounts/setup';
import { startSession } from '$lib/server/accounts/session-cookie';
import { deviceLabel } from '$lib/server/accounts/device-label';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import * as clock from '$lib/server/clock';
import { isTimeZone } from '$lib/time';

// First run only: the first therapist creates their account. Once any
// therapist exists this page does not exist for anyone.
export const load: PageServerLoad = async () => {
	if (await therapistExists(appDatabase())) error(404, 'Not found');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		if (await therapistExists(db)) error(404, 'Not found');

		const fields = textFields(await readForm(event.request), [
			'displayName',
			'email',
			'password',
			'passwordAgain',
			'timeZone'
		]);
		const problems = {
			displayName: displayNameProblem(fields.displayName),
			email: emailProblem(normalizeEmail(fields.email)),
			password: passwordProblem(fields.password),
			passwordAgain:
				fields.password === fields.passwordAgain
					? null
					: 'The two passwords are different. Type the same password twice.',
			timeZone: isTimeZone(fields.timeZone) ? null : 'Choose your time zone from the list.'
		};
		// What was typed comes back, except the passwords.
		const typed = {
			displayName: fields.displayName,
			email: fields.email,
			timeZone: fields.timeZone
		};
		if (Object.values(problems).some(Boolean)) return fail(400, { ...typed, problems });

		// The server's clock: the confirmation link queued with the account expires by it.
		const now = clock.now();
		const therapistId = await createFirstTherapist(
			db,
			requestActor(event, null),
			{
				email: fields.email,
				displayName: fields.displayName,
				password: fields.password,
				timeZone: fields.timeZone
			},
			now
		);
		// Someone else finished setup first.
		if (therapistId === null) error(404, 'Not found');
		// Not kept: the cookie ends with the browser; "keep me signed in" is offered at sign-in.
		await startSession(db, event.cookies, event.url, { id: therapistId, role: 'therapist' }, now, {
			keepSignedIn: false,
			device: deviceLabel(event.request.headers.get('user-agent'))
		});
		redirect(303, '/practice');
	}
};
