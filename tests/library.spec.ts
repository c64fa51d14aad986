import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { servers, WHOLE_DATABASE } from '../playwright.config';

const BUILTIN_IDS = [
	'breakup-reasons',
	'emotional-space',
	'personal-growth',
	'reconnecting',
	'accountability',
	'core-issues',
	'taking-it-slow',
	'relationship-goals',
	'therapy-commitment',
	'all-outcomes',
	'safety-check-in',
	'satisfaction-check-in',
	'wellbeing-check-in',
	'session-feedback'
];

/** Every row of every table: a preview must leave all of them as they were. */
function contentCounts(): Record<string, number> {
	return withDatabase(servers.demo.database, (db) => {
		const tables = db
			.prepare(
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'audit_log') AND name NOT LIKE 'sqlite_%'"
			)
			.pluck()
			.all() as string[];
		return Object.fromEntries(
			tables.map((table) => [
				table,
				db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number
			])
		);
	});
}

async function checkAnswers(page: Page) {
	await page.getByRole('button', { name: 'Check answers' }).click();
}

test('a therapist browses all ten steps and every built-in worksheet', async ({ page }) => {
	// Twelve pages, each checked with axe: more than the default allows on a loaded two-core machine.
	test.setTimeout(120_000);
	await signInAs(page, demo.therapist);
	await page.getByRole('link', { name: 'Step library' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Step library' })).toBeVisible();
	await expect(page.locator('.step')).toHaveCount(10);
	await expect(
		page.getByRole('heading', { name: /Step 5\s+Apologize and take accountability/ })
	).toBeVisible();
	await expect(
		page.getByRole('heading', { name: /Step 6\s+Identify and address core issues/ })
	).toBeVisible();
	await expectAccessible(page);

	const links = await page
		// The built-ins: the steps' and the check-ins' links, not the therapist's own worksheets.
		.locator('.steps a[href^="/library/worksheets/"], .check-ins a[href^="/library/worksheets/"]')
		.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
	expect(links.sort()).toEqual(BUILTIN_IDS.map((id) => `/library/worksheets/${id}`).sort());

	for (const id of BUILTIN_IDS) {
		const response = await page.goto(`/library/worksheets/${id}`);
		expect(response?.status(), id).toBe(200);
		await expect(page.getByText('Preview', { exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Check answers' })).toBeVisible();
		await expectAccessible(page);
	}
});

test('partners are refused the library, its previews and its settings', async ({ page }) => {
	await signInAs(page, demo.alex);
	for (const path of [
		'/library',
		'/library/worksheets/accountability',
		'/library/safety-help',
		'/library/crisis-help'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		const body = await (await page.request.get(`${path}/__data.json`)).text();
		expect(body, path).toContain('"status":404');
		expect(body).not.toContain('Owning my part');
	}
	const post = await page.request.post('/library/worksheets/accountability', {
		headers: { origin: `http://localhost:${servers.demo.port}`, accept: 'text/html' },
		form: {}
	});
	expect(post.status()).toBe(404);
});

test('a worksheet that does not exist is 404', async ({ page }) => {
	await signInAs(page, demo.therapist);
	expect((await page.goto('/library/worksheets/no-such-worksheet'))?.status()).toBe(404);
});

test.describe('on a phone', () => {
	test.use({ viewport: PHONE });

	test(
		'the core-issue worksheet: rate, write, add and remove areas, and check',
		{ tag: WHOLE_DATABASE },
		async ({ page }) => {
			const before = contentCounts();
			await signInAs(page, demo.therapist);
			await page.goto('/library/worksheets/core-issues');
			await expect(
				page.getByRole('heading', { level: 2, name: 'Step 6: Identify and address core issues' })
			).toBeVisible();

			// Checking an empty worksheet lists what is missing, and focus goes to that list.
			await checkAnswers(page);
			const summary = page.getByRole('alert').filter({ hasText: 'need a look' });
			await expect(summary).toBeFocused();
			await expect(summary).toContainText('Add at least one area before submitting.');
			await expectAccessible(page);

			const trust = page.getByRole('group', { name: 'Trust', exact: true });
			await trust.getByRole('radio', { name: '8', exact: true }).check();
			await trust
				.getByLabel('What it looks like from my side')
				.fill('When plans change and I hear about it last.');
			await trust.getByLabel('What I need').fill('To hear about changes before they are decided.');

			await page.getByRole('button', { name: 'Remove “Commitment”' }).click();
			await expect(page.getByRole('group', { name: 'Commitment', exact: true })).toHaveCount(0);

			await page.getByRole('button', { name: 'Add another area' }).click();
			await expect(page.getByLabel('Name this area')).toBeFocused();
			await page.getByLabel('Name this area').fill('Money');
			const money = page.getByRole('group', { name: 'Money', exact: true });
			await money.getByRole('radio', { name: '6', exact: true }).check();
			await money
				.getByLabel('What I can offer')
				.fill('A monthly budget evening <script>alert(1)</script>');

			await page.getByLabel('The area I most want to work on').fill('Trust');
			await checkAnswers(page);

			const accepted = page.locator('.accepted');
			await expect(
				accepted.getByRole('heading', { name: 'These answers would be accepted' })
			).toBeVisible();
			await expect(accepted.getByRole('heading', { name: 'Trust', exact: true })).toBeVisible();
			await expect(accepted.getByRole('heading', { name: 'Money', exact: true })).toBeVisible();
			await expect(accepted.getByRole('heading', { name: 'Commitment', exact: true })).toHaveCount(
				0
			);
			// Untouched rows are left out of a submission.
			await expect(
				accepted.getByRole('heading', { name: 'Communication', exact: true })
			).toHaveCount(0);
			await expect(
				accepted.getByText('A monthly budget evening <script>alert(1)</script>')
			).toBeVisible();
			await expect(
				accepted.getByText('8 on a scale from 0 (Not a problem for me) to 10 (Very serious)')
			).toBeVisible();
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);
			await expectAccessible(page);

			expect(contentCounts()).toEqual(before);
		}
	);

	test('scales and choices work from the keyboard', async ({ page }) => {
		await signInAs(page, demo.therapist);
		await page.goto('/library/worksheets/breakup-reasons');
		const scale = page.getByRole('group', { name: /how sure are you/ });
		await scale.getByRole('radio', { name: '5', exact: true }).focus();
		await page.keyboard.press('Space');
		await expect(scale.getByRole('radio', { name: '5', exact: true })).toBeChecked();
		await page.keyboard.press('ArrowRight');
		await expect(scale.getByRole('radio', { name: '6', exact: true })).toBeChecked();
		await expect(scale.getByText('Torn', { exact: true })).toBeVisible();

		const factors = page.getByRole('group', { name: /What played a part/ });
		await factors.getByRole('checkbox', { name: 'Money worries' }).focus();
		await page.keyboard.press('Space');
		await expect(factors.getByRole('checkbox', { name: 'Money worries' })).toBeChecked();
		await factors.getByLabel('Something else').fill('A move abroad');
		await page
			.getByLabel('In your own words, what led to the breakup?')
			.fill('We stopped making time.');
		await page
			.getByLabel('What draws you back towards this relationship?')
			.fill('The friendship underneath.');
		await checkAnswers(page);
		const accepted = page.locator('.accepted');
		await expect(accepted.getByRole('listitem').filter({ hasText: 'Money worries' })).toBeVisible();
		await expect(
			accepted.getByRole('listitem').filter({ hasText: 'Something else: A move abroad' })
		).toBeVisible();
		await expect(accepted.getByText(/^6 on a scale/)).toBeVisible();
	});

	test('a choice limit and an over-long answer are refused beside the field, keeping every word', async ({
		page
	}) => {
		await signInAs(page, demo.therapist);
		await page.goto('/library/worksheets/personal-growth');
		const areas = page.getByRole('group', { name: /Which areas do you most want to grow in/ });
		for (const name of [
			'Listening without jumping in or defending',
			'Saying clearly what I need',
			'Disagreeing without attacking or shutting down',
			'Following through on what I say I will do'
		]) {
			await areas.getByRole('checkbox', { name }).check();
		}
		const long = 'I keep going quiet. '.repeat(1001);
		const pattern = page.getByLabel(
			'Describe one pattern of your own that you would like to change.'
		);
		await pattern.fill(long);
		await checkAnswers(page);
		await expect(areas).toContainText('Choose at most 3; you chose 4.');
		await expect(pattern).toHaveAccessibleDescription(
			/This answer is 20,020 characters long; the limit is 20,000/
		);
		await expect(pattern).toHaveValue(long);
		await expect(areas.getByRole('checkbox', { checked: true })).toHaveCount(4);
		await expectAccessible(page);
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });

		test('rows are added and removed by the server, and nothing typed is lost', async ({
			page
		}) => {
			await signInAs(page, demo.therapist);
			await page.goto('/library/worksheets/core-issues');
			const communication = page.getByRole('group', { name: 'Communication', exact: true });
			await communication.getByLabel('What I need').fill('One evening a week without phones.');
			await page.getByLabel('The area I most want to work on').fill('Communication');

			await page.getByRole('button', { name: 'Add another area' }).click();
			await expect(page.getByLabel('Name this area')).toBeVisible();
			await expect(
				page.getByRole('group', { name: 'Communication', exact: true }).getByLabel('What I need')
			).toHaveValue('One evening a week without phones.');
			await expect(page.getByLabel('The area I most want to work on')).toHaveValue('Communication');
			await page.getByLabel('Name this area').fill('Household');

			await page.getByRole('button', { name: 'Remove “Trust”' }).click();
			await expect(page.getByRole('group', { name: 'Trust', exact: true })).toHaveCount(0);
			await expect(page.getByLabel('Name this area')).toHaveValue('Household');
			await expectAccessible(page);

			// Household has a name but no rating: refused with the message beside it, and the words stay.
			await page
				.getByRole('group', { name: 'Household', exact: true })
				.getByLabel('What I can offer')
				.fill('Cooking twice a week.');
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				checkAnswers(page)
			]);
			expect(response.status()).toBe(400);
			const household = page.getByRole('group', { name: 'Household', exact: true });
			await expect(
				household.getByRole('group', { name: /How serious is this for me/ })
			).toContainText('Answer this question before submitting.');
			await expect(household.getByLabel('What I can offer')).toHaveValue('Cooking twice a week.');
			await expect(
				page.getByRole('group', { name: 'Communication', exact: true }).getByLabel('What I need')
			).toHaveValue('One evening a week without phones.');
			await expectAccessible(page);

			await household.getByRole('radio', { name: '4', exact: true }).check();
			await page
				.getByRole('group', { name: 'Communication', exact: true })
				.getByRole('radio', { name: '7', exact: true })
				.check();
			await checkAnswers(page);
			await expect(
				page.getByRole('heading', { name: 'These answers would be accepted' })
			).toBeVisible();
		});
	});
});

test('choice options read as answers: regular weight, the button beside its words', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signInAs(page, demo.therapist);
	await page.goto('/library/worksheets/satisfaction-check-in');
	const question = page
		.getByRole('group')
		.filter({ has: page.getByRole('radio') })
		.first();
	const option = question.locator('label.choice').first();
	const legend = question.locator('legend').first();
	const weight = (locator: typeof option) =>
		locator.evaluate((element) => Number(getComputedStyle(element).fontWeight));
	expect(await weight(legend)).toBeGreaterThanOrEqual(600);
	expect(await weight(option)).toBeLessThan(600);
	const button = (await option.getByRole('radio').boundingBox())!;
	const label = (await option.boundingBox())!;
	// Beside, not above: the button sits on the label's first line, left of the words.
	expect(button.y - label.y).toBeLessThan(12);
	expect(await option.evaluate((element) => getComputedStyle(element).display)).toBe('flex');
	await expectAccessible(page);
});

