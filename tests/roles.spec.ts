import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { withDatabase } from './support/database';
import { servers } from '../playwright.config';

const therapistPages = ['/practice', '/couples', '/couples/new', '/library'];
const partnerPages = ['/home'];
const signedInPages = [...therapistPages, ...partnerPages, '/account', '/account/password'];

test('anyone signed out is sent to sign in, and page data holds nothing', async ({
	page,
	request
}) => {
	for (const path of signedInPages) {
		await page.goto(path);
		await expect(page, path).toHaveURL(`/sign-in?next=${encodeURIComponent(path)}`);
		const data = await request.get(`${path}/__data.json`, { maxRedirects: 0 });
		const body = await data.text();
		expect(body, path).toContain('"type":"redirect"');
		expect(body).not.toMatch(/Alex|Sam|Morgan|Jordan|Casey|policy/i);
	}
});

test.describe('a partner', () => {
	test.use({ viewport: PHONE });

	test('is refused the therapist pages, in the page and in its data', async ({ page }) => {
		await signInAs(page, demo.sam);
		for (const path of therapistPages) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
			await expectAccessible(page);

			const data = await page.request.get(`${path}/__data.json`);
			const body = await data.text();
			expect(body).toContain('"status":404');
			expect(body).not.toContain('Jordan');
			expect(body).not.toContain('couples');
		}
	});
});

test('a therapist is refused the partner pages', async ({ page }) => {
	await signInAs(page, demo.therapist);
	// A partner's worksheet and its draft endpoint, even for homework of the therapist's own couple.
	const assignment = withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					"SELECT a.id FROM assignments a JOIN couples c ON c.id = a.couple_id WHERE c.name = 'Alex & Sam' AND a.template_id = 'accountability'"
				)
				.pluck()
				.get() as string
	);
	expect((await page.goto(`/homework/${assignment}`))?.status()).toBe(404);
	expect(await (await page.request.get(`/homework/${assignment}/__data.json`)).text()).toContain(
		'"status":404'
	);
	expect(
		(
			await page.request.post(`/api/homework/${assignment}/draft`, {
				data: { answers: {}, revision: 0 }
			})
		).status()
	).toBe(404);
	for (const path of partnerPages) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		const body = await (await page.request.get(`${path}/__data.json`)).text();
		expect(body).toContain('"status":404');
		expect(body).not.toContain('partnerName');
	}
});

test('each therapist sees their own couple and never the other’s', async ({ page }) => {
	await signInAs(page, demo.otherTherapist);
	await page.goto('/couples');
	await expect(page.getByRole('link', { name: 'Jordan & Casey' })).toBeVisible();
	await expect(page.getByText('Alex & Sam')).toHaveCount(0);
	for (const path of ['/practice', '/couples']) {
		const body = await (await page.request.get(`${path}/__data.json`)).text();
		expect(body, path).toContain('Jordan & Casey');
		expect(body, path).not.toContain('Alex');
		expect(body, path).not.toContain('Sam');
	}
});

test('a partner sees their own couple only', async ({ page }) => {
	await signInAs(page, demo.casey);
	const body = await (await page.request.get('/home/__data.json')).text();
	expect(body).toContain('Jordan');
	expect(body).toContain('Dr. Priya Natarajan');
	expect(body).not.toMatch(/Alex|Sam\b|Morgan/);
});
