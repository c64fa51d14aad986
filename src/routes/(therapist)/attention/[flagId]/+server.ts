import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { pageForFlag } from '$lib/server/mail/urgent-alert';

// Where an urgent alert's mail links: a neutral address that leads the
// signed-in therapist on to the prep page holding the concerning answers.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const page = await pageForFlag(db, therapist.id, event.params.flagId, new Date());
	if (!page) error(404, 'Not found');
	redirect(303, page);
};
