import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { DEMO_PASSWORD, demo } from './support/demo';
import { firstCoupleIds } from './support/demo-ids';
import { demoDatabase, rowsOf, runStatements } from './support/database';
import { POSTGRES, WHOLE_DATABASE } from '../playwright.config';

// Who may reach the first demo couple's casework: only their own therapist.
// Everyone else is refused the same way, through the page, its data and its
// form actions, and nothing is changed or revealed.

function routes(): {
	pages: string[];
	actions: Array<{ path: string; form: Record<string, string> }>;
} {
	const { coupleId, sessionId, assignmentId, partnerId, responseId } = firstCoupleIds();
	const base = `/couples/${coupleId}`;
	return {
		pages: [
			base,
			`${base}/edit`,
			`${base}/progress`,
			`${base}/audit`,
			`${base}/delete`,
			`${base}/sessions/new`,
			`${base}/sessions/${sessionId}`,
			`${base}/sessions/${sessionId}/prep`,
			`${base}/assignments/new`,
			`${base}/assignments/${assignmentId}`
		],
		actions: [
			{ path: `${base}?/invite`, form: { partnerId } },
			{ path: `${base}?/revoke`, form: { partnerId } },
			{ path: `${base}?/giveResetLink`, form: { partnerId } },
			{
				path: `${base}/progress?/settings`,
				form: { notOnTrackAfter: '1', checkInLeadHours: '48' }
			},
			{ path: `${base}?/archive`, form: {} },
			{ path: `${base}?/restore`, form: {} },
			{ path: `${base}/delete`, form: { confirmName: 'Alex & Sam' } },
			{
				path: `${base}/edit`,
				form: {
					name: 'Taken over',
					partner1: 'A',
					partner2: 'B',
					secretsPolicy: 'no-secrets',
					policyText: 'x'
				}
			},
			{
				path: `${base}/sessions/new`,
				form: {
					date: '2027-01-05',
					time: '10:00',
					durationMinutes: '50',
					format: 'video',
					agenda: ''
				}
			},
			{
				path: `${base}/sessions/${sessionId}?/reschedule`,
				form: {
					date: '2027-01-05',
					time: '10:00',
					durationMinutes: '50',
					format: 'video',
					agenda: ''
				}
			},
			{ path: `${base}/sessions/${sessionId}?/cancel`, form: {} },
			{ path: `${base}/sessions/${sessionId}?/held`, form: {} },
			{ path: `${base}/sessions/${sessionId}/prep?/notes`, form: { notes: 'Taken over' } },
			{ path: `${base}/sessions/${sessionId}/prep?/prepared`, form: { prepared: 'yes' } },
			{
				path: `${base}/sessions/${sessionId}/prep?/feedback`,
				form: { responseId: responseId, to: 'both', text: 'Taken over' }
			},
			{ path: `${base}/sessions/${sessionId}/prep?/reviewed`, form: { responseId: responseId } },
			{
				path: `${base}/sessions/${sessionId}/prep?/reopen`,
				form: { responseId: responseId, note: 'Taken over' }
			},
			{
				path: `${base}/assignments/new`,
				form: {
					templateId: 'accountability',
					who: 'both',
					dueDate: '2027-01-05',
					dueTime: '',
					note: '',
					recurrence: 'once'
				}
			},
			{
				path: `${base}/assignments/${assignmentId}?/save`,
				form: { dueDate: '2027-01-05', dueTime: '', note: 'changed', recurrence: 'once' }
			},
			{ path: `${base}/assignments/${assignmentId}?/cancel`, form: {} }
		]
	};
}

function snapshot() {
	const tables = [
		'SELECT * FROM couples ORDER BY id',
		'SELECT * FROM partners ORDER BY id',
		'SELECT * FROM invitations ORDER BY id',
		'SELECT * FROM password_resets ORDER BY token_hash',
		'SELECT * FROM therapy_sessions ORDER BY id',
		'SELECT * FROM assignments ORDER BY id',
		'SELECT * FROM session_notes ORDER BY session_id',
		'SELECT * FROM feedback ORDER BY id',
		"SELECT id, status, reopen_note FROM responses WHERE assignment_id = (SELECT id FROM assignments WHERE template_id = 'breakup-reasons' AND couple_id = (SELECT id FROM couples WHERE name = 'Alex & Sam')) ORDER BY id"
	];
	return runStatements(
		demoDatabase(),
		tables.map((text) => ({ text }))
	);
}

