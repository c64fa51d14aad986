import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requirePartner } from '$lib/server/access/partner';
import { coupleForPartner } from '$lib/server/casework/couples';
import { sharedWithPartner } from '$lib/server/homework/shared';
import { pageNumber } from '$lib/server/http/page-number';
import { formatStamp } from '$lib/time';

/** Titles listed on one page; each worksheet is read on its own page. */
const SHARED_SHOWN = 50;

// Everything the other partner chose to share with this one, newest first, by title.
export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const partner = await requirePartner(event, db);
	const page = pageNumber(event.url);
	const [couple, shared] = await Promise.all([
		coupleForPartner(db, partner),
		sharedWithPartner(db, partner)
	]);
	return {
		otherPartnerName: couple.otherPartnerName,
		pages: { page, pages: Math.max(1, Math.ceil(shared.length / SHARED_SHOWN)) },
		shared: shared.slice((page - 1) * SHARED_SHOWN, page * SHARED_SHOWN).map((worksheet) => ({
			responseId: worksheet.responseId,
			title: worksheet.title,
			submitted: formatStamp(worksheet.submittedAt, partner.timeZone)
		}))
	};
};
