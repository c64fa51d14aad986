import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { newSecretToken, storedHashOf } from '../database/secret-tokens';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { calendarEventFor } from './calendar-events';
import { calendarFile } from './calendar-file';

// Each person's private calendar feed: a secret address their calendar app
// polls, no sign-in needed, listing their upcoming sessions. Only the token's
// hash is kept, so the address is shown once, when made; renewing makes a
// new one and the old stops at once, stopping deletes it. Reads by calendar
// apps are not audited one by one (an app polls every few hours for years);
// making and stopping are.

/** Sessions still on from this long ago stay in the feed, so one under way does not vanish. */
const STILL_ON_MS = 24 * 60 * 60 * 1000;
/** A feed is a calendar, not an archive: enough for any real practice's months ahead. */
const FEED_MAX_EVENTS = 500;

/** Makes (or remakes) the person's feed; the token is returned once and never again. */
export async function startCalendarFeed(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<string> {
	const token = newSecretToken();
	await writeTransaction(db, async (trx) => {
		await trx.deleteFrom('calendar_feeds').where('user_id', '=', actor.userId).execute();
		await trx
			.insertInto('calendar_feeds')
			.values({
				user_id: actor.userId,
				token_hash: storedHashOf(token),
				created_at: now.toISOString()
			})
			.execute();
		await recordAudit(trx, actor, 'calendar-feed.start', { type: 'user', id: actor.userId }, now);
	});
	return token;
}

/** Stops the person's feed: its address answers 404 from now on. */
export async function stopCalendarFeed(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.deleteFrom('calendar_feeds')
			.where('user_id', '=', actor.userId)
			.executeTakeFirst();
		if (result.numDeletedRows === 0n) return false;
		await recordAudit(trx, actor, 'calendar-feed.stop', { type: 'user', id: actor.userId }, now);
		return true;
	});
}

/** When the person's feed was made, or null when they have none. */
export async function calendarFeedSince(db: Database, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('calendar_feeds')
		.select('created_at')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.created_at ?? null;
}

const MAX_TOKEN_LENGTH = 64;

/**
 * The feed at `token`, as an iCalendar file, or null for an unknown or
 * stopped token (and for an account that no longer signs in). A partner's
 * lists their own couple's sessions; a therapist's, their own couples'.
 */
export async function calendarFeedFile(
	db: Database,
	token: string,
	origin: string,
	now: Date
): Promise<string | null> {
	if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
	const owner = await db
		.selectFrom('calendar_feeds')
		.innerJoin('users', 'users.id', 'calendar_feeds.user_id')
		.leftJoin('partners', 'partners.user_id', 'users.id')
		.select(['users.id', 'users.role', 'partners.couple_id'])
		.where('calendar_feeds.token_hash', '=', storedHashOf(token))
		.where('users.deactivated_at', 'is', null)
		.executeTakeFirst();
	if (!owner) return null;
	const from = new Date(now.getTime() - STILL_ON_MS).toISOString();
	const query = db
		.selectFrom('therapy_sessions')
		.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
		.select([
			'therapy_sessions.id',
			'therapy_sessions.couple_id as coupleId',
			'therapy_sessions.starts_at as startsAt',
			'therapy_sessions.duration_minutes as durationMinutes',
			'therapy_sessions.updated_at as updatedAt',
			'therapy_sessions.video_link as videoLink',
			'couples.name as coupleName'
		])
		.where('therapy_sessions.status', '=', 'scheduled')
		.where('therapy_sessions.starts_at', '>=', from)
		.where('couples.archived_at', 'is', null)
		.orderBy('therapy_sessions.starts_at')
		.limit(FEED_MAX_EVENTS);
	if (owner.role === 'therapist') {
		const rows = await query.where('couples.therapist_id', '=', owner.id).execute();
		const events = rows.map(({ coupleName, ...session }) =>
			calendarEventFor(session, { role: 'therapist', coupleName, origin })
		);
		return calendarFile(events, now, { name: 'Appointments' });
	}
	if (!owner.couple_id) return null;
	const rows = await query.where('couples.id', '=', owner.couple_id).execute();
	// The couple's name is in each row; the partner's event rule leaves it out.
	const events = rows.map((session) => calendarEventFor(session, { role: 'partner' }));
	return calendarFile(events, now, { name: 'Appointments' });
}
