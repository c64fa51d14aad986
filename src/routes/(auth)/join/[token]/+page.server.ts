import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import {
	joinWithInvitation,
	InvitationClosedError,
	lookUpInvitation
} from '$lib/server/casework/invitations';
import { displayNameProblem, emailProblem, normalizeEmail } from '$lib/server/accounts/accounts';
import { passwordProblem } from '$lib/server/accounts/password';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import { isTimeZone } from '$lib/time';

// A partner's way in: the link their therapist gave them. What the page shows
// depends only on the link; nothing here needs, or reveals, an account.

export const load: PageServerLoad = async (event) => {
	if (event.locals.user) redirect(303, '/');
	const invitation = await lookUpInvitation(appDatabase(), event.params.token, new Date());
	if (invitation.state !== 'open') {
		await recordAudit(appDatabase(), requestActor(event, null), 'invitation.refused', {
			type: 'invitation',
			id: invitation.state
		});
		return { state: invitation.state, therapistName: invitation.therapistName };
	}
	return {
		state: 'open' as const,
		therapistName: invitation.therapistName,
		partnerName: invitation.partnerName,
		secretsPolicy: invitation.secretsPolicy,
		policyText: invitation.policyText,
		// Without JavaScript the therapist's zone is the likeliest guess; with it, the browser's.
		defaultTimeZone: invitation.therapistTimeZone
	};
};

export const actions: Actions = {
	default: async (event) => {
		const fields = textFields(await readForm(event.request), [
			'displayName',
			'email',
			'password',
			'passwordAgain',
			'timeZone',
			'acknowledge'
		]);
		const typed = {
			displayName: fields.displayName,
			email: fields.email,
			timeZone: fields.timeZone,
			acknowledge: fields.acknowledge === 'yes'
		};
		const problems = {
			displayName: displayNameProblem(fields.displayName),
			email: emailProblem(normalizeEmail(fields.email)),
			password: passwordProblem(fields.password),
			passwordAgain:
				fields.password === fields.passwordAgain
					? null
					: 'The two passwords are different. Type the same password twice.',
			timeZone: isTimeZone(fields.timeZone) ? null : 'Choose your time zone.',
			acknowledge: typed.acknowledge
				? null
				: 'Please read the policy and confirm you understand it.'
		};
		if (Object.values(problems).some(Boolean)) return fail(400, { ...typed, problems });

		const db = appDatabase();
		const now = new Date();
		try {
			// A new address and one that already has an account get the same answer (see
			// joinWithInvitation): the person signs in next with what they just typed.
			await joinWithInvitation(
				db,
				requestActor(event, null),
				event.params.token,
				{
					email: fields.email,
					displayName: fields.displayName,
					password: fields.password,
					timeZone: fields.timeZone
				},
				now
			);
		} catch (error) {
			if (error instanceof InvitationClosedError) redirect(303, event.url.pathname);
			throw error;
		}
		redirect(303, `/sign-in?${new URLSearchParams({ joined: '1', next: '/home?welcome' })}`);
	}
};
