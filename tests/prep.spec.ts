import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh, storedResponse, submittedResponse } from './support/arrange';
import { nextSessionOf } from './support/demo-ids';
import { therapistReads, writtenWords } from './support/privacy';
import { POSTGRES, servers } from '../playwright.config';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';

/** Nothing matching `forbidden`, nor any of `words`, on the partner's home or in its data. */
async function partnerNeverSees(page: Page, forbidden: RegExp, words: readonly string[] = []) {
	const home = await (await page.request.get('/home/__data.json')).text();
	expect(home).not.toMatch(forbidden);
	await expect(page.locator('main')).not.toContainText(forbidden);
	for (const word of words) {
		expect(home).not.toContain(word);
		await expect(page.locator('main')).not.toContainText(word);
	}
}

test(
	'the prep page sets both partners’ core-issue answers side by side and picks out the differences',
	{ tag: POSTGRES },
	async ({ page }) => {
		await signInAs(page, demo.therapist);
		await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Prepare: Alex & Sam' })
		).toBeVisible();
		const core = page
			.locator('section.prep-worksheet')
			.filter({ has: page.getByRole('heading', { name: 'The issues underneath' }) });
		const trust = core.getByRole('row', { name: /How serious is this for me\?\s*6 points apart/ });
		await expect(trust).toContainText('2 / 10');
		await expect(trust).toContainText('8 / 10');
		await expect(
			core.getByRole('rowheader', { name: /The core areas › Money\s*Only Alex named this/ })
		).toBeVisible();
		await expect(core.getByRole('columnheader', { name: 'Alex' })).toBeVisible();
		await expect(core.getByRole('columnheader', { name: 'Sam' })).toBeVisible();
		// Flags for the therapist: safety, Sam's reliable fall on the check-in, and the core issues far
		// apart (Trust 6 points apart, Money named only by Alex, Emotional needs only by Sam).
		// Other specs may send Sam more private check-ins meanwhile: each adds a safety flag.
		await expect(
			page
				.locator('.flag-item.safety')
				.filter({ hasText: 'Sam: A concerning answer on a private check-in' })
				.first()
		).toBeVisible();
		await expect(page.locator('.flag-item.distress').filter({ hasText: 'Sam' })).toContainText(
			'Reliable deterioration on the relationship check-in, 17 → 9, fell below the line; not on track after 4 sessions'
		);
		// The check-in section sums each partner up, and labels each check-in against the first.
		await expect(page.locator('#prep-check-in-summary li')).toHaveText([
			'Alex 9 → 14: reliable improvement, crossed the line, clinically significant',
			'Sam 17 → 9: reliable deterioration, fell below the line, clinically significant; not on track'
		]);
		await expect(page.locator('.flag-item.disagreement')).toHaveText([
			'Disagreement: Far apart on The issues underneath: 3 differences to raise'
		]);
		await expectAccessible(page);

		await page.goto('/practice');
		const card = page.locator('.card').filter({ hasText: 'Alex & Sam' });
		await expect(card.locator('.flag-item.safety').first()).toBeVisible();
		await expect(card.locator('.flag-item.disagreement')).toHaveText([
			'Far apart on The issues underneath: 3 differences to raise'
		]);
	}
);

test(
	'the safety flag and the therapist’s notes appear nowhere for either partner',
	{ tag: POSTGRES },
	async ({ page, browser }) => {
		const { id, coupleId } = nextSessionOf('Alex & Sam');
		const samPrivate = writtenWords('safety-check-in', DEMO_ANSWERS['safety-check-in']?.[2]);
		await signInAs(page, demo.therapist);
		// Everything the partners must never see is there for the therapist.
		await therapistReads(page, `/couples/${coupleId}/sessions/${id}/prep`, samPrivate);
		await expect(
			page
				.locator('.flag-item.safety')
				.filter({ hasText: 'Safety: Sam: A concerning answer' })
				.first()
		).toBeVisible();
		// No written feedback or sending back: neither could reach Sam without leaving a trace.
		const checkIn = page
			.locator('section.prep-worksheet')
			.filter({ hasText: 'will not see written feedback on a check-in' });
		await expect(checkIn.first()).toBeVisible();
		await expect(checkIn.getByText(/Write feedback on|Send back to/)).toHaveCount(0);
		await expect(page.locator('.flag-item.disagreement')).toContainText(
			/Far apart on .*: \d+ differences to raise/
		);
		const notes = page.getByLabel('Notes (only you ever see these)');
		await notes.fill('Raise the banking app privately with Sam first. Zebra-marker-71.');
		await expect(page.getByText('Notes saved.')).toBeVisible({ timeout: 10_000 });
		await page.reload();
		await expect(page.getByLabel('Notes (only you ever see these)')).toHaveValue(/Zebra-marker-71/);

		for (const person of [demo.alex, demo.sam]) {
			// Once sent, a private check-in leaves no word of it on either partner's phone, Sam's too.
			const forbiddenWords = samPrivate;
			const partner = await (await browser.newContext({ viewport: PHONE })).newPage();
			await signInAs(partner, person);
			await partnerNeverSees(
				partner,
				/Zebra-marker-71|concerning answer|Safety:|flag|Far apart|differences? to raise/i,
				forbiddenWords
			);
			for (const link of await partner
				.locator('a[href^="/homework/"]')
				.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')!))) {
				const data = await (await partner.request.get(`${link}/__data.json`)).text();
				expect(data, link).not.toMatch(
					/Zebra-marker-71|"flags"|concerning answer|Far apart|"differences"/
				);
				for (const word of forbiddenWords) expect(data, link).not.toContain(word);
			}
			await partner.context().close();
		}
	}
);

