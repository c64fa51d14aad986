import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requirePartnerWorksheet } from '$lib/server/access/partner';
import { saveDraft } from '$lib/server/homework/responses';

/** Bodies above this are refused before they are read: no worksheet comes near it. */
const MAX_BODY_BYTES = 4_000_000;

// Saving as the partner types: JSON in, the new revision out. A save based on
// an old revision gets 409 with the saved version, so nothing is overwritten.
export const POST: RequestHandler = async (event) => {
	const db = appDatabase();
	const { partner, worksheet } = await requirePartnerWorksheet(event, db, new Date());
	const length = Number(event.request.headers.get('content-length') ?? '0');
	if (length > MAX_BODY_BYTES) error(413, 'This is too much to save at once.');

	// The header can be absent or wrong: the body itself is measured too.
	const text = await event.request.text();
	if (text.length > MAX_BODY_BYTES) error(413, 'This is too much to save at once.');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		error(400, 'The draft could not be read.');
	}
	if (
		typeof body !== 'object' ||
		body === null ||
		!('answers' in body) ||
		!('revision' in body) ||
		!Number.isInteger(body.revision)
	) {
		error(400, 'The draft could not be read.');
	}

	// The save and its audit row are written together.
	const result = await saveDraft(
		db,
		requestActor(event, partner.id),
		partner,
		worksheet,
		body.answers,
		body.revision as number,
		new Date()
	);
	switch (result.outcome) {
		case 'saved':
			return json({ revision: result.revision, savedAt: result.savedAt });
		case 'conflict':
			// The answers saved from the other device go back to this one: a read.
			await recordAudit(db, requestActor(event, partner.id), 'response.read', {
				type: 'assignment',
				id: worksheet.assignmentId
			});
			return json({ conflict: result.current }, { status: 409 });
		case 'locked':
			return json({ locked: result.status }, { status: 409 });
		case 'invalid':
			return json({ problems: result.problems }, { status: 400 });
		case 'not-found':
			error(404, 'Not found');
	}
};
