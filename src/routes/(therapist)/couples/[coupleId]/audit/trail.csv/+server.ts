import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleTrail, coupleTrailPeople } from '$lib/server/audit/trail';
import { trailCsv } from '$lib/server/audit/trail-csv';
import { readTrailQuery } from '../trail-query';

// The couple's audit trail as CSV, filtered as the page was.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const { filter, errors } = readTrailQuery(event.url.searchParams, therapist.timeZone);
	if (Object.keys(errors).length > 0) error(400, Object.values(errors).join(' '));
	await recordAudit(db, requestActor(event, therapist.id), 'audit.export', {
		type: 'couple',
		id: couple.id
	});
	const [people, entries] = await Promise.all([
		coupleTrailPeople(db, couple.id, therapist.id),
		coupleTrail(db, couple.id, filter, null)
	]);
	return new Response(trailCsv(entries, people), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="audit-trail.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
