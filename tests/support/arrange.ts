import { randomBytes } from 'node:crypto';
import { withDatabase } from './database';
import { servers } from '../../playwright.config';

/**
 * Gives a demo couple a fresh assignment straight in the database (the shared
 * demo server's, unless another is named), so a test has a worksheet of its
 * own that no other test writes in.
 */
export function assignFresh(
	templateId: string,
	coupleName: string,
	who: 'both' | 1 | 2 = 'both',
	database: string = servers.demo.database
): string {
	return withDatabase(database, (db) => {
		const couple = db
			.prepare('SELECT id, therapist_id FROM couples WHERE name = ?')
			.get(coupleName) as { id: string; therapist_id: string };
		const partner =
			who === 'both'
				? null
				: (db
						.prepare('SELECT id FROM partners WHERE couple_id = ? AND position = ?')
						.pluck()
						.get(couple.id, who) as string);
		const step = db
			.prepare(
				"SELECT json_extract(definition, '$.step') FROM worksheet_template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1"
			)
			.pluck()
			.get(templateId) as number | null;
		const id = randomBytes(10).toString('hex');
		const now = new Date().toISOString();
		db.prepare(
			`INSERT INTO assignments (id, couple_id, step, template_id, partner_id, due_at, note, recurrence, cancelled_at, created_by, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, 'once', NULL, ?, ?, ?)`
		).run(
			id,
			couple.id,
			step,
			templateId,
			partner,
			'2031-01-01T09:00:00.000Z',
			'Take your time with this one.',
			couple.therapist_id,
			now,
			now
		);
		return id;
	});
}

/** What the server has stored for one partner's response to an assignment. */
export function storedResponse(assignmentId: string, partnerName: string) {
	return withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					'SELECT r.answers, r.revision, r.status, r.share_therapist_fields FROM responses r JOIN partners p ON p.id = r.partner_id WHERE r.assignment_id = ? AND p.display_name = ?'
				)
				.get(assignmentId, partnerName) as
				| { answers: string; revision: number; status: string; share_therapist_fields: number }
				| undefined
	);
}

/** A response already submitted, as if the partner had just sent it in. */
export function submittedResponse(
	assignmentId: string,
	partnerName: string,
	answers: Record<string, unknown>
): string {
	return withDatabase(servers.demo.database, (db) => {
		const assignment = db
			.prepare('SELECT couple_id, template_id FROM assignments WHERE id = ?')
			.get(assignmentId) as { couple_id: string; template_id: string };
		const partner = db
			.prepare('SELECT id FROM partners WHERE couple_id = ? AND display_name = ?')
			.pluck()
			.get(assignment.couple_id, partnerName) as string;
		const version = db
			.prepare('SELECT MAX(version) FROM worksheet_template_versions WHERE template_id = ?')
			.pluck()
			.get(assignment.template_id) as number;
		const id = randomBytes(10).toString('hex');
		const now = new Date().toISOString();
		db.prepare(
			`INSERT INTO responses (id, assignment_id, partner_id, occurrence, template_version, answers, revision, status, started_at, updated_at, submitted_at)
			 VALUES (?, ?, ?, 'once', ?, ?, 1, 'submitted', ?, ?, ?)`
		).run(id, assignmentId, partner, version, JSON.stringify(answers), now, now, now);
		return id;
	});
}
