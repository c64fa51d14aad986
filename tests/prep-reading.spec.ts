import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { demo, signInAs } from './support/demo';
import { nextSessionOf } from './support/demo-ids';
import { writtenWords } from './support/privacy';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';

// The prep page read in the minutes before a session: what to raise first,
// a way to each part, the ratings drawn so the gaps show, each answer marked
// for reading aloud, the notes at hand, and a version to print that leaves
// out what must not lie on the table in a joint session.

const ALEX_CONFIDENTIAL = DEMO_ANSWERS['core-issues']![1]!['for-therapist-only'] as string;
const SAM_PRIVATE = writtenWords('safety-check-in', DEMO_ANSWERS['safety-check-in']?.[2]);

async function openPrep(page: Page, query = '') {
	const { id, coupleId } = nextSessionOf('Alex & Sam');
	await signInAs(page, demo.therapist);
	const path = `/couples/${coupleId}/sessions/${id}/prep`;
	await page.goto(`${path}${query}`);
	return path;
}

const coreIssues = (page: Page) =>
	page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'The issues underneath' }) });

test('the summary names the biggest differences, and the contents jump to each part', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 1280, height: 900 });
	await openPrep(page);
	await page.screenshot({ path: test.info().outputPath('prep-1280-top.png') });
	const toRaise = page.getByRole('region', { name: 'To raise' });
	await expect(toRaise.getByRole('listitem').first()).toHaveText(
		'The issues underneath: The core areas › Trust: How serious is this for me?: Alex 2 / 10, Sam 8 / 10'
	);
	await expect(toRaise).toContainText('The core areas › Money: only Alex named it');
	await expect(toRaise).not.toContainText(ALEX_CONFIDENTIAL);

	const contents = page.getByRole('navigation', { name: 'On this page' });
	await contents.getByRole('link', { name: 'The issues underneath' }).click();
	await expect(page).toHaveURL(/#answers-/);
	await expect(
		coreIssues(page).getByRole('heading', { name: 'The issues underneath' })
	).toBeInViewport();

	// Scales compactly, and each answer marked for reading aloud in a joint session.
	const trust = coreIssues(page).getByRole('row', {
		name: /How serious is this for me\?\s*6 points apart/
	});
	await expect(trust.getByRole('cell').nth(0)).toContainText('2 / 10');
	await expect(trust.getByRole('cell').nth(1)).toContainText('8 / 10');
	const confidential = coreIssues(page).getByRole('row', {
		name: /Anything only my therapist should ever read/
	});
	await expect(confidential.getByRole('cell').nth(0)).toContainText(ALEX_CONFIDENTIAL);
	await expect(confidential.getByRole('cell').nth(0)).toContainText('Confidential: therapist only');
	// Alex shared their accountability worksheet with Sam when handing it in; Sam shared nothing.
	const accountability = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Owning my part' }) })
		.first();
	const apology = accountability.getByRole('row', { name: /apology/i }).first();
	await expect(apology.getByRole('cell').nth(0)).toContainText('Shared with Sam');
	await expect(apology.getByRole('cell').nth(1)).not.toContainText('Shared with');

	// On a wide screen the notes sit beside the worksheets, not below them.
	const notes = page.getByRole('region', { name: 'Your private notes for this session' });
	const notesBox = (await notes.boundingBox())!;
	const answersBox = (await coreIssues(page).boundingBox())!;
	expect(notesBox.x).toBeGreaterThan(answersBox.x + answersBox.width - 1);
	await expect(notes).toBeInViewport();
	await expectAccessible(page);
	await page.screenshot({ path: test.info().outputPath('prep-1280-core-issues.png') });

	// On a phone they come before the worksheets.
	await page.setViewportSize({ width: 390, height: 844 });
	const phoneNotes = (await notes.boundingBox())!;
	const firstWorksheet = (await page.locator('section.prep-worksheet').first().boundingBox())!;
	expect(phoneNotes.y + phoneNotes.height).toBeLessThanOrEqual(firstWorksheet.y);
	await expectAccessible(page);
	await page.screenshot({ path: test.info().outputPath('prep-390-core-issues.png') });
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: test.info().outputPath('prep-390-top.png') });
});

