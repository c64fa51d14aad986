import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { setCoupleArchived } from '$lib/server/casework/couples';
import {
	issueInvitation,
	openInvitations,
	revokeInvitation
} from '$lib/server/casework/invitations';
import { invitationMails } from '$lib/server/mail/invitation-mail';
import { emailProblem } from '$lib/server/accounts/accounts';
import { sessionsForCouple } from '$lib/server/casework/therapy-sessions';
import { assignmentsForCouple } from '$lib/server/homework/assignments';
import { coupleFlagHistory, withTimes } from '$lib/server/casework/flag-follow-up';
import { giveResetLink, resetLinkPath } from '$lib/server/accounts/password-reset';
import * as clock from '$lib/server/clock';
import { readForm, textFields } from '$lib/server/http/form';
import { formatDeadline, formatDue, formatSessionTime, formatStamp } from '$lib/time';
import { recordRetentionYears } from '$lib/server/startup/config';
import { coupleRetentionYears, deletionDue } from '$lib/server/record/retention';
import { programOfCouple } from '$lib/server/programs/couple-program';
import { placementLabel, placementOf } from '$lib/server/programs/homework-placement';
import { ASSIGNED_COOKIE } from './assignments/new/assigned-cookie';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const now = new Date();
	const zone = therapist.timeZone;
	const [invitations, mails, sessions, assignments, concerns, program] = await Promise.all([
		openInvitations(db, couple.id, now),
		invitationMails(db, couple.id),
		sessionsForCouple(db, couple.id),
		assignmentsForCouple(db, couple.id, now),
		coupleFlagHistory(db, couple.id),
		programOfCouple(db, couple.id)
	]);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'couple',
		id: couple.id
	});

	const upcoming = sessions.filter(
		(session) => session.status === 'scheduled' && session.startsAt >= now.toISOString()
	);
	const past = sessions.filter((session) => !upcoming.includes(session)).reverse();
	const openUntil = (partnerId: string) => {
		const until = invitations.find((invitation) => invitation.partnerId === partnerId)?.openUntil;
		return until ? formatDeadline(until, zone) : null;
	};
	const describe = (session: (typeof sessions)[number]) => ({
		...session,
		when: formatSessionTime(session.startsAt, zone)
	});
	const retentionYears = await coupleRetentionYears(db, couple.id, recordRetentionYears());
	// Said once, straight after assigning: what was set for whom.
	const justAssigned = (event.cookies.get(ASSIGNED_COOKIE) ?? '').split(' ');
	if (event.cookies.get(ASSIGNED_COOKIE) !== undefined)
		event.cookies.delete(ASSIGNED_COOKIE, { path: `/couples/${couple.id}` });
	const forWhom = (partnerId: string | null) =>
		partnerId === null
			? `both partners (${couple.partners.map((partner) => partner.displayName).join(' and ')})`
			: `${couple.partners.find((partner) => partner.id === partnerId)?.displayName ?? ''} only`;
	return {
		couple,
		retentionYears,
		deletionDue: couple.archivedAt
			? formatDeadline(deletionDue(couple.archivedAt, retentionYears), zone)
			: null,
		// "Couple added: invite each partner" holds only while someone has neither joined nor a link.
		created:
			event.url.searchParams.has('created') &&
			couple.partners.some((partner) => !partner.joined && openUntil(partner.id) === null),
		timeZone: zone,
		partners: couple.partners.map((partner) => {
			const mail = mails.find((candidate) => candidate.partnerId === partner.id);
			return {
				...partner,
				invitationOpenUntil: openUntil(partner.id),
				invitationMail: mail
					? { to: mail.to, state: mail.state, at: formatStamp(mail.at, zone) }
					: null
			};
		}),
		// Every concern raised, resolved ones too: the couple's history of them.
		concerns: concerns.map((flag) => withTimes(flag, zone)),
		upcomingSessions: upcoming.map(describe),
		pastSessions: past.map(describe),
		assigned: assignedLines(
			// In the order they were chosen.
			justAssigned
				.flatMap((id) => assignments.filter((assignment) => assignment.id === id))
				.map((assignment) => ({ title: assignment.title, forWhom: forWhom(assignment.partnerId) }))
		),
		programTitle: program.program.title,
		// The step of the homework set most recently under a step of the couple's program.
		currentStep:
			assignments
				.filter((assignment) => !assignment.cancelled)
				.map((assignment) => program.stepOf(assignment))
				.find((step) => step?.inProgram) ?? null,
		assignments: assignments.map((assignment) => ({
			...assignment,
			placement: placementLabel(placementOf(program, assignment)),
			due: assignment.dueAt ? formatDue(assignment.dueAt, zone) : null,
			forWhom:
				assignment.partnerId === null
					? 'Both partners'
					: (couple.partners.find((partner) => partner.id === assignment.partnerId)?.displayName ??
						'')
		}))
	};
};

