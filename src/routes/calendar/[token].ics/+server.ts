import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { calendarFeedFile } from '$lib/server/casework/calendar-feeds';
import { calendarResponse } from '$lib/server/casework/calendar-response';
import * as clock from '$lib/server/clock';

// A person's private calendar feed, polled by their calendar app without
// signing in: the secret in the address is the access check. An unknown or
// stopped address is 404, as if there were no such thing.
export const GET: RequestHandler = async (event) => {
	const file = await calendarFeedFile(
		appDatabase(),
		event.params.token,
		event.url.origin,
		clock.now()
	);
	if (file === null) error(404, 'Not found');
	return calendarResponse(file, 'inline');
};
