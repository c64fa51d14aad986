import { redirect, type RequestHandler } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/database/app-database';
import { signOut } from '$lib/server/accounts/sign-out';
import { deleteSessionCookie } from '$lib/server/accounts/session-cookie';
import { DEFAULT_EXIT_SITE, exitSiteFor } from '$lib/server/accounts/exit-site';
import { requestActor } from '$lib/server/audit/actor';
import * as clock from '$lib/server/clock';

// The quick exit: signs the asker out here and sends them to a neutral site.
// GET, against the rule that no GET changes anything, because without
// JavaScript a plain link is the fastest way out there is; all it can do is
// sign the asker out, so a link to it from elsewhere does no harm. With
// JavaScript the page posts here (a beacon) and leaves by location.replace.

const exit: RequestHandler = async (event) => {
	const { locals, cookies, url } = event;
	let site = DEFAULT_EXIT_SITE;
	if (locals.user && locals.session) {
		const db = appDatabase();
		site = await exitSiteFor(db, locals.user);
		await signOut(
			db,
			requestActor(event, locals.user.id),
			locals.session.id,
			clock.now(),
			'quick-exit'
		);
	}
	deleteSessionCookie(cookies, url);
	redirect(303, site);
};

export const GET = exit;
export const POST = exit;
