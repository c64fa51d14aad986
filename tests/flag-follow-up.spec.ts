import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { pdfPages } from './support/pdf';
import { demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { startPracticeWithMail } from './support/mail-sink';
import { stopLocalServer } from '../scripts/local-server';

// Following up the demo's open safety flag (Sam's) changes data other tests
// rely on, so these run on a practice of their own.

const WEEK = 7 * 24 * 60 * 60 * 1000;

test.describe('the therapist follows up a safety concern', () => {
	test.describe.configure({ mode: 'serial', timeout: 180_000 });

	let server: OwnServer;
	let folder: string;
	let database: string;
	let coupleId: string;

	test.beforeAll(async () => {
		folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'flag-follow-up-'));
		database = path.join(folder, 'practice.db');
		seedDemo(database);
		// Until the screening rules fill tiers, the demo's flag is 'watch': make it urgent here.
		coupleId = withDatabase(database, (db) => {
			const id = db.prepare("SELECT id FROM couples WHERE name = 'Alex & Sam'").pluck().get();
			db.prepare("UPDATE flags SET tier = 'urgent' WHERE couple_id = ? AND kind = 'safety'").run(
				id
			);
			return id as string;
		});
		server = await startOwnServer(database);
	});

	test.afterAll(async () => {
		if (server) await stopLocalServer(server);
		fs.rmSync(folder, { recursive: true, force: true });
	});

	async function desk(browser: Browser): Promise<Page> {
		const page = await (await browser.newContext({ baseURL: server.origin })).newPage();
		await signInAs(page, demo.therapist);
		return page;
	}

	test('assigning step 4 or 7 while it is open asks the therapist to confirm', async ({
		browser
	}) => {
		const page = await desk(browser);
		for (const worksheet of ['reconnecting', 'taking-it-slow']) {
			await page.goto(`/couples/${coupleId}/assignments/new?worksheet=${worksheet}`);
			await expect(page.getByRole('heading', { name: 'Safety concern open' })).toBeVisible();
			await expectAccessible(page);
			await page.getByRole('button', { name: 'Assign' }).click();
			await expect(page.locator('#field-considered-problem')).toContainText(
				'I have considered this'
			);
			await expectAccessible(page);
			await page.getByLabel('I have considered this').check();
			await page.getByRole('button', { name: 'Assign' }).click();
			await expect(page).toHaveURL(new RegExp(`/couples/${coupleId}#homework-heading$`), {
				timeout: 30_000
			});
		}
		const assigned = withDatabase(database, (db) =>
			db
				.prepare(
					"SELECT COUNT(*) FROM assignments WHERE couple_id = ? AND template_id IN ('reconnecting', 'taking-it-slow') AND created_at > ?"
				)
				.pluck()
				.get(coupleId, new Date(Date.now() - 10 * 60 * 1000).toISOString())
		);
		expect(assigned).toBe(2);
	});

	test('from the prep page: to the answers, acknowledged, resolved, kept in the history', async ({
		browser
	}) => {
		const page = await desk(browser);
		await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
		const attention = page.locator('section', {
			has: page.getByRole('heading', { name: 'Needs attention' })
		});
		const safety = attention.locator('li.flag-item.safety');
		await expect(safety).toContainText('Urgent');
		await expect(safety).toContainText('Open');
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/flag-follow-up-prep.png', fullPage: false });

		await safety.getByRole('link', { name: 'See the answers' }).click();
		await expect(page).toHaveURL(/#answers-/);
		const anchor = new URL(page.url()).hash;
		await expect(page.locator(`section.prep-worksheet${anchor}`)).toBeInViewport();

		await safety.getByRole('link', { name: 'Acknowledge or resolve' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Safety concern: Sam' })
		).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Acknowledge' }).click();
		await expect(page.locator('#field-acknowledgement-problem')).toBeVisible();
		await page.getByLabel('What you are doing about it').fill('Calling Sam on her own today.');
		await page.getByRole('button', { name: 'Acknowledge' }).click();
		await expect(page.getByText('Acknowledged. It stays on the week ahead')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

		// Resolving asks for the whole record, each problem beside its field.
		await page.getByRole('button', { name: 'Resolve' }).click();
		await expect(page.locator('#field-contactMade-problem')).toBeVisible();
		await expect(page.locator('#field-jointSessions-problem')).toBeVisible();
		await expectAccessible(page);
		const group = (name: string) => page.getByRole('group', { name });
		await group('Individual contact made with Sam').getByLabel('Yes').check();
		await page.getByLabel('When and how').fill('2 Dec, phone call, alone');
		await group('Risk assessed').getByLabel('Yes').check();
		await group('Level of risk').getByLabel('Moderate').check();
		await group('Safety plan made').getByLabel('Yes').check();
		await group('Joint sessions').getByLabel('Individual sessions only').check();
		await page.getByRole('button', { name: 'Resolve' }).click();
		await expect(page.getByText('Resolved. It has left the week ahead')).toBeVisible();
		await expectAccessible(page);

		// Gone from the prep page's "Needs attention" and the week ahead.
		await page.goto('/practice');
		await expect(page.getByText('Safety: Sam’s private check-in')).toHaveCount(0);
		await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
		await expect(attention.locator('li.flag-item.safety')).toHaveCount(0);

		// Kept in the couple's concerns, with the record.
		await page.goto(`/couples/${coupleId}`);
		const concerns = page.locator('section', {
			has: page.getByRole('heading', { name: 'Concerns' })
		});
		await expect(concerns).toContainText('Resolved');
		await expect(concerns).toContainText('Individual sessions only');
		await expect(concerns).toContainText('Calling Sam on her own today.');
		await expectAccessible(page);
		await concerns.screenshot({ path: 'test-results/flag-follow-up-concerns.png' });
		// The record as PDF reads the follow-up as the page does, not as it is stored.
		const day = (offset: number) =>
			new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
		const pdf = await page.request.get(
			`/couples/${coupleId}/record/pdf?from=${day(-30)}&to=${day(1)}`
		);
		expect(pdf.status()).toBe(200);
		const squeeze = (text: string) => text.replace(/\s+/g, '');
		const record = squeeze((await pdfPages(await pdf.body())).join('\n'));
		const sam = record.indexOf(squeeze('Sam: Safety (Urgent)'));
		expect(sam).toBeGreaterThanOrEqual(0);
		const lines = [
			'Calling Sam on her own today.',
			'Individual contact made',
			'Yes: 2 Dec, phone call, alone',
			'Risk assessed',
			'Yes: Moderate risk',
			'Safety plan made',
			'Joint sessions',
			'Individual sessions only'
		].map((words) => record.indexOf(squeeze(words), sam));
		expect(lines.every((at) => at >= 0)).toBe(true);
		expect(lines).toEqual([...lines].sort((a, b) => a - b));
		expect(record).not.toContain('"kind"');
		expect(record).not.toContain('{"note"');
		// Resolved, the warning on joint work is gone.
		await page.goto(`/couples/${coupleId}/assignments/new?worksheet=reconnecting`);
		await expect(page.getByRole('heading', { name: 'Safety concern open' })).toHaveCount(0);
		const audit = withDatabase(database, (db) =>
			db
				.prepare("SELECT action FROM audit_log WHERE action LIKE 'flag.%' ORDER BY id")
				.pluck()
				.all()
		);
		expect(audit).toEqual(['flag.acknowledge', 'flag.resolve']);
	});
});

test('a new couple is screened at once and again after 6 weeks', async ({ browser }) => {
	test.setTimeout(240_000);
	const practice = await startPracticeWithMail();
	try {
		const page = await (await browser.newContext({ baseURL: practice.server.origin })).newPage();
		await signInAs(page, demo.therapist);
		await page.goto('/couples/new');
		await expect(page.getByLabel('Send each partner a private check-in')).toBeChecked();
		await expectAccessible(page);
		await page.getByLabel('Couple’s name').fill('Robin & Kim');
		await page.getByLabel('First partner’s name').fill('Robin');
		await page.getByLabel('Second partner’s name').fill('Kim');
		await page.getByRole('button', { name: 'Add couple' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Robin & Kim' })).toBeVisible({
			timeout: 30_000
		});
		await expect(
			page.getByText('each partner gets a private check-in every 6 weeks')
		).toBeVisible();
		await expectAccessible(page);

		const screenings = () =>
			withDatabase(practice.database, (db) =>
				db
					.prepare(
						"SELECT a.partner_id FROM assignments a JOIN couples c ON c.id = a.couple_id WHERE c.name = 'Robin & Kim' AND a.template_id = 'safety-check-in'"
					)
					.pluck()
					.all()
			) as string[];
		expect(screenings()).toHaveLength(2);
		expect(new Set(screenings()).size).toBe(2);

		practice.moveClock(6 * WEEK + 60_000);
		await expect.poll(() => screenings().length, { timeout: 60_000 }).toBe(4);
		// Once per period: another round later the same day adds none.
		practice.moveClock(60 * 60 * 1000);
		await expect.poll(() => screenings().length, { timeout: 5_000 }).toBe(4);
	} finally {
		await practice.stop();
	}
});