/** "For both partners (Alex and Sam): “Owning my part”, “The issues underneath”." */
function assignedLines(assigned: Array<{ title: string; forWhom: string }>): string[] {
	const byWhom = new Map<string, string[]>();
	for (const { title, forWhom } of assigned)
		byWhom.set(forWhom, [...(byWhom.get(forWhom) ?? []), `“${title}”`]);
	return [...byWhom].map(([whom, titles]) => `Assigned to ${whom}: ${titles.join(', ')}.`);
}

export const actions: Actions = {
	invite: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { partnerId, email } = textFields(await readForm(event.request), ['partnerId', 'email']);
		const partner = couple.partners.find((candidate) => candidate.id === partnerId);
		if (!partner) error(404, 'Not found');
		if (couple.archived)
			return fail(409, { message: 'Restore this couple before inviting anyone.' });
		if (partner.joined) return fail(409, { message: `${partner.displayName} has already joined.` });
		// The address is optional: without it the link is only shown, to hand over another way.
		const mailTo = email.trim() === '' ? null : email.trim();
		const problem = mailTo === null ? null : emailProblem(mailTo);
		if (problem) return fail(400, { emailFor: partner.id, email, emailProblem: problem });
		const issued = await issueInvitation(
			db,
			requestActor(event, therapist.id),
			partner.id,
			new Date(),
			mailTo
		);
		if (!issued) error(404, 'Not found');
		// The link is shown once, in this response only: it is not stored, and it never goes in a URL of this app.
		return {
			invitation: {
				partnerId: partner.id,
				partnerName: partner.displayName,
				link: `${event.url.origin}/join/${issued.token}`,
				expires: formatDeadline(issued.expiresAt, therapist.timeZone),
				mailedTo: mailTo
			}
		};
	},
	giveResetLink: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { partnerId } = textFields(await readForm(event.request), ['partnerId']);
		const partner = couple.partners.find((candidate) => candidate.id === partnerId);
		if (!partner) error(404, 'Not found');
		if (couple.archived)
			return fail(409, { message: 'Restore this couple before giving anyone a link.' });
		if (!partner.joined)
			return fail(409, {
				message: `${partner.displayName} has not joined yet: make an invitation link instead.`
			});
		const given = await giveResetLink(
			db,
			requestActor(event, therapist.id),
			partner.id,
			clock.now()
		);
		if (!given) error(404, 'Not found');
		// Shown once, like an invitation: only its hash is stored.
		return {
			resetLink: {
				partnerId: partner.id,
				link: `${event.url.origin}${resetLinkPath(given.token)}`,
				expires: formatDeadline(given.expiresAt, therapist.timeZone)
			}
		};
	},
	revoke: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { partnerId } = textFields(await readForm(event.request), ['partnerId']);
		const partner = couple.partners.find((candidate) => candidate.id === partnerId);
		if (
			!partner ||
			!(await revokeInvitation(db, requestActor(event, therapist.id), partner.id, new Date()))
		)
			error(404, 'Not found');
		return { revoked: partner.displayName };
	},
	archive: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		await setCoupleArchived(db, requestActor(event, therapist.id), couple.id, true, new Date());
		redirect(303, `/couples/${couple.id}`);
	},
	restore: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		await setCoupleArchived(db, requestActor(event, therapist.id), couple.id, false, new Date());
		redirect(303, `/couples/${couple.id}`);
	}
};
