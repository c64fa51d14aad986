import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { signInAs } from './support/demo';
import { runScript, startOwnServer, type OwnServer } from './support/own-server';

// A practice larger than a page: 60 couples, each with a session in the coming
// week and homework overdue for most, made by the project's own generator.
// Each list shows a page of it, says how much there is, and pages on.

const dataDir = process.env.TEST_DATA_DIR!;
const therapist = { email: 'bench@example.com', home: '/practice' };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let server: OwnServer;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	const folder = fs.mkdtempSync(path.join(dataDir, 'long-lists-'));
	const database = path.join(folder, 'practice.db');
	const made = runScript(
		'generate-large-practice',
		['--size', 'small', '--couples', '60'],
		database
	);
	expect(made.status, made.stderr).toBe(0);
	server = await startOwnServer(database);
});

test.afterAll(async () => {
	server.process.kill('SIGTERM');
	await server.exited;
});

/** The generated practice's therapist, signed in, in a browser of their own. */
async function asTherapist(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await signInAs(page, therapist);
	return page;
}

test('the week ahead shows thirty sessions a page and pages through the rest', async ({
	browser
}) => {
	const page = await asTherapist(browser);
	const sessions = page.getByRole('region', { name: 'Sessions in the next seven days' });
	await expect(sessions).toContainText('Sessions 1 to 30 of 60, the soonest first.');
	await expect(sessions.getByRole('link', { name: /^Prepare/ })).toHaveCount(30);
	await expectAccessible(page);

	const pager = page.getByRole('navigation', { name: 'Pages of sessions' });
	await pager.getByRole('link', { name: 'Later sessions' }).click();
	await expect(page).toHaveURL('/practice?page=2');
	await expect(sessions).toContainText('Sessions 31 to 60 of 60');
	await expect(sessions.getByRole('link', { name: /^Prepare/ })).toHaveCount(30);
	await expect(pager.getByRole('link', { name: 'Later sessions' })).toHaveCount(0);
	await expect(pager.getByRole('link', { name: 'Earlier sessions' })).toBeVisible();

	// Past the end, or not a page at all.
	await page.goto(`/practice?page=3`);
	await expect(sessions).toContainText('There are 60 sessions in the next seven days');
	expect((await page.goto(`/practice?page=zero`))?.status()).toBe(400);
});

test('overdue homework is listed by couple, the longest waited on first, the rest counted', async ({
	browser
}) => {
	const page = await asTherapist(browser);
	const overdue = page.getByRole('region', { name: 'Overdue homework' });
	const couples = overdue.locator('.overdue-list > li');
	await expect(couples).toHaveCount(20);
	await expect(couples.first()).toContainText(/overdue\./);
	await expect(overdue).toContainText(/And \d+ more couples with overdue homework/);

	await overdue.getByRole('link', { name: 'the couple list' }).click();
	await expect(page).toHaveURL(`/couples`);
	await page.getByRole('link', { name: 'Only those with overdue homework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Couples with overdue homework');
	const rows = page.getByRole('table').getByRole('row');
	// Every couple listed here has a number in its overdue column.
	for (const cell of await page.locator('tbody tr td:last-child').allTextContents())
		expect(Number(cell)).toBeGreaterThan(0);
	expect(await rows.count()).toBeGreaterThan(21);
	await expectAccessible(page);
});

test('the couple list shows fifty couples a page, by name', async ({ browser }) => {
	const page = await asTherapist(browser);
	await page.goto(`/couples`);
	const body = page.locator('tbody tr');
	await expect(body).toHaveCount(50);
	const pager = page.getByRole('navigation', { name: 'Pages of couples' });
	await expect(pager).toContainText('Page 1 of 2 (60 couples)');
	await pager.getByRole('link', { name: 'Next page' }).click();
	await expect(body).toHaveCount(10);
	await expect(pager.getByRole('link', { name: 'Previous page' })).toBeVisible();
	await expectAccessible(page);
});

test('pages go out compressed to a browser that accepts it', async ({ browser }) => {
	const page = await asTherapist(browser);
	const plain = await page.request.get(`/couples`, {
		headers: { 'Accept-Encoding': 'identity' }
	});
	expect(plain.headers()['content-encoding']).toBeUndefined();
	for (const encoding of ['gzip', 'br']) {
		const compressed = await page.request.get(`/couples`, {
			headers: { 'Accept-Encoding': encoding }
		});
		expect(compressed.headers()['content-encoding']).toBe(encoding);
		expect(compressed.headers()['cache-control']).toBe('no-store');
		// Playwright undoes the compression: the page is the same page.
		expect(await compressed.text()).toContain('Pages of couples');
	}
});
