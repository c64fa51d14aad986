import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requirePartner } from '$lib/server/access/partner';
import { coupleForPartner } from '$lib/server/casework/couples';
import { homeworkForPartner } from '$lib/server/homework/assignments';
import { nextSession } from '$lib/server/casework/therapy-sessions';
import { SHARED_ON_HOME, sharedWithPartner } from '$lib/server/homework/shared';
import { feedbackForPartner } from '$lib/server/homework/review';
import { programOfCouple } from '$lib/server/programs/couple-program';
import { placementForPartner, placementOf } from '$lib/server/programs/homework-placement';
import { formatDue, formatSessionTime, formatStamp } from '$lib/time';

// Everything here is the partner's own: their homework, their next session.
// Built on the server from queries that only ever ask for what is theirs.

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const partner = await requirePartner(event, db);
	const now = new Date();
	const zone = partner.timeZone;
	const [couple, homework, next, shared, feedback, program] = await Promise.all([
		coupleForPartner(db, partner),
		homeworkForPartner(db, partner, now),
		nextSession(db, partner.coupleId, now),
		sharedWithPartner(db, partner),
		feedbackForPartner(db, partner),
		programOfCouple(db, partner.coupleId)
	]);
	const open = homework.filter((item) => item.status === 'not-started' || item.status === 'draft');
	const done = homework.filter((item) => item.status === 'submitted' || item.status === 'reviewed');
	const describe = (item: (typeof homework)[number]) => ({
		id: item.id,
		title: item.title,
		placement: placementForPartner(placementOf(program, item), item.private),
		note: item.note,
		due: item.dueAt ? formatDue(item.dueAt, zone) : null,
		status: item.status,
		overdue: item.overdue
	});
	return {
		partnerName: partner.displayName,
		welcome: event.url.searchParams.has('welcome'),
		therapistName: couple.therapistName,
		otherPartnerName: couple.otherPartnerName,
		nextSession: next
			? {
					id: next.id,
					when: formatSessionTime(next.startsAt, zone),
					format: next.format,
					videoLink: next.videoLink
				}
			: null,
		feedback: feedback.map((item) => ({
			id: item.id,
			about: `${item.aboutOwnWork ? 'your' : `${couple.otherPartnerName ?? 'your partner'}’s`} “${item.title}”`,
			text: item.text,
			when: formatStamp(item.createdAt, zone)
		})),
		// Only titles here: each is read on its own page, where the reading is recorded.
		shared: shared.slice(0, SHARED_ON_HOME).map((worksheet) => ({
			responseId: worksheet.responseId,
			title: worksheet.title,
			submitted: formatStamp(worksheet.submittedAt, zone)
		})),
		sharedTotal: shared.length,
		due: open.map(describe),
		done: done.map(describe)
	};
};
