import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireAdministrator } from '$lib/server/access/administrator';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import { emailProblem, normalizeEmail } from '$lib/server/accounts/accounts';
import {
	colleagueInvitationPath,
	issueColleagueInvitation
} from '$lib/server/practice/colleague-invitations';
import {
	colleaguesOf,
	deactivateColleague,
	resetColleagueTwoStep
} from '$lib/server/practice/colleagues';
import {
	practicePolicies,
	readRetentionYears,
	setPracticePolicies
} from '$lib/server/practice/practices';
import { appOrigin } from '$lib/server/startup/config';
import { formatDeadline } from '$lib/time';
import * as clock from '$lib/server/clock';

// The practice administrator's page: colleagues' accounts and the practice's
// policies. Nothing about any couple is read here.

const SAVED = ['policies', 'deactivated', 'two-step-reset'] as const;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const administrator = await requireAdministrator(event, db);
	const saved = event.url.searchParams.get('saved');
	return {
		colleagues: (await colleaguesOf(db, administrator.practiceId)).map((colleague) => ({
			...colleague,
			isYou: colleague.id === administrator.id
		})),
		policies: await practicePolicies(db, administrator.practiceId),
		saved: SAVED.find((name) => name === saved) ?? null
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { email } = textFields(await readForm(event.request), ['email']);
		const mailTo = email.trim() === '' ? null : normalizeEmail(email);
		const problem = mailTo === null ? null : emailProblem(mailTo);
		if (problem) return fail(400, { inviteEmail: email, inviteProblem: problem });
		const now = clock.now();
		const issued = await issueColleagueInvitation(
			db,
			{ ...requestActor(event, administrator.id), practiceId: administrator.practiceId },
			mailTo,
			now
		);
		return {
			invitation: {
				link: `${appOrigin()}${colleagueInvitationPath(issued.token)}`,
				until: formatDeadline(new Date(issued.expiresAt), administrator.timeZone),
				mailedTo: mailTo
			}
		};
	},
	deactivate: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { colleague } = textFields(await readForm(event.request), ['colleague']);
		const done = await deactivateColleague(
			db,
			{ ...requestActor(event, administrator.id), practiceId: administrator.practiceId },
			colleague,
			clock.now()
		);
		if (!done) return fail(404, { message: 'There is no such colleague in your practice.' });
		redirect(303, '/colleagues?saved=deactivated');
	},
	resetTwoStep: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { colleague } = textFields(await readForm(event.request), ['colleague']);
		const done = await resetColleagueTwoStep(
			db,
			{ ...requestActor(event, administrator.id), practiceId: administrator.practiceId },
			colleague,
			clock.now()
		);
		if (!done) return fail(404, { message: 'There is no such colleague in your practice.' });
		redirect(303, '/colleagues?saved=two-step-reset');
	},
	policies: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { twoStepRequired, retentionYears } = textFields(await readForm(event.request), [
			'twoStepRequired',
			'retentionYears'
		]);
		const retention = readRetentionYears(retentionYears);
		if ('problem' in retention)
			return fail(400, {
				retentionYears,
				retentionProblem: retention.problem,
				twoStepRequired: twoStepRequired === 'yes'
			});
		await setPracticePolicies(
			db,
			requestActor(event, administrator.id),
			administrator.practiceId,
			{ twoStepRequired: twoStepRequired === 'yes', retentionYears: retention.years },
			clock.now()
		);
		redirect(303, '/colleagues?saved=policies');
	}
};
