import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistSession } from '$lib/server/access/therapist';
import {
	readSessionInput,
	rescheduleSession,
	setSessionStatus
} from '$lib/server/casework/therapy-sessions';
import { readForm, textFields } from '$lib/server/http/form';
import { formatSessionTime, utcToWallTime } from '$lib/time';

const FIELDS = ['date', 'time', 'durationMinutes', 'format', 'agenda', 'videoLink'] as const;

/** The session, only if it belongs to this therapist's couple in the address. */

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple, session } = await requireTherapistSession(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'therapy-session',
		id: session.id
	});
	const wall = utcToWallTime(session.startsAt, therapist.timeZone);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		timeZone: therapist.timeZone,
		session: { ...session, when: formatSessionTime(session.startsAt, therapist.timeZone) },
		values: {
			date: wall.date,
			time: wall.time,
			durationMinutes: String(session.durationMinutes),
			format: session.format,
			agenda: session.agenda,
			videoLink: session.videoLink ?? ''
		}
	};
};

export const actions: Actions = {
	reschedule: async (event) => {
		const db = appDatabase();
		const { therapist, couple, session } = await requireTherapistSession(event, db);
		const values = textFields(await readForm(event.request), FIELDS);
		const { problems, startsAt, duration, format, videoLink } = readSessionInput(
			values,
			therapist.timeZone
		);
		if (Object.keys(problems).length > 0 || !startsAt) return fail(400, { values, problems });
		if (
			!(await rescheduleSession(
				db,
				requestActor(event, therapist.id),
				session.id,
				{ startsAt, durationMinutes: duration, format, agenda: values.agenda, videoLink },
				new Date()
			))
		)
			error(404, 'Not found');
		redirect(303, `/couples/${couple.id}`);
	},
	cancel: async (event) => {
		const db = appDatabase();
		const { therapist, couple, session } = await requireTherapistSession(event, db);
		await setSessionStatus(
			db,
			requestActor(event, therapist.id),
			session.id,
			'cancelled',
			new Date()
		);
		redirect(303, `/couples/${couple.id}`);
	},
	held: async (event) => {
		const db = appDatabase();
		const { therapist, couple, session } = await requireTherapistSession(event, db);
		await setSessionStatus(db, requestActor(event, therapist.id), session.id, 'held', new Date());
		redirect(303, `/couples/${couple.id}`);
	}
};
