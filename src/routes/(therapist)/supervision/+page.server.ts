import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { couplesSupervisedBy } from '$lib/server/casework/supervision';
import { formatDeadline } from '$lib/time';
import * as clock from '$lib/server/clock';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const couples = await couplesSupervisedBy(db, therapist.id, clock.now());
	return {
		couples: couples.map((couple) => ({
			...couple,
			until: formatDeadline(couple.endsAt, therapist.timeZone)
		}))
	};
};