async function signedInRequest(request: APIRequestContext, origin: string, email: string) {
	const response = await request.post('/sign-in', {
		headers: { origin, accept: 'text/html' },
		form: { email, password: DEMO_PASSWORD },
		maxRedirects: 0
	});
	expect(response.status(), `sign in as ${email}`).toBe(303);
}

for (const [who, person] of [
	['the other therapist', demo.otherTherapist],
	['a partner of the couple', demo.alex],
	['the other partner of the couple', demo.sam],
	['a partner of another couple', demo.jordan]
] as const) {
	test(
		`${who} is refused every casework page, its data and every action`,
		{ tag: [WHOLE_DATABASE, POSTGRES] },
		async ({ playwright, baseURL }) => {
			const origin = baseURL!;
			const request = await playwright.request.newContext({ baseURL });
			await signedInRequest(request, origin, person.email);
			const { pages, actions } = routes();
			const before = snapshot();
			for (const path of pages) {
				const page = await request.get(path, { headers: { accept: 'text/html' } });
				expect(page.status(), path).toBe(404);
				const data = await request.get(`${path.replace(/\/$/, '')}/__data.json`);
				const body = await data.text();
				expect(body, `${path}/__data.json`).toContain('"status":404');
				expect(body).not.toMatch(/Owning my part|limited-secrets|invitation/i);
			}
			for (const action of actions) {
				const response = await request.post(action.path, {
					headers: { origin, accept: 'text/html' },
					form: action.form
				});
				expect(response.status(), action.path).toBe(404);
				const body = await response.text();
				expect(body).not.toContain('/join/');
				expect(body).not.toContain('/reset-password/');
			}
			expect(snapshot()).toEqual(before);
			const [refusals] = rowsOf(
				demoDatabase(),
				"SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.refused' AND object_id LIKE ?",
				`%${firstCoupleIds().coupleId}%`
			) as [{ n: number }];
			expect(refusals.n).toBeGreaterThanOrEqual(pages.length + actions.length);
			await request.dispose();
		}
	);
}

test(
	'someone signed out is sent to sign in from every casework page, and every action changes nothing',
	{ tag: [WHOLE_DATABASE, POSTGRES] },
	async ({ playwright, baseURL }) => {
		const origin = baseURL!;
		const request = await playwright.request.newContext({ baseURL });
		const { pages, actions } = routes();
		const before = snapshot();
		for (const path of pages) {
			const page = await request.get(path, { maxRedirects: 0 });
			expect(page.status(), path).toBe(303);
			expect(page.headers()['location']).toMatch(/^\/sign-in\?next=/);
		}
		for (const action of actions) {
			const response = await request.post(action.path, {
				headers: { origin, accept: 'text/html' },
				form: action.form,
				maxRedirects: 0
			});
			expect(response.status(), action.path).toBe(303);
			expect(response.headers()['location']).toMatch(/^\/sign-in/);
		}
		expect(snapshot()).toEqual(before);
		await request.dispose();
	}
);

test(
	'extra form fields cannot move homework to another couple or partner',
	{ tag: WHOLE_DATABASE },
	async ({ playwright, baseURL }) => {
		const origin = baseURL!;
		const request = await playwright.request.newContext({ baseURL });
		await signedInRequest(request, origin, demo.otherTherapist.email);
		const [other] = rowsOf(
			demoDatabase(),
			"SELECT id FROM couples WHERE name = 'Jordan & Casey'"
		) as [{ id: string }];
		const { coupleId, partnerId } = firstCoupleIds();
		const assignmentsOf = (couple: string) =>
			(
				rowsOf(
					demoDatabase(),
					'SELECT COUNT(*) AS n FROM assignments WHERE couple_id = ?',
					couple
				) as [{ n: number }]
			)[0].n;
		const before = { first: assignmentsOf(coupleId), other: assignmentsOf(other.id) };
		const response = await request.post(`/couples/${other.id}/assignments/new`, {
			headers: { origin, accept: 'text/html' },
			form: {
				templateId: 'taking-it-slow',
				who: partnerId,
				coupleId,
				dueDate: '2027-01-05',
				dueTime: '',
				note: '',
				recurrence: 'once',
				therapistId: 'x',
				role: 'therapist'
			}
		});
		// The partner named is not one of this couple's: refused, beside the field.
		expect(response.status()).toBe(400);
		// Nothing was assigned to either couple (counted, not by time: other tests assign too).
		expect({ first: assignmentsOf(coupleId), other: assignmentsOf(other.id) }).toEqual(before);
		await request.dispose();
	}
);
