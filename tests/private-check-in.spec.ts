import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh } from './support/arrange';
import { servers } from '../playwright.config';

// A private check-in, once sent, leaves nothing on the partner's phone: not its
// answers, not its name, not a place in a list. Only its own page says that a
// check-in was sent, and when. Each one sent is kept for the therapist.

test.use({ viewport: PHONE });

/** Anything that would tell someone holding the phone what was sent. */
const TELLING = /safety|private check-in|afraid|threatened|where to find help/i;

function storedResponses(assignmentId: string) {
	return withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					'SELECT id, occurrence, status, answers FROM responses WHERE assignment_id = ? ORDER BY started_at, occurrence DESC'
				)
				.all(assignmentId) as Array<{
				id: string;
				occurrence: string;
				status: string;
				answers: string;
			}>
	);
}

async function expectNeutralTitle(page: Page) {
	await expect(page).toHaveTitle('Check-in · Common Ground');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check-in');
}

/** Fills in a concerning check-in with words of its own, and sends it. */
async function sendConcerning(page: Page, words: string) {
	await expectNeutralTitle(page);
	await page
		.getByRole('group', { name: /afraid of them\? In the past year/ })
		.getByRole('radio', { name: 'Sometimes' })
		.check();
	await page.getByLabel('Anything else you want your therapist to know').fill(words);
	await page.getByRole('button', { name: 'Send to Dr. Morgan Reyes' }).click();
}

/** What the page, its data and the browser's storage hold: none of it may tell. */
async function expectNothingTells(page: Page, assignmentId: string, words: string) {
	const text = await page.locator('body').innerText();
	expect(text).not.toContain(words);
	const pageData = await (await page.request.get(`/homework/${assignmentId}/__data.json`)).text();
	expect(pageData).not.toContain(words);
	expect(pageData).not.toMatch(TELLING);
	expect(pageData).toContain('Sent on');
}

async function expectHomeHoldsNothing(page: Page, assignmentId: string) {
	await page.goto('/home');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator(`a[href="/homework/${assignmentId}"]`)).toHaveCount(0);
	await expect(page.getByText(TELLING)).toHaveCount(0);
	await expectAccessible(page);
	const homeData = await (await page.request.get('/home/__data.json')).text();
	expect(homeData).not.toContain(assignmentId);
	expect(homeData).not.toMatch(TELLING);
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled });

		test('a sent check-in leaves only "sent on" behind, and another can be sent', async ({
			page
		}, testInfo) => {
			test.setTimeout(120_000);
			const assignmentId = assignFresh('safety-check-in', 'Alex & Sam', 2);
			const words = `Words only my therapist reads ${testInfo.workerIndex}-${Date.now()}`;
			await signInAs(page, demo.sam);

			// Open, it can be found, under a neutral name.
			const link = page.locator(`a[href="/homework/${assignmentId}"]`);
			await expect(link).toHaveText('Check-in');
			await expect(page.getByText(/private check-in/i)).toHaveCount(0);
			await link.click();
			await expect(page).toHaveURL(`/homework/${assignmentId}`);
			await expect(page.getByText('will not know it exists')).toHaveCount(0);
			await expectAccessible(page);

			await sendConcerning(page, words);
			// Right after sending: the help, once, and no address that gives anything away.
			await expect(page).toHaveURL(`/homework/${assignmentId}`);
			await expect(page.getByRole('note', { name: 'Where to find help' })).toBeVisible();
			await expect(page.getByText(/^Sent on /)).toBeVisible();
			await expectNeutralTitle(page);
			await expectAccessible(page);
			await page.screenshot({ path: testInfo.outputPath('just-sent.png'), fullPage: true });
			expect(await page.locator('body').innerText()).not.toContain(words);
			if (javaScriptEnabled) {
				const stored = await page.evaluate(() =>
					JSON.stringify({ ...localStorage, ...sessionStorage })
				);
				expect(stored).not.toContain(words);
				expect(stored).not.toMatch(/sometimes|afraid/i);
			}

			// Opened again: only that it was sent, and when.
			await page.reload();
			await expect(page.getByText(/^Sent on /)).toBeVisible();
			await expect(page.getByRole('note', { name: 'Where to find help' })).toHaveCount(0);
			await expectNeutralTitle(page);
			await expect(page.getByRole('button', { name: 'Edit again' })).toHaveCount(0);
			await expectAccessible(page);
			await page.screenshot({ path: testInfo.outputPath('reloaded.png'), fullPage: true });
			await expectNothingTells(page, assignmentId, words);

			await expectHomeHoldsNothing(page, assignmentId);

			// Another, as a response of its own; the first is kept as it was sent.
			const [first] = storedResponses(assignmentId);
			expect(first).toMatchObject({ occurrence: 'once', status: 'submitted' });
			expect(first!.answers).toContain(words);
			await page.goto(`/homework/${assignmentId}`);
			await page.getByRole('button', { name: 'Send another check-in' }).click();
			await expectNeutralTitle(page);
			await expect(page.getByLabel('Anything else you want your therapist to know')).toHaveValue(
				''
			);
			await expectAccessible(page);
			const again = `${words}, and again`;
			await sendConcerning(page, again);
			await expect(page.getByRole('note', { name: 'Where to find help' })).toBeVisible();
			await expectNothingTells(page, assignmentId, again);
			const sent = storedResponses(assignmentId);
			expect(sent).toHaveLength(2);
			expect(sent[0]).toEqual(first);
			expect(sent[1]).toMatchObject({ occurrence: 'again-2', status: 'submitted' });
			expect(sent[1]!.answers).toContain(again);
			await expectHomeHoldsNothing(page, assignmentId);
		});
	});
}

test('a sent check-in cannot be opened again for changes', async ({ page }) => {
	const assignmentId = assignFresh('safety-check-in', 'Alex & Sam', 2);
	await signInAs(page, demo.sam);
	await page.goto(`/homework/${assignmentId}`);
	await page
		.getByRole('group', { name: /afraid of them\? In the past year/ })
		.getByRole('radio', { name: 'Never' })
		.check();
	await page.getByRole('button', { name: 'Send to Dr. Morgan Reyes' }).click();
	await expect(page.getByText(/^Sent on /)).toBeVisible();
	const before = storedResponses(assignmentId);
	// Posted by hand, as the button is not there: refused, and nothing changes.
	const refused = await page.request.post(`/homework/${assignmentId}?/editAgain`, {
		form: {},
		headers: { origin: new URL(page.url()).origin }
	});
	expect(refused.status()).toBe(404);
	expect(storedResponses(assignmentId)).toEqual(before);
});
