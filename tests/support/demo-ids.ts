import { withDatabase } from './database';
import { servers } from '../../playwright.config';

/** Ids of the first demo couple's records, read from the demo server's database. */
export function firstCoupleIds() {
	return withDatabase(servers.demo.database, (db) => {
		const couple = db.prepare("SELECT id FROM couples WHERE name = 'Alex & Sam'").get() as {
			id: string;
		};
		const session = db
			.prepare('SELECT id FROM therapy_sessions WHERE couple_id = ? ORDER BY starts_at LIMIT 1')
			.get(couple.id) as { id: string };
		const assignment = db
			.prepare("SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'accountability'")
			.get(couple.id) as { id: string };
		const privateCheckIn = db
			.prepare("SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'safety-check-in'")
			.get(couple.id) as { id: string };
		const partner = db
			.prepare('SELECT id FROM partners WHERE couple_id = ? ORDER BY position LIMIT 1')
			.get(couple.id) as { id: string };
		// A submitted response no test changes: the first breakup-reasons one.
		const response = db
			.prepare(
				"SELECT r.id FROM responses r JOIN assignments a ON a.id = r.assignment_id WHERE a.couple_id = ? AND a.template_id = 'breakup-reasons' ORDER BY r.id LIMIT 1"
			)
			.get(couple.id) as { id: string };
		return {
			coupleId: couple.id,
			sessionId: session.id,
			assignmentId: assignment.id,
			privateCheckInId: privateCheckIn.id,
			partnerId: partner.id,
			responseId: response.id
		};
	});
}

/** The next session of a demo couple still to come: its id and its couple's. */
export function nextSessionOf(coupleName: string) {
	return withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					"SELECT s.id, s.couple_id AS coupleId FROM therapy_sessions s JOIN couples c ON c.id = s.couple_id WHERE c.name = ? AND s.status = 'scheduled' AND s.starts_at > ? ORDER BY s.starts_at LIMIT 1"
				)
				.get(coupleName, new Date().toISOString()) as { id: string; coupleId: string }
	);
}