test('the chart of the core areas holds the same numbers as the table', async ({ page }) => {
	await openPrep(page);
	const chart = coreIssues(page).getByRole('img', {
		name: /The core areas: How serious is this for me\?/
	});
	await expect(chart).toBeVisible();
	const topics = await chart.locator('g.topic').evaluateAll((groups) =>
		groups.map((group) => ({
			topic: group.getAttribute('data-topic'),
			first: group.querySelector('.first-value')?.textContent ?? null,
			second: group.querySelector('.second-value')?.textContent ?? null
		}))
	);
	expect(topics.map((entry) => entry.topic)).toEqual([
		'Communication',
		'Trust',
		'Money',
		'Emotional needs'
	]);
	for (const { topic, first, second } of topics) {
		const row = coreIssues(page)
			.locator('tbody')
			.filter({ has: page.getByRole('rowheader', { name: new RegExp(`› ${topic}`) }) })
			.getByRole('row', { name: /How serious is this for me\?/ });
		const cells = row.getByRole('cell');
		const inTable = async (index: number) => {
			const text = (await cells.nth(index).textContent()) ?? '';
			return /^(\d+) \/ 10/.exec(text.trim())?.[1] ?? null;
		};
		expect([await inTable(0), await inTable(1)], topic!).toEqual([first, second]);
	}
	// The text alternative says the same.
	await expect(coreIssues(page).locator('.scale-chart p').first()).toContainText(
		'Trust: Alex 2, Sam 8.'
	);
	await expectAccessible(page);
});

test.describe('printing', () => {
	test.use({ javaScriptEnabled: false });

	test('the version to print leaves out private check-ins and confidential answers by default, and notes when asked', async ({
		page
	}) => {
		const path = await openPrep(page);
		// On screen, the therapist has it all.
		await expect(page.locator('main')).toContainText(ALEX_CONFIDENTIAL);
		await expect(page.locator('.flag-item.safety').first()).toBeVisible();

		const options = page.locator('form.print-options');
		await expect(
			options.getByLabel('Leave out private check-ins and confidential answers')
		).toBeChecked();
		await expect(options.getByLabel('Leave out my notes')).not.toBeChecked();
		await options.getByRole('button', { name: 'Show the version to print' }).click();
		await expect(page).toHaveURL(/print=&leave-out=private$/);
		await expect(page.locator('.print-note')).toContainText(
			'The version to print, without private check-ins or confidential answers.'
		);
		const query = new URL(page.url()).search;
		const data = await (await page.request.get(`${path}/__data.json${query}`)).text();
		for (const words of [ALEX_CONFIDENTIAL, ...SAM_PRIVATE]) {
			await expect(page.locator('main')).not.toContainText(words);
			expect(data).not.toContain(words);
		}
		await expect(page.locator('.flag-item.safety')).toHaveCount(0);
		await expect(page.locator('.cell-mark.confidential')).toHaveCount(0);
		await expect(
			page.getByRole('heading', { name: 'Your private notes for this session' })
		).toBeVisible();
		await expectAccessible(page);

		// Printed, the header repeats above the table and never over it.
		await page.emulateMedia({ media: 'print' });
		const header = page.locator('.print-header');
		await expect(header).toBeVisible();
		const headerBox = (await header.boundingBox())!;
		const table = (await page.locator('table.side-by-side').first().boundingBox())!;
		expect(headerBox.y + headerBox.height).toBeLessThanOrEqual(table.y);
		await expect(page.locator('form.print-options')).toBeHidden();
		await page.emulateMedia({ media: 'screen' });

		// Notes left out as well.
		await options.getByLabel('Leave out my notes').check();
		await options.getByRole('button', { name: 'Show the version to print' }).click();
		await expect(page).toHaveURL(/leave-out=private&leave-out=notes$/);
		await expect(
			page.getByRole('heading', { name: 'Your private notes for this session' })
		).toHaveCount(0);

		// And everything, when the therapist chooses to include it.
		await options.getByLabel('Leave out private check-ins and confidential answers').uncheck();
		await options.getByRole('button', { name: 'Show the version to print' }).click();
		await expect(page.locator('main')).toContainText(ALEX_CONFIDENTIAL);
	});

	test('the page printed as it is leaves out the same by default', async ({ page }) => {
		await openPrep(page);
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByText(ALEX_CONFIDENTIAL)).toBeHidden();
		await expect(page.locator('.flag-item.safety:visible')).toHaveCount(0);
		await expect(page.locator('section.prep-worksheet.private-worksheet').first()).toBeHidden();
		await expect(
			page.locator('section.prep-worksheet').filter({ hasText: 'The issues underneath' })
		).toBeVisible();
		await page.emulateMedia({ media: 'screen' });
	});
});
