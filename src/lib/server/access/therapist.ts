import type { Database } from '../database/open';
import type { SessionUser } from '../accounts/session';
import { coupleForTherapist, type CoupleDetail } from '../casework/couples';
import { sessionForTherapist, type TherapySession } from '../casework/therapy-sessions';
import { assignmentForTherapist, type AssignmentView } from '../homework/assignments';
import { refuse, requireUser, type GuardedEvent } from './signed-in';
import { supervisesNow } from '../casework/supervision';
import { recordAudit } from '../audit/audit';
import { requestActor } from '../audit/actor';

// A therapist's guards: the asker is a therapist and, for a page under a
// couple, the couple (and the session or homework in the address) is theirs.
// Anyone else gets 404, as if there were no such thing, and the refusal is
// logged. A therapist sees only their own couples.

export type Therapist = SessionUser & { role: 'therapist' };

type CoupleEvent = GuardedEvent & {
	params: { coupleId?: string; sessionId?: string; assignmentId?: string };
};

export async function requireTherapist(event: GuardedEvent, db: Database): Promise<Therapist> {
	const user = requireUser(event);
	if (user.role === 'therapist') return user as Therapist;
	return refuse(event, db, user);
}

/** Every page, action and endpoint under /couples/[coupleId]. */
export async function requireTherapistCouple(
	event: CoupleEvent,
	db: Database
): Promise<{ therapist: Therapist; couple: CoupleDetail }> {
	const therapist = await requireTherapist(event, db);
	const couple = event.params.coupleId
		? await coupleForTherapist(db, therapist.id, event.params.coupleId)
		: null;
	if (!couple) return refuse(event, db, therapist);
	return { therapist, couple };
}

/**
 * A supervisor reading a couple they were granted: only to read (any other
 * method is refused, so no action ever works for them), only while the
 * grant is in force, and every read is recorded for the treating therapist.
 */
export async function requireSupervisedCouple(
	event: CoupleEvent,
	db: Database,
	now: Date
): Promise<{ supervisor: Therapist; couple: CoupleDetail }> {
	const supervisor = await requireTherapist(event, db);
	const coupleId = event.params.coupleId;
	if (
		event.request.method !== 'GET' ||
		!coupleId ||
		!(await supervisesNow(db, supervisor.id, coupleId, now))
	)
		return refuse(event, db, supervisor);
	const owner = await db
		.selectFrom('couples')
		.select('therapist_id')
		.where('id', '=', coupleId)
		.executeTakeFirst();
	const couple = owner ? await coupleForTherapist(db, owner.therapist_id, coupleId) : null;
	if (!couple) return refuse(event, db, supervisor);
	await recordAudit(
		db,
		requestActor(event, supervisor.id),
		'supervision.read',
		{ type: 'couple', id: couple.id },
		now
	);
	return { supervisor, couple };
}

/** A page under one of the couple's sessions: the session must be the couple's too. */
export async function requireTherapistSession(
	event: CoupleEvent,
	db: Database
): Promise<{ therapist: Therapist; couple: CoupleDetail; session: TherapySession }> {
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const session = event.params.sessionId
		? await sessionForTherapist(db, therapist.id, couple.id, event.params.sessionId)
		: null;
	if (!session) return refuse(event, db, therapist);
	return { therapist, couple, session };
}

/** A page of one piece of the couple's homework: it must be the couple's too. */
export async function requireTherapistAssignment(
	event: CoupleEvent,
	db: Database,
	now: Date
): Promise<{ therapist: Therapist; couple: CoupleDetail; assignment: AssignmentView }> {
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const assignment = event.params.assignmentId
		? await assignmentForTherapist(db, therapist.id, couple.id, event.params.assignmentId, now)
		: null;
	if (!assignment) return refuse(event, db, therapist);
	return { therapist, couple, assignment };
}
