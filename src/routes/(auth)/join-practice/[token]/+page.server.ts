import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import {
	ColleagueInvitationClosedError,
	joinPracticeWithInvitation,
	lookUpColleagueInvitation
} from '$lib/server/practice/colleague-invitations';
import { displayNameProblem, emailProblem, normalizeEmail } from '$lib/server/accounts/accounts';
import { passwordProblem } from '$lib/server/accounts/password';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import { isTimeZone } from '$lib/time';
import * as clock from '$lib/server/clock';

// A colleague's way into the practice: the link its administrator gave them.
// What the page shows depends only on the link.

export const load: PageServerLoad = async (event) => {
	if (event.locals.user) redirect(303, '/');
	const db = appDatabase();
	const invitation = await lookUpColleagueInvitation(db, event.params.token, clock.now());
	if (invitation.state !== 'open') {
		await recordAudit(db, requestActor(event, null), 'invitation.refused', {
			type: 'colleague-invitation',
			id: invitation.state
		});
		return { state: invitation.state, invitedBy: null, defaultTimeZone: 'UTC' };
	}
	return {
		state: 'open' as const,
		invitedBy: invitation.invitedBy,
		// Without JavaScript the inviter's zone is the likeliest guess; with it, the device's.
		defaultTimeZone: invitation.inviterTimeZone
	};
};

export const actions: Actions = {
	default: async (event) => {
		const fields = textFields(await readForm(event.request), [
			'displayName',
			'email',
			'password',
			'passwordAgain',
			'timeZone'
		]);
		const typed = {
			displayName: fields.displayName,
			email: fields.email,
			timeZone: fields.timeZone
		};
		const problems = {
			displayName: displayNameProblem(fields.displayName),
			email: emailProblem(normalizeEmail(fields.email)),
			password: passwordProblem(fields.password),
			passwordAgain:
				fields.password === fields.passwordAgain
					? null
					: 'The two passwords are different. Type the same password twice.',
			timeZone: isTimeZone(fields.timeZone) ? null : 'Choose your time zone.'
		};
		if (Object.values(problems).some(Boolean)) return fail(400, { ...typed, problems });
		try {
			// A new address and one with an account get the same answer: sign in next.
			await joinPracticeWithInvitation(
				appDatabase(),
				requestActor(event, null),
				event.params.token,
				{
					email: fields.email,
					displayName: fields.displayName,
					password: fields.password,
					timeZone: fields.timeZone
				},
				clock.now()
			);
		} catch (error) {
			if (error instanceof ColleagueInvitationClosedError) redirect(303, event.url.pathname);
			throw error;
		}
		redirect(303, '/sign-in?joined=1');
	}
};
