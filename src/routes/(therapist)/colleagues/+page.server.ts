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
	reactivateColleague,
	resetColleagueTwoStep
} from '$lib/server/practice/colleagues';
import { handOverDeactivatedColleaguesCouples } from '$lib/server/casework/handover';
import {
	KEEP_SIGNED_IN_DAYS,
	practicePolicies,
	readKeepSignedInDays,
	readRetentionYears,
	setPracticePolicies
} from '$lib/server/practice/practices';
import {
	PRACTICE_NAME_MAX_LENGTH,
	normalizePracticeName,
	practiceNameProblem
} from '$lib/server/practice/practice-name';
import { DEFAULT_SENDER_NAME } from '$lib/server/mail/messages';
import { appOrigin } from '$lib/server/startup/config';
import { formatDeadline } from '$lib/time';
import * as clock from '$lib/server/clock';

// The practice administrator's page: colleagues' accounts and the practice's
// policies. Nothing about any couple is read here.

const SAVED = ['policies', 'deactivated', 'reactivated', 'handed-over', 'two-step-reset'] as const;

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
		keepSignedInDays: KEEP_SIGNED_IN_DAYS,
		practiceNameMaxLength: PRACTICE_NAME_MAX_LENGTH,
		defaultSenderName: DEFAULT_SENDER_NAME,
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
	reactivate: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { colleague } = textFields(await readForm(event.request), ['colleague']);
		const done = await reactivateColleague(
			db,
			{ ...requestActor(event, administrator.id), practiceId: administrator.practiceId },
			colleague,
			clock.now()
		);
		if (!done) return fail(404, { message: 'There is no such colleague in your practice.' });
		redirect(303, '/colleagues?saved=reactivated');
	},
	handOverCouples: async (event) => {
		const db = appDatabase();
		const administrator = await requireAdministrator(event, db);
		const { colleague, to } = textFields(await readForm(event.request), ['colleague', 'to']);
		if (to === '')
			return fail(400, {
				handOver: { from: colleague, problem: 'Choose who takes the couples over.' }
			});
		const moved = await handOverDeactivatedColleaguesCouples(
			db,
			{ ...requestActor(event, administrator.id), practiceId: administrator.practiceId },
			colleague,
			to,
			clock.now()
		);
		if (moved === null)
			return fail(404, {
				message: 'Couples move only from a deactivated colleague to an active one.'
			});
		redirect(303, '/colleagues?saved=handed-over');
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
		const typed = textFields(await readForm(event.request), [
			'twoStepRequired',
			'retentionYears',
			'partnerKeepSignedInDays',
			'practiceName'
		]);
		const retention = readRetentionYears(typed.retentionYears);
		const keepSignedIn = readKeepSignedInDays(typed.partnerKeepSignedInDays);
		const nameProblem = practiceNameProblem(typed.practiceName);
		if ('problem' in retention || 'problem' in keepSignedIn || nameProblem)
			return fail(400, {
				policies: {
					twoStepRequired: typed.twoStepRequired === 'yes',
					retentionYears: typed.retentionYears,
					partnerKeepSignedInDays: typed.partnerKeepSignedInDays,
					practiceName: typed.practiceName
				},
				retentionProblem: 'problem' in retention ? retention.problem : null,
				keepSignedInProblem: 'problem' in keepSignedIn ? keepSignedIn.problem : null,
				practiceNameProblem: nameProblem
			});
		await setPracticePolicies(
			db,
			requestActor(event, administrator.id),
			administrator.practiceId,
			{
				twoStepRequired: typed.twoStepRequired === 'yes',
				retentionYears: retention.years,
				partnerKeepSignedInDays: keepSignedIn.days,
				name: normalizePracticeName(typed.practiceName)
			},
			clock.now()
		);
		redirect(303, '/colleagues?saved=policies');
	}
};
