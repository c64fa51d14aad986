import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requirePartner } from '$lib/server/guards';
import { coupleForPartner } from '$lib/server/couples';

export const load: PageServerLoad = async (event) => {
	const partner = await requirePartner(event);
	const couple = await coupleForPartner(appDatabase(), partner);
	return { partnerName: partner.displayName, ...couple };
};
