import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh } from './support/arrange';
import { nextSessionOf } from './support/demo-ids';
import { servers } from '../playwright.config';

// The screening a partner answers alone: the PHQ-9's crisis pathway, and the
// private check-in on a phone without JavaScript. Jordan & Casey's, so the
// flags raised here never show on the pages other files check Alex & Sam's on.

test.use({ viewport: PHONE });

/** The tiers of the flags a hand-in of this assignment raised. */
function flagsOf(assignmentId: string) {
	return withDatabase(servers.demo.database, (db) =>
		db
			.prepare(
				'SELECT f.kind, f.tier FROM flags f JOIN responses r ON r.id = f.response_id WHERE r.assignment_id = ?'
			)
			.all(assignmentId)
	);
}

async function answer(page: Page, question: string | RegExp, choice: string) {
	await page
		.getByRole('group', { name: question })
		.getByRole('radio', { name: choice, exact: true })
		.check();
}

async function checkAndSubmit(page: Page) {
	await page.getByRole('button', { name: /^Send to / }).click();
}

test('thoughts of self-harm on the wellbeing check-in show crisis help at once and an urgent flag', async ({
	page
}) => {
	const assignmentId = assignFresh('wellbeing-check-in', 'Jordan & Casey', 2);
	await signInAs(page, demo.casey);
	await page.goto(`/homework/${assignmentId}`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectAccessible(page);
	for (const item of [
		/^1\. Little interest/,
		/^2\. Feeling down/,
		/^3\. Trouble falling/,
		/^4\. Feeling tired/,
		/^5\. Poor appetite/,
		/^6\. Feeling bad/,
		/^7\. Trouble concentrating/,
		/^8\. Moving or speaking/
	])
		await answer(page, item, 'Not at all');
	await answer(page, /^9\. Thoughts that you would be better off dead/, 'Several days');
	await checkAndSubmit(page);

	const help = page.getByRole('note', { name: 'Where to find help' });
	await expect(help).toContainText('call your local emergency number');
	await expect(page.getByText(/^Sent\./)).toBeVisible();
	await expectAccessible(page);
	expect(flagsOf(assignmentId)).toEqual([{ kind: 'safety', tier: 'urgent' }]);

	const therapist = await (await page.context().browser()!.newContext()).newPage();
	await signInAs(therapist, demo.otherTherapist);
	const { id, coupleId } = nextSessionOf('Jordan & Casey');
	await therapist.goto(`/couples/${coupleId}/sessions/${id}/prep`);
	await expect(
		therapist.locator('.flag-item.safety').filter({ hasText: 'Casey' }).first()
	).toBeVisible();
	await expect(
		therapist
			.locator('section.prep-worksheet')
			.filter({ has: therapist.getByRole('heading', { name: 'Wellbeing check-in' }) })
			.first()
	).toContainText('Casey scored 1 (Minimal)');
	await expectAccessible(therapist);
	await therapist.context().close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the private check-in asks each item for the past year and ever, and is sent', async ({
		page
	}) => {
		const assignmentId = assignFresh('safety-check-in', 'Jordan & Casey', 2);
		await signInAs(page, demo.casey);
		await page.goto(`/homework/${assignmentId}`);
		await expect(page.getByText(/use the quick exit/)).toBeVisible();
		await expect(page.getByText(/will not know this check-in exists/)).toHaveCount(0);
		await expect(
			page.getByRole('group', { name: /choked or strangled you\? In the past year/ })
		).toBeVisible();
		await expect(
			page.getByRole('group', { name: /choked or strangled you\? Ever in this relationship/ })
		).toBeVisible();
		await expectAccessible(page);
		// Nothing wider than the phone: every question fits.
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
		).toBe(true);

		await answer(page, /insulted you or put you down\? In the past year/, 'Rarely');
		await answer(page, 'Are you afraid for your safety right now?', 'No');
		await checkAndSubmit(page);
		await expect(page.getByText(/^Sent\./)).toBeVisible();
		await expectAccessible(page);
		// Insults are a watch concern; the questions left unanswered would only need reading.
		expect(flagsOf(assignmentId)).toEqual([{ kind: 'safety', tier: 'watch' }]);
	});
});
