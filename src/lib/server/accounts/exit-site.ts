import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import type { SessionUser } from './session';

// Where a partner's quick exit leads: a site anyone might have open, so that
// someone picking up the phone sees nothing telling. A therapist may choose
// another for their couples (a local news site, say); none chosen: this one.

/** The one home of the default: a weather page is ordinary on any phone. */
export const DEFAULT_EXIT_SITE = 'https://www.bbc.com/weather';

export const EXIT_SITE_MAX_LENGTH = 300;

export function exitSiteProblem(typed: string): string | null {
	const text = typed.trim();
	if (text === '') return null;
	if ([...text].length > EXIT_SITE_MAX_LENGTH)
		return `Use at most ${EXIT_SITE_MAX_LENGTH} characters.`;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return 'Enter a full web address starting with https://, such as https://www.bbc.com/weather.';
	}
	// https only: a plain http page may show a warning, and other schemes (javascript:) are no site at all.
	if (url.protocol !== 'https:' || url.hostname === '')
		return 'Enter a web address starting with https://.';
	if (url.username !== '' || url.password !== '') return 'Leave out any name or password.';
	return null;
}

/** What is stored for what was typed: the address as the browser reads it, or null (the default). */
function normalizeExitSite(typed: string): string | null {
	const text = typed.trim();
	return text === '' ? null : new URL(text).href;
}

/** The site a therapist chose, as stored; null when they kept the default. */
export async function chosenExitSite(db: Database, therapistId: string): Promise<string | null> {
	const row = await db
		.selectFrom('users')
		.select('exit_site')
		.where('id', '=', therapistId)
		.where('role', '=', 'therapist')
		.executeTakeFirst();
	return row?.exit_site ?? null;
}

/** Where this person's quick exit leads: their couple's therapist's choice, or the default. */
export async function exitSiteFor(
	db: Database,
	user: Pick<SessionUser, 'id' | 'role' | 'coupleId'>
): Promise<string> {
	if (user.role === 'therapist') return (await chosenExitSite(db, user.id)) ?? DEFAULT_EXIT_SITE;
	if (user.coupleId === null) return DEFAULT_EXIT_SITE;
	const row = await db
		.selectFrom('couples')
		.innerJoin('users', 'users.id', 'couples.therapist_id')
		.select('users.exit_site')
		.where('couples.id', '=', user.coupleId)
		.executeTakeFirst();
	return row?.exit_site ?? DEFAULT_EXIT_SITE;
}

/**
 * Sets where the signed-in therapist's partners' quick exit leads (empty: the
 * default); the change and its audit row commit together. Returns whether it changed.
 */
export async function setExitSite(
	db: Database,
	actor: SignedInActor,
	typed: string,
	now: Date
): Promise<boolean> {
	// The page refuses it with a message first; this keeps a bad address out whoever calls.
	const problem = exitSiteProblem(typed);
	if (problem) throw new RangeError(problem);
	const site = normalizeExitSite(typed);
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['role', 'exit_site'])
			.where('id', '=', actor.userId)
			.executeTakeFirst();
		if (user?.role !== 'therapist') throw new RangeError('Only a therapist chooses the exit site.');
		if (user.exit_site === site) return false;
		await trx
			.updateTable('users')
			.set({ exit_site: site })
			.where('id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'exit-site.change', { type: 'user', id: actor.userId }, now);
		return true;
	});
}
