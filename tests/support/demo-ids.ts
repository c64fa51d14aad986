import { demoDatabase, runStatements } from './database';

/** Ids of the first demo couple's records, read from the demo server's database. */
export function firstCoupleIds() {
	const database = demoDatabase();
	const [[couple]] = runStatements(database, [
		{ text: "SELECT id FROM couples WHERE name = 'Alex & Sam'" }
	]) as [[{ id: string }]];
	const of = { params: [couple.id] };
	const [[session], [assignment], [privateCheckIn], [partner], [response]] = runStatements(
		database,
		[
			{
				text: 'SELECT id FROM therapy_sessions WHERE couple_id = ? ORDER BY starts_at LIMIT 1',
				...of
			},
			{
				text: "SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'accountability'",
				...of
			},
			{
				text: "SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'safety-check-in'",
				...of
			},
			{ text: 'SELECT id FROM partners WHERE couple_id = ? ORDER BY position LIMIT 1', ...of },
			// A submitted response no test changes: the first breakup-reasons one.
			{
				text: "SELECT r.id FROM responses r JOIN assignments a ON a.id = r.assignment_id WHERE a.couple_id = ? AND a.template_id = 'breakup-reasons' ORDER BY r.id LIMIT 1",
				...of
			}
		]
	) as Array<Array<{ id: string }>> as [
		[{ id: string }],
		[{ id: string }],
		[{ id: string }],
		[{ id: string }],
		[{ id: string }]
	];
	return {
		coupleId: couple.id,
		sessionId: session.id,
		assignmentId: assignment.id,
		privateCheckInId: privateCheckIn.id,
		partnerId: partner.id,
		responseId: response.id
	};
}

/** The next session of a demo couple still to come: its id and its couple's. */
export function nextSessionOf(coupleName: string) {
	const [row] = runStatements(demoDatabase(), [
		{
			text: 'SELECT s.id, s.couple_id AS "coupleId" FROM therapy_sessions s JOIN couples c ON c.id = s.couple_id WHERE c.name = ? AND s.status = \'scheduled\' AND s.starts_at > ? ORDER BY s.starts_at LIMIT 1',
			params: [coupleName, new Date().toISOString()]
		}
	])[0]!;
	return row as { id: string; coupleId: string };
}
