import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartnerSession } from '$lib/server/access/partner';
import { calendarEventFor } from '$lib/server/casework/calendar-events';
import { calendarFile } from '$lib/server/casework/calendar-file';
import { calendarResponse } from '$lib/server/casework/calendar-response';
import * as clock from '$lib/server/clock';

// One of the partner's own couple's sessions, for their calendar: a neutral
// "Appointment" (calendar-events.ts says why).
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const { partner, session } = await requirePartnerSession(event, db);
	await recordAudit(db, requestActor(event, partner.id), 'calendar-file.download', {
		type: 'therapy-session',
		id: session.id
	});
	const file = calendarFile([calendarEventFor(session, { role: 'partner' })], clock.now());
	return calendarResponse(file, 'attachment');
};
