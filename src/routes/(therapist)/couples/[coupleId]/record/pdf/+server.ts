import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleRecord } from '$lib/server/record/couple-record';
import { coupleRecordPdf } from '$lib/server/record/couple-record-pdf';
import { readRecordQuery } from '../record-query';

// The couple's record for the chosen days, as PDF.
export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const zone = therapist.timeZone;
	const { range, withNotes, errors } = readRecordQuery(event.url.searchParams, zone);
	if (Object.keys(errors).length > 0) error(400, Object.values(errors).join(' '));
	const record = await coupleRecord(db, couple.id, range, { withNotes });
	await recordAudit(db, requestActor(event, therapist.id), 'record.export', [
		{ type: 'couple', id: couple.id },
		...record.worksheets.flatMap((worksheet) =>
			worksheet.responseIds.map((id) => ({ type: 'response', id }))
		)
	]);
	const rangeText = `${calendarDay(range.fromDay)} to ${calendarDay(range.toDay)}${withNotes ? ', with your notes' : ''}`;
	const pdf = await coupleRecordPdf(record, { coupleName: couple.name, rangeText }, zone);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': 'attachment; filename="record.pdf"',
			'Cache-Control': 'no-store'
		}
	});
};

/** "1 November 2026" for "2026-11-01": the day as typed, on no one's clock. */
function calendarDay(day: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T12:00:00Z`));
}
