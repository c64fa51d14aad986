import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireAdministrator } from '$lib/server/access/administrator';
import { practiceSignInPeople, practiceSignIns } from '$lib/server/audit/sign-ins';
import { pageNumber } from '$lib/server/http/page-number';
import { formatStamp } from '$lib/time';
import { readSignInQuery, signInQueryString } from './sign-in-query';

// The administrator's view of the practice's sign-ins: accounts only, no
// couple and nothing anyone wrote.

const EVENTS_SHOWN = 50;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const administrator = await requireAdministrator(event, db);
	const zone = administrator.timeZone;
	const page = pageNumber(event.url);
	const { filter, errors } = readSignInQuery(event.url.searchParams, zone);
	// Reading the sign-ins is itself recorded, first, so the page shows it.
	await recordAudit(db, requestActor(event, administrator.id), 'audit.view', {
		type: 'practice',
		id: administrator.practiceId
	});
	const invalid = Object.keys(errors).length > 0;
	const [people, entries] = await Promise.all([
		practiceSignInPeople(db, administrator.practiceId),
		invalid
			? []
			: practiceSignIns(db, administrator.practiceId, filter, {
					limit: EVENTS_SHOWN + 1,
					offset: (page - 1) * EVENTS_SHOWN
				})
	]);
	const name = (id: string | null) =>
		people.find((person) => person.id === id)?.name ?? 'Someone removed';
	return {
		people: people.map((person) => ({ id: person.id, name: person.name })),
		filter: {
			person: filter.personId ?? '',
			from: filter.range.fromDay,
			to: filter.range.toDay
		},
		errors,
		csvQuery: signInQueryString(filter),
		previous: page > 1 ? signInQueryString(filter, page - 1) || '?' : null,
		next: entries.length > EVENTS_SHOWN ? signInQueryString(filter, page + 1) : null,
		page,
		entries: entries.slice(0, EVENTS_SHOWN).map((entry) => ({
			id: entry.id,
			when: formatStamp(entry.at, zone),
			at: entry.at,
			person: name(entry.personId),
			action: entry.action,
			from: entry.clientAddress ?? ''
		}))
	};
};
