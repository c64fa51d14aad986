import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { pdfPages } from './support/pdf';
import { stopLocalServer } from '../scripts/local-server';
import { openDatabase } from '../src/lib/server/database/open';
import { saveOwnTemplate } from '../src/lib/server/library/own-templates';
import { assignHomework } from '../src/lib/server/homework/assignments';
import type { WorksheetTemplate } from '../src/lib/worksheets/template';

// A partner's answer can grow more urgent after the therapist acknowledged
// the flag it raised: the partner edits a handed-in check-in again and hands
// it in once more. The flag is then open again at its new tier, asking for
// acknowledgement anew, and the earlier acknowledgement stays in its history.
// The follow-up changes the practice, so it runs on one of its own.

/** The therapist's own weekly check-in, shared as usual, whose answers raise a flag at each tier. */
const weeklyCheckIn: WorksheetTemplate = {
	id: 'own-weekly-check-in',
	title: 'How this week went',
	intro: 'A minute on the week between you.',
	step: null,
	minutes: 2,
	fields: [
		{
			key: 'week',
			kind: 'single-choice',
			label: 'How was this week between you?',
			options: [
				{ value: 'good', label: 'Good' },
				{ value: 'tense', label: 'Tense' },
				{ value: 'frightening', label: 'Frightening' }
			],
			required: true
		}
	],
	concernRules: [
		{ field: 'week', anyOf: ['tense'], tier: 'watch' },
		{ field: 'week', anyOf: ['frightening'], tier: 'urgent' }
	]
};

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
		// The therapist's own worksheet, assigned to Alex, through the app's own write paths.
		const { db } = openDatabase(database);
		try {
			const place = await db
				.selectFrom('partners')
				.innerJoin('couples', 'couples.id', 'partners.couple_id')
				.select(['partners.id', 'partners.couple_id', 'couples.therapist_id'])
				.where('partners.display_name', '=', 'Alex')
				.executeTakeFirstOrThrow();
			coupleId = place.couple_id;
			const therapist = { userId: place.therapist_id, clientAddress: null };
			const now = new Date();
			await saveOwnTemplate(db, therapist, weeklyCheckIn, now);
			const ids = await assignHomework(
				db,
				therapist,
				coupleId,
				{
					template: weeklyCheckIn,
					addressees: [place.id],
					dueAt: null,
					note: 'Before Thursday, please.',
					recurrence: 'once'
				},
				now
			);
			assignmentId = ids![0]!;
		} finally {
			await db.destroy();
		}
		server = await startOwnServer(database);
	});

	test.afterAll(async () => {
		if (server) await stopLocalServer(server);
		fs.rmSync(folder, { recursive: true, force: true });
	});

	/** Alex on their phone; without JavaScript when asked, forms posting as they are. */
	async function alexOnPhone(browser: Browser, javaScriptEnabled = true): Promise<Page> {
		const context = await browser.newContext({
			baseURL: server.origin,
			viewport: PHONE,
			javaScriptEnabled
		});
		const page = await context.newPage();
		// axe cannot run in a page without scripts: it checks the same document in one that can.
		if (!javaScriptEnabled) trackNoScriptDocuments(page);
		await signInAs(page, demo.alex);
		return page;
	}

	async function desk(browser: Browser): Promise<Page> {
		const page = await (await browser.newContext({ baseURL: server.origin })).newPage();
		await signInAs(page, demo.therapist);
		return page;
	}

	/** Alex's answer, checked and handed in to the therapist. */
	async function handIn(page: Page, answer: string): Promise<void> {
		await page
			.getByRole('group', { name: 'How was this week between you?' })
			.getByLabel(answer)
			.check();
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		const preview = page.getByRole('region', { name: 'What Sam will see' });
		await expect(preview).toBeVisible();
		await expectAccessible(page);
		await preview.getByRole('button', { name: `Submit to ${demo.therapist.name}` }).click();
		await expect(page.getByText(`Submitted. ${demo.therapist.name} will read it`)).toBeVisible();
		await expectAccessible(page);
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
		const alex = await alexOnPhone(browser);
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
		const alex = await alexOnPhone(browser, false);
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
			'From watch to urgent, which opened it again',
			'Called Alex; seeing Alex alone tomorrow.'
		].map((words) => record.indexOf(squeeze(words), record.indexOf(squeeze('Alex: distress'))));
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
