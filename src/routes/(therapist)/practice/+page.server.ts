import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { SESSIONS_SHOWN, markHomeSeen, weekAhead } from '$lib/server/views/week-ahead';
import { pageNumber } from '$lib/server/http/page-number';
import { countCurrentCouples } from '$lib/server/casework/couples';
import { describeDay, formatDay, formatDue, formatStamp, formatTime } from '$lib/time';
import { groupBy } from '$lib/group-by';

// Links and one plain form: nothing here needs the page's script, so none is
// sent and the page's data is not repeated in it for hydration.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const now = new Date();
	const zone = therapist.timeZone;
	const page = pageNumber(event.url);
	const [week, coupleCount] = await Promise.all([
		weekAhead(db, therapist.id, now, page),
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
		sessionPages: {
			page,
			pages: Math.max(1, Math.ceil(week.sessionsTotal / SESSIONS_SHOWN)),
			total: week.sessionsTotal,
			first: (page - 1) * SESSIONS_SHOWN + 1
		},
		// The couples waited on longest first, each with its oldest pieces.
		overdue: week.overdue.map((couple) => ({
			...couple,
			items: couple.items.map(({ dueAt, ...item }) => ({
				...item,
				due: formatDue(dueAt, zone)
			}))
		})),
		overdueCouples: week.overdueCouples,
		newSubmissions: week.newSubmissions.map(({ submittedAt, ...item }) => ({
			...item,
			submitted: formatStamp(submittedAt, zone)
		})),
		moreNewSubmissions: week.moreNewSubmissions,
		seenAt: week.seenAt ? formatStamp(week.seenAt, zone) : null
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
