import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartner } from '$lib/server/access/partner';
import { coupleForPartner } from '$lib/server/casework/couples';
import { partnerCopy } from '$lib/server/record/partner-copy';
import { partnerCopyJson, partnerCopyPdf } from '$lib/server/record/partner-copy-files';
import * as clock from '$lib/server/clock';

// A partner's own copy, as PDF or JSON. The file name says nothing about
// therapy, and no-store keeps it out of the browser's cache: on a shared
// phone only the downloaded file itself is left behind.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const partner = await requirePartner(event, db);
	const format = event.params.format;
	if (format !== 'pdf' && format !== 'json') error(404, 'Not found');
	const couple = await coupleForPartner(db, partner);
	const copy = await partnerCopy(db, partner, couple.otherPartnerName, clock.now());
	await recordAudit(
		db,
		requestActor(event, partner.id),
		'own-copy.download',
		copy.responseIds.map((id) => ({ type: 'response', id }))
	);
	const body =
		format === 'pdf'
			? new Uint8Array(await partnerCopyPdf(copy, partner.timeZone))
			: partnerCopyJson(copy);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="my-copy.${format}"`,
			'Cache-Control': 'no-store'
		}
	});
};
