import type { RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../database/app-database';
import { coupleForTherapist, type CoupleDetail } from '../casework/couples';
import { refuse, requireTherapist, type Therapist } from './guards';
import { sessionForTherapist, type TherapySession } from '../casework/therapy-sessions';

type CoupleEvent = Pick<
	RequestEvent,
	'locals' | 'url' | 'route' | 'getClientAddress' | 'request'
> & { params: { coupleId?: string; sessionId?: string } };

/**
 * The guard of every page, action and endpoint under a couple: the asker is a
 * therapist and the couple is theirs. Anyone else gets 404, as if there were
 * no such couple, and the refusal is logged.
 */
export async function requireTherapistCouple(
	event: CoupleEvent
): Promise<{ therapist: Therapist; couple: CoupleDetail }> {
	const therapist = await requireTherapist(event);
	const couple = event.params.coupleId
		? await coupleForTherapist(appDatabase(), therapist.id, event.params.coupleId)
		: null;
	if (!couple) return refuse(event, therapist);
	return { therapist, couple };
}

/** The same, for a page under one of the couple's sessions: the session must be theirs too. */
export async function requireTherapistSession(
	event: CoupleEvent
): Promise<{ therapist: Therapist; couple: CoupleDetail; session: TherapySession }> {
	const { therapist, couple } = await requireTherapistCouple(event);
	const session = event.params.sessionId
		? await sessionForTherapist(appDatabase(), therapist.id, couple.id, event.params.sessionId)
		: null;
	if (!session) return refuse(event, therapist);
	return { therapist, couple, session };
}
