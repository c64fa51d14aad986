import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleTrail, coupleTrailActions, coupleTrailPeople } from '$lib/server/audit/trail';
import { formatStamp } from '$lib/time';
import { readTrailQuery, trailQueryString } from './trail-query';

/** The page shows the newest entries; the CSV holds every one the filter matches. */
const SHOWN = 300;

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const zone = therapist.timeZone;
	const { filter, errors } = readTrailQuery(event.url.searchParams, zone);
	// Reading the trail is itself in the trail, written first so the page shows it.
	await recordAudit(db, requestActor(event, therapist.id), 'audit.view', {
		type: 'couple',
		id: couple.id
	});
	const [people, actions, entries] = await Promise.all([
		coupleTrailPeople(db, couple.id, therapist.id),
		coupleTrailActions(db, couple.id),
		Object.keys(errors).length > 0 ? [] : coupleTrail(db, couple.id, filter, SHOWN + 1)
	]);
	const name = (id: string | null) =>
		id === null
			? 'Not signed in'
			: (people.find((person) => person.id === id)?.name ?? 'Someone removed');
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		people,
		actions,
		filter: {
			person: filter.personId ?? '',
			action: filter.action ?? '',
			from: filter.range.fromDay,
			to: filter.range.toDay
		},
		errors,
		csvQuery: trailQueryString(filter),
		more: entries.length > SHOWN,
		entries: entries.slice(0, SHOWN).map((entry) => ({
			id: entry.id,
			when: formatStamp(entry.at, zone),
			at: entry.at,
			person: name(entry.personId),
			action: entry.action,
			object: entry.objectType ? `${entry.objectType} ${entry.objectId ?? ''}`.trim() : '',
			from: entry.clientAddress ?? ''
		}))
	};
};
