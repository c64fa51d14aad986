import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { markHomeSeen, weekAhead } from '$lib/server/views/week-ahead';
import { countCurrentCouples } from '$lib/server/casework/couples';
import { describeDay, formatDay, formatShortDateTime, formatTime } from '$lib/time';
import { groupBy } from '$lib/group-by';

const OVERDUE_SHOWN = 50;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const now = new Date();
	const zone = therapist.timeZone;
	const [week, coupleCount] = await Promise.all([
		weekAhead(db, therapist.id, now),
		countCurrentCouples(db, therapist.id)
	]);
	return {
		therapistName: therapist.displayName,
		timeZone: zone,
		coupleCount,
		// Times go to the page formatted in the therapist's zone, and only so: all of this is sent to the browser.
		// Within one week the weekday and date name a day uniquely.
		days: [...groupBy(week.sessions, (session) => formatDay(session.startsAt, zone)).values()].map(
			(sessions) => ({
				day: describeDay(sessions[0]!.startsAt, zone, now),
				sessions: sessions.map(({ startsAt, ...session }) => ({
					...session,
					time: formatTime(startsAt, zone)
				}))
			})
		),
		// The oldest first; a long list is cut short here, and counted.
		overdue: week.overdue
			.slice(0, OVERDUE_SHOWN)
			.map(({ dueAt, ...item }) => ({ ...item, due: formatShortDateTime(dueAt, zone) })),
		overdueTotal: week.overdue.length,
		newSubmissions: week.newSubmissions.map(({ submittedAt, ...item }) => ({
			...item,
			submitted: formatShortDateTime(submittedAt, zone)
		})),
		moreNewSubmissions: week.moreNewSubmissions,
		seenAt: week.seenAt ? formatShortDateTime(week.seenAt, zone) : null
	};
};

export const actions: Actions = {
	// Marking seen is a deliberate POST: looking at a page never changes anything.
	seen: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		await markHomeSeen(db, therapist.id, new Date());
		redirect(303, '/practice');
	}
};
