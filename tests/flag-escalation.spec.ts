import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { pdfPages } from './support/pdf';
import { alexOnPhone, assignWeeklyCheckIn, handIn } from './support/weekly-check-in';
import { stopLocalServer } from '../scripts/local-server';

// A partner's answer can grow more urgent after the therapist acknowledged
// the flag it raised: the partner edits a handed-in check-in again and hands
// it in once more. The flag is then open again at its new tier, asking for
// acknowledgement anew, and the earlier acknowledgement stays in its history.
// The follow-up changes the practice, so it runs on one of its own.

const EARLIER_NOTE = 'Will ask Alex about the week on Thursday.';
const squeeze = (text: string) => text.replace(/\s+/g, '');

test.describe('a flag that grows more urgent after it was acknowledged', () => {
	test.describe.configure({ mode: 'serial', timeout: 180_000 });

	let server: OwnServer;
	let folder: string;
	let database: string;
	let coupleId: string;
	let assignmentId: string;

	test.beforeAll(async () => {
		folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'flag-escalation-'));
		database = path.join(folder, 'practice.db');
		seedDemo(database);
		// The therapist's own check-in, assigned to Alex, through the app's own write paths.
		const assigned = await assignWeeklyCheckIn(database);
		coupleId = assigned.coupleId;
		assignmentId = assigned.assignmentIds[0]!;
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

	/** Alex's flag on the prep page's "Needs attention". */
	async function alexsFlagOnPrep(page: Page): Promise<Locator> {
		await page.goto('/practice');
		await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
		const attention = page.locator('section', {
			has: page.getByRole('heading', { name: 'Needs attention' })
		});
		return attention.locator('li.flag-item', { hasText: 'Alex: Needs your attention' });
	}

	test('Alex hands in a tense week; the therapist acknowledges the flag', async ({ browser }) => {
		const alex = await alexOnPhone(browser, server.origin);
		await alex.goto(`/homework/${assignmentId}`);
		await expect(alex.getByRole('heading', { name: 'How this week went' })).toBeVisible();
		await expectAccessible(alex);
		await handIn(alex, 'Tense');

		const page = await desk(browser);
		const flag = await alexsFlagOnPrep(page);
		await expect(flag).toContainText('Watch');
		await expect(flag).toContainText('Open');
		await expectAccessible(page);
		await flag.getByRole('link', { name: 'Acknowledge or resolve' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Concern: Alex' })).toBeVisible();
		await page.getByLabel('What you are doing about it').fill(EARLIER_NOTE);
		await page.getByRole('button', { name: 'Acknowledge' }).click();
		await expect(page.getByText('Acknowledged. It stays on the week ahead')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
		await expectAccessible(page);
	});

	test('Alex edits it again and hands in a frightening week: the flag is open again, urgent, with the earlier acknowledgement kept', async ({
		browser
	}) => {
		// Without JavaScript: editing again and handing in are plain form posts.
		const alex = await alexOnPhone(browser, server.origin, false);
		await alex.goto(`/homework/${assignmentId}`);
		await alex.getByRole('button', { name: 'Edit again' }).click();
		await expect(
			alex.getByRole('group', { name: 'How was this week between you?' }).getByLabel('Tense')
		).toBeChecked();
		await expectAccessible(alex);
		await handIn(alex, 'Frightening');

		const page = await desk(browser);
		const flag = await alexsFlagOnPrep(page);
		await expect(flag).toContainText('Urgent');
		await expect(flag).toContainText('Open');
		await expect(flag).toContainText(`Acknowledged`);
		await expect(flag).toContainText(EARLIER_NOTE);
		await expect(flag).toContainText('from Watch to Urgent, which opened it again');
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/flag-escalated-prep.png', fullPage: true });

		await flag.getByRole('link', { name: 'Acknowledge or resolve' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Concern: Alex' })).toBeVisible();
		await expect(page.getByText('It grew more urgent after it was acknowledged')).toBeVisible();
		await expect(page.getByText(EARLIER_NOTE)).toBeVisible();
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/flag-escalated-concern.png', fullPage: true });
		await page
			.getByLabel('What you are doing about it')
			.fill('Called Alex; seeing Alex alone tomorrow.');
		await page.getByRole('button', { name: 'Acknowledge' }).click();
		await expect(page.getByText('Acknowledged. It stays on the week ahead')).toBeVisible();

		// The couple's concerns keep both acknowledgements and the escalation between them.
		await page.goto(`/couples/${coupleId}`);
		const concern = page.locator('li.concern-item', { hasText: 'Concerning answer · Alex' });
		await expect(concern).toContainText('Urgent');
		await expect(concern).toContainText('Acknowledged');
		await expect(concern).toContainText(EARLIER_NOTE);
		await expect(concern).toContainText('from Watch to Urgent');
		await expect(concern).toContainText('Called Alex; seeing Alex alone tomorrow.');
		await expectAccessible(page);

		// So does the record, in the order it happened.
		const day = (offset: number) =>
			new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
		const pdf = await page.request.get(
			`/couples/${coupleId}/record/pdf?from=${day(-1)}&to=${day(1)}`
		);
		expect(pdf.status()).toBe(200);
		const record = squeeze((await pdfPages(await pdf.body())).join('\n'));
		const steps = [
			`Acknowledged`,
			EARLIER_NOTE,
			'Escalated',
			'From Watch to Urgent, which opened it again',
			'Called Alex; seeing Alex alone tomorrow.'
		].map((words) =>
			record.indexOf(squeeze(words), record.indexOf(squeeze('Alex: Concerning answer (Urgent)')))
		);
		expect(steps.every((at) => at >= 0)).toBe(true);
		expect(steps).toEqual([...steps].sort((a, b) => a - b));

		const audit = withDatabase(database, (db) =>
			db
				.prepare("SELECT action FROM audit_log WHERE action LIKE 'flag.%' ORDER BY id")
				.pluck()
				.all()
		);
		expect(audit).toEqual(['flag.acknowledge', 'flag.escalate', 'flag.acknowledge']);
	});
});
