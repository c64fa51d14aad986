import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/guards';
import { markHomeSeen, weekAhead } from '$lib/server/practice-home';
import { countCurrentCouples } from '$lib/server/couples';
import { formatDateTime, formatShortDateTime } from '$lib/time';

const OVERDUE_SHOWN = 50;

export const load: PageServerLoad = async (event) => {
	const therapist = await requireTherapist(event);
	const db = appDatabase();
	const now = new Date();
	const zone = therapist.timeZone;
	const [week, coupleCount] = await Promise.all([weekAhead(db, therapist.id, now), countCurrentCouples(db, therapist.id)]);
	return {
		therapistName: therapist.displayName,
		timeZone: zone,
		coupleCount,
		// Times go to the page formatted in the therapist's zone, and only so: all of this is sent to the browser.
		sessions: week.sessions.map(({ startsAt, ...session }) => ({ ...session, when: formatDateTime(startsAt, zone) })),
		// The oldest first; a long list is cut short here, and counted.
		overdue: week.overdue.slice(0, OVERDUE_SHOWN).map(({ dueAt, ...item }) => ({ ...item, due: formatShortDateTime(dueAt, zone) })),
		overdueTotal: week.overdue.length,
		newSubmissions: week.newSubmissions.map(({ submittedAt, ...item }) => ({ ...item, submitted: formatShortDateTime(submittedAt, zone) })),
		moreNewSubmissions: week.moreNewSubmissions,
		seenAt: week.seenAt ? formatShortDateTime(week.seenAt, zone) : null
	};
};

export const actions: Actions = {
	// Marking seen is a deliberate POST: looking at a page never changes anything.
	seen: async (event) => {
		const therapist = await requireTherapist(event);
		await markHomeSeen(appDatabase(), therapist.id, new Date());
		redirect(303, '/practice');
	}
};
