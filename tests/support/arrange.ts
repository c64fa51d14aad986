import { randomBytes } from 'node:crypto';
import { demoDatabase, rowsOf } from './database';
import { servers } from '../../playwright.config';
import { openDatabase } from '../../src/lib/server/database/open';
import { submitResponse, worksheetForPartner } from '../../src/lib/server/homework/responses';
import { DEFAULT_SHARING, type SharingChoice } from '../../src/lib/worksheets/audience';

/**
 * Gives a demo couple a fresh assignment straight in the database (the shared
 * demo server's, unless another is named), so a test has a worksheet of its
 * own that no other test writes in.
 */
export function assignFresh(
	templateId: string,
	coupleName: string,
	who: 'both' | 1 | 2 = 'both',
	database: string = demoDatabase()
): string {
	const [couple] = rowsOf(
		database,
		'SELECT id, therapist_id FROM couples WHERE name = ?',
		coupleName
	);
	const { id: coupleId, therapist_id: therapistId } = couple as {
		id: string;
		therapist_id: string;
	};
	const [partner] =
		who === 'both'
			? [{ id: null }]
			: rowsOf(
					database,
					'SELECT id FROM partners WHERE couple_id = ? AND position = ?',
					coupleId,
					who
				);
	const [latest] = rowsOf(
		database,
		'SELECT definition FROM worksheet_template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1',
		templateId
	);
	const step = latest
		? ((JSON.parse((latest as { definition: string }).definition) as { step?: number }).step ??
			null)
		: null;
	const id = randomBytes(10).toString('hex');
	const now = new Date().toISOString();
	rowsOf(
		database,
		`INSERT INTO assignments (id, couple_id, step, template_id, partner_id, due_at, note, recurrence, cancelled_at, created_by, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, 'once', NULL, ?, ?, ?)`,
		id,
		coupleId,
		step,
		templateId,
		partner!.id,
		'2031-01-01T09:00:00.000Z',
		'Take your time with this one.',
		therapistId,
		now,
		now
	);
	return id;
}

/** What the server has stored for one partner's response to an assignment. */
export function storedResponse(assignmentId: string, partnerName: string) {
	return rowsOf(
		demoDatabase(),
		'SELECT r.answers, r.revision, r.status, r.share_therapist_fields FROM responses r JOIN partners p ON p.id = r.partner_id WHERE r.assignment_id = ? AND p.display_name = ?',
		assignmentId,
		partnerName
	)[0] as
		| { answers: string; revision: number; status: string; share_therapist_fields: number }
		| undefined;
}

/**
 * A response already submitted, as if the partner had just sent it in: through
 * the app's own hand-in path, so its total, flags, differences and audit row
 * are all there as the server would have written them.
 */
export async function submittedResponse(
	assignmentId: string,
	partnerName: string,
	answers: Record<string, unknown>,
	database: string = servers.demo.database,
	sharing: SharingChoice = DEFAULT_SHARING
): Promise<string> {
	const { db } = openDatabase(database);
	try {
		const place = await db
			.selectFrom('partners')
			.innerJoin('assignments', 'assignments.couple_id', 'partners.couple_id')
			.select(['partners.id', 'partners.couple_id', 'partners.user_id'])
			.where('assignments.id', '=', assignmentId)
			.where('partners.display_name', '=', partnerName)
			.executeTakeFirstOrThrow();
		const partner = { partnerId: place.id, coupleId: place.couple_id };
		const now = new Date();
		const worksheet = await worksheetForPartner(db, partner, assignmentId, now);
		if (!worksheet) throw new Error(`${partnerName} has no worksheet ${assignmentId}`);
		const actor = { userId: place.user_id ?? place.id, clientAddress: null };
		const result = await submitResponse(
			db,
			actor,
			partner,
			worksheet,
			answers,
			worksheet.revision,
			sharing,
			now
		);
		if (result.outcome !== 'submitted') throw new Error(`Not submitted: ${JSON.stringify(result)}`);
		const { id } = await db
			.selectFrom('responses')
			.select('id')
			.where('assignment_id', '=', assignmentId)
			.where('partner_id', '=', place.id)
			.executeTakeFirstOrThrow();
		return id;
	} finally {
		await db.destroy();
	}
}
