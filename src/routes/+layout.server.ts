import type { LayoutServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { exitSiteFor } from '$lib/server/accounts/exit-site';

// Only what the header needs. This is not a guard: each page checks who is asking.
export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		viewer: user
			? {
					displayName: user.displayName,
					role: user.role,
					administrator: user.practiceRole === 'administrator'
				}
			: null,
		// Every page a partner sees offers the way out, to their therapist's neutral site.
		quickExit: user?.role === 'partner' ? { site: await exitSiteFor(appDatabase(), user) } : null
	};
};