test.describe('on a phone without JavaScript', () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });
	// Several full page loads and an accessibility check each: room for a busy machine.
	test.describe.configure({ timeout: 90_000 });

	test('choices, scales and text post as a plain form and come back as written', async ({
		page
	}) => {
		await signInAs(page, demo.therapist);
		await page.goto('/library/worksheets/breakup-reasons');
		const factors = page.getByRole('group', { name: /What played a part/ });
		await factors.getByRole('checkbox', { name: 'Broken trust' }).check();
		await factors.getByRole('checkbox', { name: 'Money worries' }).check();
		await factors.getByLabel('Something else').fill('Night shifts');
		await page
			.getByRole('group', { name: /how sure are you/ })
			.getByRole('radio', { name: '3', exact: true })
			.check();
		await page
			.getByLabel('If you had to name the one thing that weighed most, what would it be?')
			.fill('"><img src=x onerror=alert(1)>');
		// A required answer is missing: refused, and everything chosen stays chosen.
		await checkAnswers(page);
		await expect(page.getByRole('alert').filter({ hasText: 'need a look' })).toContainText(
			'In your own words, what led to the breakup?'
		);
		await expect(factors.getByRole('checkbox', { name: 'Broken trust' })).toBeChecked();
		await expect(factors.getByLabel('Something else')).toHaveValue('Night shifts');
		await expect(
			page
				.getByRole('group', { name: /how sure are you/ })
				.getByRole('radio', { name: '3', exact: true })
		).toBeChecked();
		await expectAccessible(page);

		await page
			.getByLabel('In your own words, what led to the breakup?')
			.fill('We stopped making time for each other.');
		await page
			.getByLabel('What draws you back towards this relationship?')
			.fill('The friendship underneath it all.');
		await checkAnswers(page);
		const accepted = page.locator('.accepted');
		await expect(
			accepted.getByRole('heading', { name: 'These answers would be accepted' })
		).toBeVisible();
		await expect(accepted.getByRole('listitem')).toHaveText([
			'Money worries',
			'Broken trust',
			'Something else: Night shifts'
		]);
		await expect(accepted.getByText('"><img src=x onerror=alert(1)>')).toBeVisible();
		await expect(accepted.locator('img')).toHaveCount(0);
		await expectAccessible(page);

		await page.goto('/library/worksheets/safety-check-in');
		await page
			.getByRole('group', { name: 'Are you afraid for your safety right now?' })
			.getByRole('radio', { name: 'I’m not sure' })
			.check();
		await checkAnswers(page);
		await expect(page.getByRole('note', { name: 'Where to find help' })).toBeVisible();
		await expectAccessible(page);
	});
});