test('feedback reaches the partner it is for, and review and reopening work', async ({
	page,
	browser
}) => {
	// Three people and several page loads on a busy machine.
	test.setTimeout(90_000);
	const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey');
	const jordanResponse = await submittedResponse(assignmentId, 'Jordan', {
		pace: 'about-right',
		'next-small-step': 'Cook together on Friday.'
	});
	await submittedResponse(assignmentId, 'Casey', {
		pace: 'about-right',
		'next-small-step': 'A museum afternoon.'
	});
	const { id, coupleId } = nextSessionOf('Jordan & Casey');
	// Due by the coming session, so the week ahead counts it.
	withDatabase(servers.demo.database, (db) =>
		db
			.prepare(
				'UPDATE assignments SET due_at = (SELECT starts_at FROM therapy_sessions WHERE id = ?) WHERE id = ?'
			)
			.run(id, assignmentId)
	);

	await signInAs(page, demo.otherTherapist);
	const homeworkLine = page
		.locator('.card')
		.filter({ hasText: 'Jordan & Casey' })
		.getByText(/^Homework: /);
	const reviewedBefore = Number(/\((\d+) reviewed\)/.exec((await homeworkLine.textContent())!)![1]);
	await page.goto(`/couples/${coupleId}/sessions/${id}/prep`);
	const section = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Taking it slow' }) })
		.last();
	await expect(section.getByRole('row', { name: /good next step/ })).toContainText(
		'Cook together on Friday.'
	);
	await expect(section.getByRole('row', { name: /good next step/ })).toContainText(
		'A museum afternoon.'
	);

	const jordanCard = section.locator('.card').filter({ hasText: 'Jordan’s response' });
	await jordanCard.getByText('Write feedback on Jordan’s response').click();
	await jordanCard.getByLabel('Feedback').fill('Lovely idea, Jordan. Quill-marker-33.');
	await jordanCard.getByRole('button', { name: 'Send feedback' }).click();
	await expect(jordanCard.getByText('Feedback sent.')).toBeVisible();
	await jordanCard.getByRole('button', { name: 'Mark Jordan’s response reviewed' }).click();
	await expect(jordanCard.getByText('Marked reviewed.')).toBeVisible();
	expect(
		withDatabase(servers.demo.database, (db) =>
			db.prepare('SELECT status FROM responses WHERE id = ?').pluck().get(jordanResponse)
		)
	).toBe('reviewed');

	const caseyCard = section.locator('.card').filter({ hasText: 'Casey’s response' });
	await caseyCard.getByText('Send back to Casey for revision').click();
	await caseyCard
		.getByLabel('What would you like Casey to revise?')
		.fill('Say a little more about why a museum feels right.');
	await caseyCard.getByRole('button', { name: 'Send back' }).click();
	await expect(caseyCard.getByText('Sent back to Casey for revision.')).toBeVisible();
	await expectAccessible(page);
	// On the week ahead, Jordan's piece now counts as reviewed.
	await page.goto('/practice');
	await expect(homeworkLine).toContainText(`(${reviewedBefore + 1} reviewed)`);

	const jordan = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(jordan, demo.jordan);
	await expect(jordan.getByRole('region', { name: 'From Dr. Priya Natarajan' })).toContainText(
		'Quill-marker-33'
	);
	await expectAccessible(jordan);
	await jordan.goto(`/homework/${assignmentId}`);
	await expect(jordan.getByText('Dr. Priya Natarajan has reviewed this.')).toBeVisible();

	const casey = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(casey, demo.casey);
	await partnerNeverSees(casey, /Quill-marker-33/);
	await casey.goto(`/homework/${assignmentId}`);
	await expect(casey.getByText('Say a little more about why a museum feels right.')).toBeVisible();
	await expect(casey.getByLabel('What would a good next step together look like?')).toHaveValue(
		'A museum afternoon.'
	);
	expect(storedResponse(assignmentId, 'Casey')?.status).toBe('draft');
	await jordan.context().close();
	await casey.context().close();
});

