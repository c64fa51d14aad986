import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, demo, signInAs } from './support/demo';
import { firstCoupleIds } from './support/demo-ids';
import { withDatabase } from './support/database';
import { writtenWords } from './support/privacy';
import { pdfPages } from './support/pdf';
import { servers } from '../playwright.config';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';
import { fhirSchemaErrors } from '../src/lib/server/testing/fhir-schema';

// The couple's record as a PDF for a range of days: the therapist chooses
// the dates (a reversed range gets a message beside the field), the file
// opens, holds both partners' answers, and names the couple, the dates and
// the page on every page. Another therapist gets 404, recorded.

const origin = `http://localhost:${servers.demo.port}`;
const squeeze = (text: string) => text.replace(/\s+/g, '');
const day = (offset: number) =>
	new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test('the therapist downloads the couple’s record for a range of days', async ({ page }) => {
	test.setTimeout(90_000);
	const { coupleId } = firstCoupleIds();
	await signInAs(page, demo.therapist);
	await page.goto(`/couples/${coupleId}`);
	await page.getByRole('link', { name: 'The record as PDF' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'The record of Alex & Sam' })
	).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('First day').fill(day(0));
	await page.getByLabel('Last day').fill(day(-30));
	await page.getByRole('button', { name: 'Download the record (PDF)' }).click();
	await expect(page.locator('#field-to-problem')).toContainText(
		'The last day is before the first: nothing falls between them.'
	);
	await expectAccessible(page);

	await page.getByLabel('First day').fill(day(-60));
	await page.getByLabel('Last day').fill(day(1));
	await page.getByLabel('Include my private session notes').check();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download the record (PDF)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('record.pdf');
	const pages = await pdfPages(Buffer.concat(await (await download.createReadStream()).toArray()));
	const text = squeeze(pages.join('\n'));
	for (const word of [
		...writtenWords('accountability', DEMO_ANSWERS.accountability?.[1]),
		...writtenWords('accountability', DEMO_ANSWERS.accountability?.[2])
	])
		expect(text, word).toContain(squeeze(word));
	expect(text).toContain(squeeze('Relationship check-ins (CSI-4)'));
	expect(pages.length).toBeGreaterThan(1);
	pages.forEach((page, index) => {
		expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
		expect(page).toContain('Alex & Sam');
		expect(page).toMatch(/\d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}, with your notes/);
	});
	const response = await page.request.get(
		`/couples/${coupleId}/record/pdf?from=${day(-60)}&to=${day(1)}`
	);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect(
		(
			await page.request.get(`/couples/${coupleId}/record/pdf?from=${day(1)}&to=${day(-1)}`)
		).status()
	).toBe(400);
});

test('the therapist downloads the same record as a FHIR R4 bundle that the schema accepts', async ({
	page
}) => {
	test.setTimeout(90_000);
	const { coupleId } = firstCoupleIds();
	await signInAs(page, demo.therapist);
	await page.goto(`/couples/${coupleId}/record`);
	await page.getByLabel('First day').fill(day(-60));
	await page.getByLabel('Last day').fill(day(1));
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download for a record system (FHIR R4, JSON)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('record.fhir.json');
	const bundle = JSON.parse(
		Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8')
	) as { resourceType: string; entry: Array<{ resource: { resourceType: string } }> };
	expect(fhirSchemaErrors(bundle)).toEqual([]);
	expect(bundle.resourceType).toBe('Bundle');
	const kinds = new Set(bundle.entry.map((entry) => entry.resource.resourceType));
	expect([...kinds].sort()).toEqual([
		'Observation',
		'Patient',
		'Questionnaire',
		'QuestionnaireResponse'
	]);
	const text = JSON.stringify(bundle);
	for (const word of writtenWords('accountability', DEMO_ANSWERS.accountability?.[2]))
		expect(text, word).toContain(JSON.stringify(word).slice(1, -1));
	const response = await page.request.get(
		`/couples/${coupleId}/record/fhir?from=${day(-60)}&to=${day(1)}`
	);
	expect(response.headers()['cache-control']).toBe('no-store');
});

test('another therapist is refused the record with 404, and the refusal is recorded', async ({
	playwright,
	baseURL
}) => {
	const { coupleId } = firstCoupleIds();
	const request = await playwright.request.newContext({ baseURL });
	const signIn = await request.post('/sign-in', {
		headers: { origin, accept: 'text/html' },
		form: { email: demo.otherTherapist.email, password: DEMO_PASSWORD },
		maxRedirects: 0
	});
	expect(signIn.status()).toBe(303);
	const refusals = () =>
		withDatabase(
			servers.demo.database,
			(db) =>
				(
					db
						.prepare(
							"SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.refused' AND object_id LIKE ?"
						)
						.get(`%${coupleId}/record%`) as { n: number }
				).n
		);
	const before = refusals();
	for (const path of [
		`/couples/${coupleId}/record`,
		`/couples/${coupleId}/record/pdf?from=${day(-60)}&to=${day(1)}`,
		`/couples/${coupleId}/record/fhir?from=${day(-60)}&to=${day(1)}`
	]) {
		const response = await request.get(path, { headers: { accept: 'text/html' } });
		expect(response.status(), path).toBe(404);
		expect(response.headers()['content-type']).toMatch(/^text\/html/);
	}
	expect(refusals()).toBe(before + 3);
	await request.dispose();
});
