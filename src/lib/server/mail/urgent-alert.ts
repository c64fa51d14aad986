import type { Database } from '../database/open';
import { notifyUser } from './notify';

/**
 * Tells a couple's therapist at once that a private check-in has a
 * concerning answer, without a word of what it is: the mail links to the
 * prep page of the couple's next session (or the couple's page when none is
 * booked), where the therapist reads it signed in.
 */
export async function alertTherapist(db: Database, coupleId: string, now: Date): Promise<void> {
	const couple = await db
		.selectFrom('couples')
		.select('therapist_id')
		.where('id', '=', coupleId)
		.executeTakeFirst();
	if (!couple) return;
	const next = await db
		.selectFrom('therapy_sessions')
		.select('id')
		.where('couple_id', '=', coupleId)
		.where('status', '=', 'scheduled')
		.where('starts_at', '>=', now.toISOString())
		.orderBy('starts_at')
		.limit(1)
		.executeTakeFirst();
	const path = next ? `/couples/${coupleId}/sessions/${next.id}/prep` : `/couples/${coupleId}`;
	await notifyUser(db, couple.therapist_id, 'urgent-alert', path, now);
}
