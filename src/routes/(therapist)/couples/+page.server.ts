import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import {
	COUPLES_SHOWN,
	listCouplesForTherapist,
	type CoupleListView
} from '$lib/server/casework/couples';
import { pageNumber } from '$lib/server/http/page-number';
import { formatSessionTime } from '$lib/time';

const VIEWS: ReadonlySet<string> = new Set<CoupleListView>(['archived', 'overdue']);

// Links and one plain form: nothing here needs the page's script, so none is
// sent and the page's data is not repeated in it for hydration.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const shown = event.url.searchParams.get('show');
	const view: CoupleListView = shown && VIEWS.has(shown) ? (shown as CoupleListView) : 'current';
	const page = pageNumber(event.url);
	const { couples, total } = await listCouplesForTherapist(db, therapist.id, new Date(), {
		view,
		page
	});
	return {
		view,
		pages: { page, pages: Math.max(1, Math.ceil(total / COUPLES_SHOWN)), total },
		deleted: event.url.searchParams.has('deleted'),
		handedOver: event.url.searchParams.has('handed-over'),
		couples: couples.map((couple) => ({
			...couple,
			nextSession: couple.nextSessionAt
				? formatSessionTime(couple.nextSessionAt, therapist.timeZone)
				: null
		}))
	};
};
