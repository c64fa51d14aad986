import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { listCouplesForTherapist } from '$lib/server/casework/couples';
import { formatShortDateTime } from '$lib/time';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const archived = event.url.searchParams.get('show') === 'archived';
	const couples = await listCouplesForTherapist(db, therapist.id, new Date(), {
		archived
	});
	return {
		archived,
		handedOver: event.url.searchParams.has('handed-over'),
		couples: couples.map((couple) => ({
			...couple,
			nextSession: couple.nextSessionAt
				? formatShortDateTime(couple.nextSessionAt, therapist.timeZone)
				: null
		}))
	};
};
