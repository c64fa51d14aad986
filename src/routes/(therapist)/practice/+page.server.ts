import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/guards';
import { listCouplesForTherapist } from '$lib/server/couples';

export const load: PageServerLoad = async (event) => {
	const therapist = await requireTherapist(event);
	return {
		therapistName: therapist.displayName,
		couples: await listCouplesForTherapist(appDatabase(), therapist)
	};
};
