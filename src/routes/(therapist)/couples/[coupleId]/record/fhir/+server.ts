import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleFhirBundle } from '$lib/server/record/fhir-bundle';
import * as clock from '$lib/server/clock';
import { readRecordQuery } from '../record-query';

// The couple's handed-in work for the chosen days as a FHIR R4 Bundle.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const { range, errors } = readRecordQuery(event.url.searchParams, therapist.timeZone);
	if (Object.keys(errors).length > 0) error(400, Object.values(errors).join(' '));
	const { bundle, responseIds } = await coupleFhirBundle(db, couple.id, range, clock.now());
	await recordAudit(db, requestActor(event, therapist.id), 'record.export', [
		{ type: 'couple', id: couple.id },
		...responseIds.map((id) => ({ type: 'response', id }))
	]);
	return new Response(JSON.stringify(bundle, null, 2), {
		headers: {
			'Content-Type': 'application/fhir+json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="record.fhir.json"',
			'Cache-Control': 'no-store'
		}
	});
};
