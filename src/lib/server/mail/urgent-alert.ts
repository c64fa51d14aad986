import type { Database } from '../database/open';
import { couplesOf } from '../casework/couples';
import { notifyUser } from './notify';

// The therapist hears at once that a private check-in has a concerning
// answer, without a word of what it is or whose: even the link is neutral
// (/attention/<flag>), and only once the therapist is signed in does it lead
// on to the prep page where the answers are.

export async function alertTherapist(
	db: Database,
	coupleId: string,
	flagId: string,
	now: Date
): Promise<void> {
	const couple = await db
		.selectFrom('couples')
		.select('therapist_id')
		.where('id', '=', coupleId)
		.executeTakeFirst();
	if (!couple) return;
	await notifyUser(db, couple.therapist_id, 'urgent-alert', `/attention/${flagId}`, now);
}

/**
 * Where an alert's link leads a therapist: the prep page of the couple's
 * next session, or the couple's page when none is booked. Null when the flag
 * is not on one of this therapist's couples.
 */
export async function pageForFlag(
	db: Database,
	therapistId: string,
	flagId: string,
	now: Date
): Promise<string | null> {
	const flag = await db
		.selectFrom('flags')
		.select('couple_id')
		.where('id', '=', flagId)
		.where('couple_id', 'in', couplesOf(therapistId))
		.executeTakeFirst();
	if (!flag) return null;
	const next = await db
		.selectFrom('therapy_sessions')
		.select('id')
		.where('couple_id', '=', flag.couple_id)
		.where('status', '=', 'scheduled')
		.where('starts_at', '>=', now.toISOString())
		.orderBy('starts_at')
		.limit(1)
		.executeTakeFirst();
	return next
		? `/couples/${flag.couple_id}/sessions/${next.id}/prep`
		: `/couples/${flag.couple_id}`;
}
