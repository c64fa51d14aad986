import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistSession } from '$lib/server/access/therapist';
import { calendarEventFor } from '$lib/server/casework/calendar-events';
import { calendarFile } from '$lib/server/casework/calendar-file';
import { calendarResponse } from '$lib/server/casework/calendar-response';
import * as clock from '$lib/server/clock';

// One of the therapist's own couples' sessions, for their calendar, titled
// with the couple's initials only (calendar-events.ts says why).
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const { therapist, couple, session } = await requireTherapistSession(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'calendar-file.download', {
		type: 'therapy-session',
		id: session.id
	});
	const reader = { role: 'therapist', coupleName: couple.name, origin: event.url.origin } as const;
	const file = calendarFile([calendarEventFor(session, reader)], clock.now());
	return calendarResponse(file, 'attachment');
};
