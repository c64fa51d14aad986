import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import type { Database } from '../database/open';
import type { PracticeRole, Role } from '../database/schema';
import { hasPasskey } from './two-step-methods';
import { partnerKeepSignedInDays } from '../practice/practices';

// Sessions after the Lucia guide: the browser holds a random token, the
// database holds only its SHA-256, so a leaked database opens no session.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Partners who chose "keep me signed in": a month, renewed as they use it,
 * unless their practice chose a shorter limit (practice/practices.ts).
 */
export const PARTNER_SESSION_LENGTH_MS = 30 * DAY;
/**
 * Without "keep me signed in" (the default: a phone may be shared or checked),
 * the cookie ends with the browser and the session after this long idle.
 */
export const SHORT_SESSION_IDLE_LIMIT_MS = 2 * 60 * MINUTE;

/** Therapists hold every client's records: automatic logoff (HIPAA 164.312(a)(2)(iii)). */
export const THERAPIST_IDLE_LIMIT_MS = 30 * MINUTE;
export const THERAPIST_SESSION_LIMIT_MS = 12 * 60 * MINUTE;

/** Activity is written at most this often, so reading a page is not a write each time. */
const ACTIVITY_WRITE_INTERVAL_MS = MINUTE;

/** Time to type the code after the password; after it, start again. */
export const SECOND_STEP_LIMIT_MS = 10 * MINUTE;

/** Longer than any token this app issues; anything longer is not worth hashing. */
const MAX_TOKEN_LENGTH = 64;

export interface SessionUser {
	id: string;
	email: string;
	/** A therapist's own name; a partner's is the one their therapist gave their place in the couple. */
	displayName: string;
	role: Role;
	/** A partner's couple, from their place in it; null for therapists. */
	coupleId: string | null;
	/** A partner's place in their couple (assignments are addressed to it); null for therapists. */
	partnerId: string | null;
	/** IANA time zone their times are shown in. */
	timeZone: string;
	/** A therapist's practice and their role in it; null for partners. */
	practiceId: string | null;
	practiceRole: PracticeRole | null;
	/**
	 * A therapist whose practice requires two-step sign-in (or whose two-step
	 * the administrator reset) and who has none yet: every page but its setup
	 * is closed to them (access/two-step-required.ts).
	 */
	mustSetUpTwoStep: boolean;
}

export interface Session {
	id: string;
	userId: string;
	createdAt: Date;
	lastActiveAt: Date;
	expiresAt: Date;
	/** Whether the person chose to stay signed in on this device (a cookie that outlives the browser). */
	keepSignedIn: boolean;
	/** The password was right and a code is still to come: the session opens nothing but that page. */
	twoStepPending: boolean;
}

/** What the person chose when signing in on a device, and which device it is. */
export interface SignInChoice {
	keepSignedIn: boolean;
	/** The browser as its owner would recognise it (accounts/device-label.ts). */
	device: string | null;
	/** The account has two-step sign-in: the session waits for a code (see completeSecondStep). */
	twoStepPending?: boolean;
}

/** 'idle' is the 2-hour limit of a session not kept; 'inactivity' the therapist's 30 minutes. */
export type SessionEnd = 'inactivity' | 'idle' | 'time-limit' | 'expired';

export type SessionValidation =
	| { session: Session; user: SessionUser; ended?: undefined }
	| { session: null; user: null; ended: SessionEnd | null };

export const generateSessionToken = newSecretToken;

/** A session is stored under its token's hash: the cookie itself is never kept. */
export const sessionIdFromToken = storedHashOf;

/** How long a full session of this person lasts: a therapist's 12 hours, or their practice's limit for a partner. */
async function fullLength(db: Database, user: { id: string; role: Role }): Promise<number> {
	return user.role === 'therapist'
		? THERAPIST_SESSION_LIMIT_MS
		: (await partnerKeepSignedInDays(db, user.id)) * DAY;
}

export async function createSession(
	db: Database,
	token: string,
	user: { id: string; role: Role },
	now: Date,
	choice: SignInChoice
): Promise<Session> {
	const twoStepPending = choice.twoStepPending ?? false;
	const session: Session = {
		id: sessionIdFromToken(token),
		userId: user.id,
		createdAt: now,
		lastActiveAt: now,
		expiresAt: new Date(
			now.getTime() + (twoStepPending ? SECOND_STEP_LIMIT_MS : await fullLength(db, user))
		),
		keepSignedIn: choice.keepSignedIn,
		twoStepPending
	};
	await db
		.insertInto('sessions')
		.values({
			id: session.id,
			user_id: session.userId,
			created_at: session.createdAt.toISOString(),
			last_active_at: session.lastActiveAt.toISOString(),
			expires_at: session.expiresAt.toISOString(),
			keep_signed_in: choice.keepSignedIn ? 1 : 0,
			device: choice.device,
			two_step_pending: twoStepPending ? 1 : 0
		})
		.execute();
	return session;
}

/**
 * Looks the token up, ends the session if its time is over, and records
 * activity. Anything unexpected in the token simply finds no session.
 */
