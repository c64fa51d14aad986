import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { readRecordQuery, recordQueryString } from './record-query';

// Choosing the dates of the couple's record. A sound choice goes on to the
// file itself (which downloads, leaving this page in place); a wrong one
// comes back with a message beside its field.
export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'couple',
		id: couple.id
	});
	const asked = event.url.searchParams.has('from') || event.url.searchParams.has('to');
	const { range, withNotes, format, errors } = readRecordQuery(
		event.url.searchParams,
		therapist.timeZone
	);
	if (asked && Object.keys(errors).length === 0)
		redirect(303, `/couples/${couple.id}/record/${format}${recordQueryString(range, withNotes)}`);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		values: { from: range.fromDay, to: range.toDay, notes: withNotes },
		errors: asked ? errors : {}
	};
};