test('the CSI-4 is scored, with the distress line between 13 and 14', async ({ page }) => {
	await signInAs(page, demo.therapist);
	await page.goto('/library/worksheets/satisfaction-check-in');
	await expect(page.getByText(/Funk/)).toBeVisible();
	const items = page.locator('fieldset.question');
	const answer = async (labels: string[]) => {
		for (const [index, label] of labels.entries())
			await items.nth(index).getByRole('radio', { name: label, exact: true }).check();
		await checkAnswers(page);
	};
	await answer(['Happy', 'Mostly true', 'Mostly', 'Almost completely']); // 3 + 3 + 3 + 4 = 13
	await expect(page.locator('.score')).toHaveText('Score: 13 of 21 (Below the distress line).');
	await answer(['Very happy', 'Mostly true', 'Mostly', 'Almost completely']); // 14
	await expect(page.locator('.score')).toHaveText('Score: 14 of 21 (Above the distress line).');
	await answer(['Extremely unhappy', 'Not at all true', 'Not at all', 'Not at all']);
	await expect(page.locator('.score')).toHaveText('Score: 0 of 21 (Below the distress line).');
	await answer(['Perfect', 'Completely true', 'Completely', 'Completely']);
	await expect(page.locator('.score')).toHaveText('Score: 21 of 21 (Above the distress line).');
	await expectAccessible(page);
});

