import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireAdministrator } from '$lib/server/access/administrator';
import { practiceSignInPeople, practiceSignIns } from '$lib/server/audit/sign-ins';
import { trailCsv } from '$lib/server/audit/trail-csv';
import { readSignInQuery } from '../sign-in-query';

// The practice's sign-in events as CSV, filtered as the page was, every page of them.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const administrator = await requireAdministrator(event, db);
	const { filter, errors } = readSignInQuery(event.url.searchParams, administrator.timeZone);
	if (Object.keys(errors).length > 0) error(400, Object.values(errors).join(' '));
	await recordAudit(db, requestActor(event, administrator.id), 'audit.export', {
		type: 'practice',
		id: administrator.practiceId
	});
	const [people, entries] = await Promise.all([
		practiceSignInPeople(db, administrator.practiceId),
		practiceSignIns(db, administrator.practiceId, filter, null)
	]);
	return new Response(trailCsv(entries, people), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="practice-sign-ins.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
