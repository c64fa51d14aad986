import type { Database } from '../database/open';
import { appOrigin } from '../startup/config';
import { wantsMail } from './choices';
import type { ChosenKind } from './kinds';
import { messageText } from './messages';
import { queueMail } from './outbox';
import { unsubscribeUrl } from './unsubscribe-links';

// Mail a person chose to get, about something that happened in the app. It
// goes only to a confirmed address, only for a kind they still want, and it
// is queued in the caller's transaction so it exists exactly when the event does.

export interface Recipient {
	email: string;
	confirmed: boolean;
	/** The practice's name the mail comes from: the therapist's own, or the partner's therapist's. */
	senderName: string | null;
}

/** Who a user is as a recipient of mail, or null when there is no such account. */
export async function recipient(db: Database, userId: string): Promise<Recipient | null> {
	const row = await db
		.selectFrom('users')
		.leftJoin('partners', 'partners.user_id', 'users.id')
		.leftJoin('couples', 'couples.id', 'partners.couple_id')
		.leftJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		// A therapist's own practice, or a partner's therapist's.
		.leftJoin('practices', (join) =>
			join.on((eb) =>
				eb.or([
					eb('practices.id', '=', eb.ref('users.practice_id')),
					eb('practices.id', '=', eb.ref('therapist.practice_id'))
				])
			)
		)
		.select(['users.email', 'users.email_confirmed_at', 'practices.name as practiceName'])
		.where('users.id', '=', userId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		email: row.email,
		confirmed: row.email_confirmed_at !== null,
		senderName: row.practiceName
	};
}

/**
 * Queues a mail of a kind the person may choose, linking to a page of the
 * app. Returns the outbox row's id, or null when nothing is sent (address
 * not confirmed, or the person chose not to get this kind).
 */
export async function notifyUser(
	db: Database,
	userId: string,
	kind: ChosenKind,
	path: string,
	now: Date,
	sendBy?: Date
): Promise<string | null> {
	const to = await recipient(db, userId);
	if (!to || !to.confirmed || !(await wantsMail(db, userId, kind))) return null;
	const unsubscribe = await unsubscribeUrl(db, userId, kind);
	return queueMail(
		db,
		{
			kind,
			toAddress: to.email,
			userId,
			fromName: to.senderName,
			text: messageText(kind, {
				link: `${appOrigin()}${path}`,
				choices: { accountLink: `${appOrigin()}/account`, unsubscribeLink: unsubscribe }
			}),
			unsubscribeUrl: unsubscribe,
			sendBy
		},
		now
	);
}

/**
 * Mail to partners of a couple about their homework, by their places: those
 * named, or both when `partnerIds` holds null (homework for both). A partner
 * who has not joined yet has no address to mail.
 */
export async function notifyPartners(
	db: Database,
	coupleId: string,
	partnerIds: readonly (string | null)[],
	kind: ChosenKind,
	now: Date
): Promise<void> {
	const everyone = partnerIds.includes(null);
	const named = partnerIds.filter((id): id is string => id !== null);
	if (!everyone && named.length === 0) return;
	const places = await db
		.selectFrom('partners')
		.select('user_id')
		.where('couple_id', '=', coupleId)
		.where('user_id', 'is not', null)
		.$if(!everyone, (query) => query.where('id', 'in', named))
		.execute();
	for (const place of places)
		if (place.user_id) await notifyUser(db, place.user_id, kind, '/home', now);
}
