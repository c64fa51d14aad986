import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, demo, signInAs } from './support/demo';
import { firstCoupleIds } from './support/demo-ids';
import { withDatabase } from './support/database';
import { servers } from '../playwright.config';

// The couple's audit trail, as the therapist reads it: a read made a moment
// ago is there, filters narrow it, the CSV holds the same, and reading it is
// itself recorded. Partners and other therapists are refused, and that is
// recorded too.

const origin = `http://localhost:${servers.demo.port}`;

test('the therapist finds a read made a moment before, filters the trail and downloads it', async ({
	page
}) => {
	test.setTimeout(60_000);
	const { coupleId, sessionId } = firstCoupleIds();
	await signInAs(page, demo.therapist);
	// The read: the prep page shows both partners' answers, and logs each response it shows.
	await page.goto(`/couples/${coupleId}/sessions/${sessionId}/prep`);
	await expect(page.getByRole('heading', { level: 1, name: /Prepare/ })).toBeVisible();

	await page.goto(`/couples/${coupleId}`);
	await page.getByRole('link', { name: 'Audit trail' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Audit trail: Alex & Sam' })
	).toBeVisible();
	await page.getByLabel('Person').selectOption({ label: `${demo.therapist.name} (therapist)` });
	await page.getByLabel('Action').selectOption('response.read');
	const today = new Date().toISOString().slice(0, 10);
	await page.getByLabel('From (first day)').fill(today);
	await page.getByRole('button', { name: 'Show' }).click();
	const rows = page.locator('#audit-trail tbody tr');
	await expect(rows.first()).toContainText(demo.therapist.name);
	await expect(rows.first()).toContainText('response.read');
	await expect(rows.filter({ hasNotText: 'response.read' })).toHaveCount(0);
	await expectAccessible(page);

	// A reversed range: a message beside the field, not an empty list that looks like nothing happened.
	await page.getByLabel('To (last day)').fill('2020-01-01');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.locator('#field-to-problem')).toHaveText(
		/The last day is before the first: nothing falls between them\./
	);
	await expectAccessible(page);

	await page.getByLabel('To (last day)').fill(today);
	await page.getByRole('button', { name: 'Show' }).click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download as CSV' }).click()
	]);
	const csv = await (await download.createReadStream()).toArray();
	const text = Buffer.concat(csv).toString('utf8');
	const lines = text.trim().split('\r\n');
	expect(lines[0]).toBe(
		'"time (UTC)","person","role","action","object type","object id","from address"'
	);
	expect(lines.length).toBeGreaterThan(1);
	for (const line of lines.slice(1))
		expect(line).toMatch(
			new RegExp(
				`^"${today}T[^"]+Z","${demo.therapist.name}","therapist","response.read","response",`
			)
		);
	const response = await page.request.get(`/couples/${coupleId}/audit/trail.csv`);
	expect(response.headers()['cache-control']).toBe('no-store');

	// Opening the trail and downloading it are in the trail.
	await page.goto(`/couples/${coupleId}/audit?action=audit.export`);
	await expect(page.locator('#audit-trail tbody tr').first()).toContainText('audit.export');
	await page.goto(`/couples/${coupleId}/audit?action=audit.view`);
	await expect(page.locator('#audit-trail tbody tr').first()).toContainText('audit.view');
});

for (const [who, person] of [
	['a partner of the couple', demo.alex],
	['the other therapist', demo.otherTherapist]
] as const) {
	test(`${who} is refused the trail and its CSV, and the refusal is recorded`, async ({
		playwright,
		baseURL
	}) => {
		const { coupleId } = firstCoupleIds();
		const request = await playwright.request.newContext({ baseURL });
		const signIn = await request.post('/sign-in', {
			headers: { origin, accept: 'text/html' },
			form: { email: person.email, password: DEMO_PASSWORD },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(303);
		const refusalsBefore = refusals(coupleId);
		for (const path of [`/couples/${coupleId}/audit`, `/couples/${coupleId}/audit/trail.csv`]) {
			const response = await request.get(path, { headers: { accept: 'text/html' } });
			expect(response.status(), path).toBe(404);
			expect(await response.text()).not.toContain('response.read');
		}
		const data = await request.get(`/couples/${coupleId}/audit/__data.json`);
		expect(await data.text()).toContain('"status":404');
		expect(refusals(coupleId)).toBeGreaterThanOrEqual(refusalsBefore + 3);
		await request.dispose();
	});
}

function refusals(coupleId: string): number {
	return withDatabase(
		servers.demo.database,
		(db) =>
			(
				db
					.prepare(
						"SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.refused' AND object_id LIKE ?"
					)
					.get(`%${coupleId}/audit%`) as { n: number }
			).n
	);
}