test('a session is marked prepared, and the prep page prints cleanly', async ({ page }) => {
	const { id, coupleId } = nextSessionOf('Jordan & Casey');
	await signInAs(page, demo.otherTherapist);
	await page.goto(`/couples/${coupleId}/sessions/${id}/prep`);
	await page.getByRole('button', { name: 'Mark this session prepared' }).click();
	await expect(page.getByText('Marked prepared.')).toBeVisible();
	await page.goto('/practice');
	await expect(page.locator('.card').filter({ hasText: 'Jordan & Casey' })).toContainText(
		'prepared'
	);

	await page.goto(`/couples/${coupleId}/sessions/${id}/prep`);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.locator('.review-actions').first()).toBeHidden();
	const header = page.locator('.print-header');
	await expect(header).toBeVisible();
	// The couple's name already names both partners: it is not said twice.
	await expect(header).toHaveText(/^Jordan & Casey · session \S.+$/);
	// The header is the head of a table around the page: printed, a table's head repeats at the top
	// of every sheet and keeps its own room, so it can never sit over the worksheet below it (a
	// fixed header did, wherever a worksheet's table ran onto a second page).
	const frameHead = page.locator('.print-frame > thead');
	expect(await frameHead.evaluate((element) => getComputedStyle(element).display)).toBe(
		'table-header-group'
	);
	expect(await header.evaluate((element) => getComputedStyle(element).position)).toBe('static');
	const headerBox = (await header.boundingBox())!;
	const firstWorksheet = (await page.locator('.prep-worksheet').first().boundingBox())!;
	expect(headerBox.y + headerBox.height).toBeLessThanOrEqual(firstWorksheet.y);
	const breaks = await page
		.locator('.prep-worksheet')
		.evaluateAll((sections) => sections.map((section) => getComputedStyle(section).breakBefore));
	expect(breaks.length).toBeGreaterThan(0);
	expect(new Set(breaks)).toEqual(new Set(['page']));
	await page.emulateMedia({ media: 'screen' });
});

test('the progress page shows each step per partner and the check-in trend, as a chart and as a table', async ({
	page
}) => {
	const { coupleId } = nextSessionOf('Alex & Sam');
	await signInAs(page, demo.therapist);
	await page.goto(`/couples/${coupleId}/progress`);
	await expect(page.getByRole('heading', { level: 1, name: 'Progress: Alex & Sam' })).toBeVisible();
	await expect(page.getByText(/Homework done: \d+ of \d+ \(\d+%\)\./)).toBeVisible();
	await expect(
		page.getByRole('row', { name: /5\. Apologize and take accountability/ })
	).toContainText('Submitted');
	await expect(
		page.getByRole('group', { name: /Relationship check-in totals over time/ })
	).toBeVisible();
	const table = page.getByRole('table', { name: /Check-in totals/ });
	await expect(table.getByRole('row')).toHaveCount(11);
	await expect(table.getByRole('row').filter({ hasText: 'Sam' }).last()).toContainText(
		'9 (below the line)'
	);
	await expectAccessible(page);
});

test('words after a name, a date or a status keep their space before them', async ({ page }) => {
	const { id, coupleId } = nextSessionOf('Alex & Sam');
	const breakupReasons = withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					"SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'breakup-reasons'"
				)
				.pluck()
				.get(coupleId) as string
	);
	await signInAs(page, demo.therapist);

	await page.goto(`/couples/${coupleId}/sessions/${id}/prep`);
	const section = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Looking back at what ended it' }) });
	await expect(section.locator('.meta')).toHaveText(
		/^Step 1\s+·\s+Alex: Reviewed, [^·]+\s·\s+Sam: Submitted, [^·]+$/
	);

	await page.goto(`/couples/${coupleId}/assignments/${breakupReasons}`);
	await expect(page.getByRole('listitem').filter({ hasText: 'Alex:' })).toHaveText(
		/^Alex: Reviewed \(.+\)$/
	);

	await page.goto('/library/worksheets/breakup-reasons');
	await expect(page.locator('.breadcrumb')).toHaveText('Step library › Step 1');
	await expectAccessible(page);
});
