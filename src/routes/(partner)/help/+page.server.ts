import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requirePartner } from '$lib/server/access/partner';
import { coupleForPartner } from '$lib/server/casework/couples';
import { safetyHelpText } from '$lib/server/library/safety-help';
import { SHORT_SESSION_IDLE_LIMIT_MS } from '$lib/server/accounts/session';

// Help is always a tap away, never only after a check-in, so finding it says
// nothing about what anyone answered; its name on the page and tab is neutral.
export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const partner = await requirePartner(event, db);
	const couple = await coupleForPartner(db, partner);
	return {
		helpText: (await safetyHelpText(db, couple.therapistId)).text,
		idleHours: SHORT_SESSION_IDLE_LIMIT_MS / 3_600_000
	};
};
