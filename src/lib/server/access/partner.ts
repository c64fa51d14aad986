import type { Database } from '../database/open';
import type { SessionUser } from '../accounts/session';
import { worksheetForPartner, type WorksheetState } from '../homework/responses';
import { sessionForPartner, type TherapySession } from '../casework/therapy-sessions';
import { refuse, requireUser, type GuardedEvent } from './signed-in';

// A partner's guards: the asker is a partner and, for a worksheet, the
// homework is addressed to them (homework/rules.ts addressedTo). Anything
// else is 404, as if it did not exist, and the refusal is logged. A partner
// sees only their own couple, and never homework meant for the other alone.

export type Partner = SessionUser & { role: 'partner'; coupleId: string; partnerId: string };

type WorksheetEvent = GuardedEvent & { params: { assignmentId?: string } };
type SessionEvent = GuardedEvent & { params: { sessionId?: string } };

export async function requirePartner(event: GuardedEvent, db: Database): Promise<Partner> {
	const user = requireUser(event);
	if (user.role === 'partner' && user.coupleId !== null && user.partnerId !== null)
		return user as Partner;
	return refuse(event, db, user);
}

/**
 * Every page, action and endpoint of a partner's worksheet. The worksheet it
 * reads is the one the action works on: writes check only that nothing
 * changed since (homework/responses.ts), they do not read it again.
 */
export async function requirePartnerWorksheet(
	event: WorksheetEvent,
	db: Database,
	now: Date
): Promise<{ partner: Partner; worksheet: WorksheetState }> {
	const partner = await requirePartner(event, db);
	const worksheet = event.params.assignmentId
		? await worksheetForPartner(db, partner, event.params.assignmentId, now)
		: null;
	if (!worksheet) return refuse(event, db, partner);
	return { partner, worksheet };
}

/** One of the partner's own couple's sessions (to add to their calendar); cancelled ones are gone. */
export async function requirePartnerSession(
	event: SessionEvent,
	db: Database
): Promise<{ partner: Partner; session: TherapySession }> {
	const partner = await requirePartner(event, db);
	const session = event.params.sessionId
		? await sessionForPartner(db, partner.coupleId, event.params.sessionId)
		: null;
	if (!session) return refuse(event, db, partner);
	return { partner, session };
}
