import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartner } from '$lib/server/access/partner';
import { sharedWorksheet } from '$lib/server/homework/shared';
import { formatStamp } from '$lib/time';

// One worksheet the other partner shared, cut down on the server to what they
// shared. Anything else (their own, unshared, private, another couple's) is
// simply not found.
export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const partner = await requirePartner(event, db);
	const worksheet = await sharedWorksheet(db, partner, event.params.responseId);
	if (!worksheet) error(404, 'Not found');
	await recordAudit(db, requestActor(event, partner.id), 'shared.read', {
		type: 'response',
		id: worksheet.responseId
	});
	return {
		worksheet: { ...worksheet, submitted: formatStamp(worksheet.submittedAt, partner.timeZone) }
	};
};