export async function validateSessionToken(
	db: Database,
	token: string,
	now: Date
): Promise<SessionValidation> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
		return { session: null, user: null, ended: null };
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.leftJoin('partners', 'partners.user_id', 'users.id')
		.leftJoin('practices', 'practices.id', 'users.practice_id')
		// A partner's practice is their therapist's: it sets how long they may stay signed in.
		.leftJoin('couples', 'couples.id', 'partners.couple_id')
		.leftJoin('users as couple_therapist', 'couple_therapist.id', 'couples.therapist_id')
		.leftJoin(
			'practices as partner_practice',
			'partner_practice.id',
			'couple_therapist.practice_id'
		)
		.select([
			'partners.id as partnerId',
			'partners.couple_id as coupleId',
			'partners.display_name as partnerName',
			'sessions.id',
			'sessions.user_id',
			'sessions.created_at',
			'sessions.last_active_at',
			'sessions.expires_at',
			'sessions.keep_signed_in',
			'sessions.two_step_pending',
			'users.email',
			'users.display_name',
			'users.role',
			'users.time_zone',
			'users.practice_id',
			'users.practice_role',
			'users.totp_confirmed_at',
			'users.two_step_reset_at',
			'practices.two_step_required',
			'partner_practice.partner_keep_signed_in_days as partnerKeepDays'
		])
		.select((eb) => hasPasskey(eb).as('has_passkey'))
		.where('sessions.id', '=', sessionIdFromToken(token))
		// Deactivation ends every session at once; this keeps any that slipped through closed too.
		.where('users.deactivated_at', 'is', null)
		.executeTakeFirst();
	if (!row) return { session: null, user: null, ended: null };

	const session: Session = {
		id: row.id,
		userId: row.user_id,
		createdAt: new Date(row.created_at),
		lastActiveAt: new Date(row.last_active_at),
		expiresAt: new Date(row.expires_at),
		keepSignedIn: row.keep_signed_in === 1,
		twoStepPending: row.two_step_pending === 1
	};
	const user: SessionUser = {
		id: row.user_id,
		email: row.email,
		// A partner's name is the one in their place, which their therapist may
		// change; a partner account without a place (which every guard refuses) has none.
		displayName: (row.role === 'partner' ? row.partnerName : row.display_name) ?? '',
		role: row.role,
		coupleId: row.coupleId,
		partnerId: row.partnerId,
		timeZone: row.time_zone,
		practiceId: row.practice_id,
		practiceRole: row.practice_role,
		mustSetUpTwoStep:
			row.role === 'therapist' &&
			row.totp_confirmed_at === null &&
			row.has_passkey === 0 &&
			(row.two_step_required === 1 || row.two_step_reset_at !== null)
	};

	const partnerLengthMs = (row.partnerKeepDays ?? 30) * DAY;
	const ended = sessionEnd(session, user.role, now, partnerLengthMs);
	if (ended) {
		await invalidateSession(db, session.id);
		return { session: null, user: null, ended };
	}

	await recordActivity(db, session, user.role, now, partnerLengthMs);
	return { session, user };
}

/**
 * Why a session is over at `now`, or null while it is still good. A partner's
 * kept session also ends once unused for their practice's limit, so a limit
 * the administrator shortens applies to sessions already started.
 */
export function sessionEnd(
	session: Session,
	role: Role,
	now: Date,
	partnerLengthMs: number = PARTNER_SESSION_LENGTH_MS
): SessionEnd | null {
	const at = now.getTime();
	if (role === 'therapist') {
		if (at - session.createdAt.getTime() >= THERAPIST_SESSION_LIMIT_MS) return 'time-limit';
		if (at - session.lastActiveAt.getTime() >= THERAPIST_IDLE_LIMIT_MS) return 'inactivity';
	}
	// The therapist's 30 minutes above is already stricter than this.
	if (!session.keepSignedIn && at - session.lastActiveAt.getTime() >= SHORT_SESSION_IDLE_LIMIT_MS)
		return 'idle';
	if (at >= session.expiresAt.getTime()) return 'expired';
	if (
		role === 'partner' &&
		session.keepSignedIn &&
		!session.twoStepPending &&
		at - session.lastActiveAt.getTime() >= partnerLengthMs
	)
		return 'expired';
	return null;
}

async function recordActivity(
	db: Database,
	session: Session,
	role: Role,
	now: Date,
	partnerLengthMs: number
): Promise<void> {
	// Renewed when under half is left, or when more is left than the practice now allows.
	// A session waiting for its code keeps its ten minutes.
	const left = session.expiresAt.getTime() - now.getTime();
	const renewPartner =
		role === 'partner' &&
		!session.twoStepPending &&
		(left < partnerLengthMs / 2 || left > partnerLengthMs);
	const activityIsStale =
		now.getTime() - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS;
	if (!renewPartner && !activityIsStale) return;

	session.lastActiveAt = now;
	if (renewPartner) session.expiresAt = new Date(now.getTime() + partnerLengthMs);
	await db
		.updateTable('sessions')
		.set({ last_active_at: now.toISOString(), expires_at: session.expiresAt.toISOString() })
		.where('id', '=', session.id)
		.execute();
}

/**
 * The code was right: the waiting session becomes a full one, its time
 * counted from now as if the person had just signed in.
 */
export async function completeSecondStep(
	db: Database,
	session: Session,
	role: Role,
	now: Date
): Promise<Session> {
	const done: Session = {
		...session,
		createdAt: now,
		lastActiveAt: now,
		expiresAt: new Date(now.getTime() + (await fullLength(db, { id: session.userId, role }))),
		twoStepPending: false
	};
	await db
		.updateTable('sessions')
		.set({
			created_at: now.toISOString(),
			last_active_at: now.toISOString(),
			expires_at: done.expiresAt.toISOString(),
			two_step_pending: 0
		})
		.where('id', '=', session.id)
		.where('two_step_pending', '=', 1)
		.execute();
	return done;
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** After a password change: every other device is signed out, this one stays. */
export async function invalidateOtherSessions(
	db: Database,
	userId: string,
	keepSessionId: string
): Promise<void> {
	await db
		.deleteFrom('sessions')
		.where('user_id', '=', userId)
		.where('id', '!=', keepSessionId)
		.execute();
}
