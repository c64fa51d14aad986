import type { Database } from '../database/open';
import type { Actor } from '../audit/audit';
import { mailChoices, setMailChoices } from './choices';
import type { ChosenKind } from './kinds';
import { readUnsubscribeToken } from './unsubscribe-links';

// What an unsubscribe link does, for the page it opens and for a mail
// provider's one-click request (RFC 8058): no sign-in, only the signed link,
// and the only thing it can do is stop one kind of mail for one person.

export interface UnsubscribeLink {
	userId: string;
	kind: ChosenKind;
	/** The kind as /account words it. */
	label: string;
	/** Whether the person still gets this kind. */
	wanted: boolean;
}

/** The person and kind a link stands for, with their current choice; null for any link that does not work. */
export async function lookUpUnsubscribeLink(
	db: Database,
	token: string
): Promise<UnsubscribeLink | null> {
	const signed = await readUnsubscribeToken(db, token);
	if (!signed) return null;
	const user = await db
		.selectFrom('users')
		.select('role')
		.where('id', '=', signed.userId)
		.executeTakeFirst();
	if (!user) return null;
	// A kind no longer meant for the person's role is not theirs to choose.
	const choice = (await mailChoices(db, signed.userId, user.role)).find(
		(candidate) => candidate.kind === signed.kind
	);
	return choice ? { userId: signed.userId, ...choice } : null;
}

/**
 * Stops the link's kind of mail for its person, recorded in the audit log as
 * theirs, coming from the link. Following it twice changes nothing more.
 * Null for a link that does not work.
 */
export async function unsubscribe(
	db: Database,
	token: string,
	from: Pick<Actor, 'clientAddress'>,
	now: Date
): Promise<UnsubscribeLink | null> {
	const link = await lookUpUnsubscribeLink(db, token);
	if (!link) return null;
	await setMailChoices(
		db,
		{ userId: link.userId, clientAddress: from.clientAddress },
		{ [link.kind]: false },
		now,
		'mail-choices.unsubscribe'
	);
	return { ...link, wanted: false };
}
