import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { withDatabase } from './support/database';
import { demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { alexOnPhone, assignWeeklyCheckIn, handIn } from './support/weekly-check-in';
import { stopLocalServer } from '../scripts/local-server';

// The therapist opens a concern and starts writing; meanwhile the partner
// hands in a more urgent answer and the flag escalates. The acknowledgement
// written on the stale page is refused, the words kept, until the therapist
// has the concern before them as it is now. Once with JavaScript, once
// without. The follow-up changes the practice, so it runs on one of its own.

const STALE_NOTE = 'Will ask Alex about the week on Thursday.';
const CHANGED = 'This concern has changed since you opened it: it is now Urgent.';

test.describe('a follow-up written on a concern that escalated meanwhile', () => {
	test.describe.configure({ mode: 'serial', timeout: 180_000 });

	let server: OwnServer;
	let folder: string;
	let database: string;
	// One check-in for each run: each flag escalates once, from Watch to Urgent.
	let assignmentIds: string[];

	test.beforeAll(async () => {
		folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'flag-stale-follow-up-'));
		database = path.join(folder, 'practice.db');
		seedDemo(database);
		({ assignmentIds } = await assignWeeklyCheckIn(database, 2));
		server = await startOwnServer(database);
	});

	test.afterAll(async () => {
		if (server) await stopLocalServer(server);
		fs.rmSync(folder, { recursive: true, force: true });
	});

	async function desk(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
		const context = await browser.newContext({ baseURL: server.origin, javaScriptEnabled });
		const page = await context.newPage();
		if (!javaScriptEnabled) trackNoScriptDocuments(page);
		await signInAs(page, demo.therapist);
		return page;
	}

	/** The follow-up actions recorded for one flag, in order. */
	const flagAudit = (flagId: string) =>
		withDatabase(database, (db) =>
			db
				.prepare(
					"SELECT action FROM audit_log WHERE action LIKE 'flag.%' AND object_id = ? ORDER BY id"
				)
				.pluck()
				.all(flagId)
		);

	for (const [run, javaScriptEnabled] of [
		['with JavaScript', true],
		['without JavaScript', false]
	] as const)
		test(`${run}: refused with the words kept, then acknowledged at its new tier`, async ({
			browser
		}) => {
			const assignmentId = assignmentIds[javaScriptEnabled ? 0 : 1]!;
			const alex = await alexOnPhone(browser, server.origin);
			await alex.goto(`/homework/${assignmentId}`);
			await handIn(alex, 'Tense');

			// The therapist opens the new concern from the prep page and starts writing.
			const page = await desk(browser, javaScriptEnabled);
			await page.goto('/practice');
			await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
			const attention = page.locator('section', {
				has: page.getByRole('heading', { name: 'Needs attention' })
			});
			const flag = attention
				.locator('li.flag-item', { hasText: 'Alex: Needs your attention' })
				.filter({ has: page.getByRole('link', { name: 'Acknowledge or resolve' }) });
			await expect(flag).toContainText('Watch');
			await flag.getByRole('link', { name: 'Acknowledge or resolve' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Concern: Alex' })).toBeVisible();
			const flagId = new URL(page.url()).pathname.split('/').at(-1)!;
			await expect(page.locator('.meta .tag').first()).toHaveText('Watch');
			const note = page.getByLabel('What you are doing about it');
			await note.fill(STALE_NOTE);

			// Meanwhile Alex edits the check-in again and hands in a frightening week.
			await alex.goto(`/homework/${assignmentId}`);
			await alex.getByRole('button', { name: 'Edit again' }).click();
			await handIn(alex, 'Frightening');

			// The acknowledgement written on the page as it was is refused.
			const posted = page.waitForResponse(
				(response) =>
					response.request().method() === 'POST' && response.url().includes('acknowledge')
			);
			await page.getByRole('button', { name: 'Acknowledge' }).click();
			const refused = await posted;
			// With JavaScript the form is sent by fetch, and the refusal travels inside the answer.
			if (!javaScriptEnabled) expect(refused.status()).toBe(409);
			const acknowledge = page.getByRole('region', { name: 'Acknowledge', exact: true });
			await expect(acknowledge.getByRole('alert')).toContainText(CHANGED);
			await expect(acknowledge.getByRole('alert')).toContainText(
				'Read it again before you acknowledge it.'
			);
			await expect(note).toHaveValue(STALE_NOTE);
			// The concern as it is now: urgent, and how it got there.
			await expect(page.locator('.meta .tag').first()).toHaveText('Urgent');
			await expect(page.getByText('from Watch to Urgent')).toBeVisible();
			await expectAccessible(page);
			expect(flagAudit(flagId)).toEqual(['flag.escalate']);
			expect(
				withDatabase(database, (db) =>
					db.prepare('SELECT acknowledged_at FROM flags WHERE id = ?').pluck().get(flagId)
				)
			).toBeNull();

			// Read again, the therapist adds a line and acknowledges the concern as it is now.
			await note.fill(`${STALE_NOTE} Calling Alex today instead.`);
			await page.getByRole('button', { name: 'Acknowledge' }).click();
			await expect(page.getByText('Acknowledged. It stays on the week ahead')).toBeVisible();
			await expect(page.getByText(`${STALE_NOTE} Calling Alex today instead.`)).toBeVisible();
			await expect(page.locator('.meta .tag').first()).toHaveText('Urgent');
			await expectAccessible(page);
			expect(flagAudit(flagId)).toEqual(['flag.escalate', 'flag.acknowledge']);
		});

	test('a follow-up that does not say what was seen is a 400, one out of turn a 409, the words kept', async ({
		browser
	}) => {
		const page = await desk(browser, true);
		await page.goto('/practice');
		await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
		const href = await page
			.locator('li.flag-item', { hasText: 'Alex: Needs your attention' })
			.getByRole('link', { name: 'Resolve', exact: true })
			.first()
			.getAttribute('href');
		for (const seenTier of [null, '', 'Urgent', 'critical']) {
			const form: Record<string, string> = { note: 'Talked it through with Alex.' };
			if (seenTier !== null) form.seenTier = seenTier;
			const response = await page.request.post(`${href}?/resolve`, {
				headers: { origin: server.origin, accept: 'text/html' },
				form
			});
			expect(response.status(), `seenTier ${seenTier}`).toBe(400);
			const html = await response.text();
			expect(html).toContain('We could not tell which version of this concern you read.');
			expect(html).toContain('Talked it through with Alex.');
		}
		// Acknowledging it again, at the tier it has, is refused too; its form is gone, its words are not.
		const again = await page.request.post(`${href}?/acknowledge`, {
			headers: { origin: server.origin, accept: 'text/html' },
			form: { seenTier: 'urgent', acknowledgement: 'Calling Alex again tonight.' }
		});
		expect(again.status()).toBe(409);
		const html = await again.text();
		expect(html).toContain('This concern has moved on since you opened the page.');
		expect(html).toContain('What you wrote, not recorded');
		expect(html).toContain('Calling Alex again tonight.');
		const flagId = href!.split('/').at(-1)!;
		expect(flagAudit(flagId)).toEqual(['flag.escalate', 'flag.acknowledge']);
	});
});