test('a concerning safety check-in shows the therapist’s own help text', async ({ page }) => {
	await signInAs(page, demo.otherTherapist);
	await page.goto('/library/safety-help');
	await expectAccessible(page);
	const words = page.getByLabel('Words shown to the partner');
	await words.fill('');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(
		page.getByText('Write the words a partner should see, or restore the default.')
	).toBeVisible();

	await words.fill(
		'Call the practice line on 555-0100 and ask for Dr. Natarajan.\n\nIn danger now? Call 911.'
	);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved. Partners will see these words from now on.')).toBeVisible();

	await page.goto('/library/worksheets/safety-check-in');
	// What the partner is told is what is true: nothing promises their partner cannot find out.
	await expect(page.getByText(/Only your therapist will read your answers/)).toBeVisible();
	await expect(page.getByText(/will not know it exists/)).toHaveCount(0);
	await page
		.getByRole('group', { name: /afraid of them\? In the past year/ })
		.getByRole('radio', { name: 'Sometimes' })
		.check();
	await checkAnswers(page);
	const help = page.getByRole('note', { name: 'Where to find help' });
	await expect(help).toContainText('Call the practice line on 555-0100');
	await expect(page.getByText('you would see a safety flag')).toBeVisible();
	await expectAccessible(page);

	// Another therapist's partners still see the default words.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await signInAs(page, demo.therapist);
	await page.goto('/library/worksheets/safety-check-in');
	await page
		.getByRole('group', { name: /afraid of them\? In the past year/ })
		.getByRole('radio', { name: 'Frequently' })
		.check();
	await checkAnswers(page);
	await expect(page.getByRole('note', { name: 'Where to find help' })).toContainText(
		'National Domestic Violence Hotline'
	);

	await page.goto('/library/safety-help');
	await expect(page.getByText('Partners now see the default words.')).toBeVisible();
});

test('a therapist writes their own crisis help, and can restore the default', async ({ page }) => {
	await signInAs(page, demo.otherTherapist);
	await page.goto('/library/crisis-help');
	await expect(page.getByText('Partners now see the default words.')).toBeVisible();
	await expectAccessible(page);
	const words = page.getByLabel('Crisis help shown to the partner');
	await words.fill('   ');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(words).toHaveAccessibleDescription(
		/Write the words a partner should see, or restore the default\./
	);
	await expectAccessible(page);

	await words.fill('Call the crisis line on 555-0199, day or night.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved. Partners will see these words from now on.')).toBeVisible();
	await expect(page.getByText('Partners now see your own words.')).toBeVisible();
	await expect(words).toHaveValue('Call the crisis line on 555-0199, day or night.');

	await page.getByRole('button', { name: 'Restore the default words' }).click();
	await expect(page.getByText('Restored the default words.')).toBeVisible();
	await expect(page.getByText('Partners now see the default words.')).toBeVisible();
	await expect(words).not.toHaveValue(/555-0199/);
});
