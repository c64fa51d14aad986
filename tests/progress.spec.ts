import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh, storedResponse } from './support/arrange';
import { nextSessionOf } from './support/demo-ids';

// Measurement-based care on the progress page, read as the demo couple's
// therapist: the demo's history gives every label (demo-practice.ts).

test('the progress page sums each partner up and charts the check-ins with dates, sessions, steps and flags', async ({
	page
}) => {
	test.setTimeout(90_000);
	const { coupleId } = nextSessionOf('Alex & Sam');
	await signInAs(page, demo.therapist);
	await page.goto(`/couples/${coupleId}/progress`);

	await expect(page.locator('#change-summary li')).toHaveText([
		'Alex 9 → 14: reliable improvement, crossed the line, clinically significant',
		'Sam 17 → 9: reliable deterioration, fell below the line, clinically significant; not on track'
	]);
	await expect(page.locator('#progress-flags li')).toHaveText([
		'Sam: Reliable deterioration on the relationship check-in, 17 → 9, fell below the line; not on track after 4 sessions',
		'Far apart on the relationship check-in: 5 points, and widening',
		'Sam: Split alliance: rated the last session 6 points below their partner'
	]);

	// The chart's numbers, as a table: five check-ins each, oldest first.
	const table = page.getByRole('table', { name: /Check-in totals/ });
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(10);
	const cells = async (partner: string) =>
		(await rows.filter({ hasText: partner }).all()).map((row) => row.locator('td').allInnerTexts());
	const alex = await Promise.all(await cells('Alex'));
	expect(alex.map((row) => row.slice(2))).toEqual([
		['9 (below the line)', '0', 'Apart', '—'],
		['10 (below the line)', '+1', 'Apart', '—'],
		['11 (below the line)', '+2', 'In contact', '—'],
		['13 (below the line)', '+4', 'In contact', '—'],
		// Both partners' latest pair is where the gap widened.
		['14', '+5', 'Back together', 'gap wide and widening']
	]);
	const sam = await Promise.all(await cells('Sam'));
	expect(sam.at(-1)!.slice(2)).toEqual([
		'9 (below the line)',
		'-8',
		'Back together',
		'reliable deterioration, not on track, gap wide and widening'
	]);
	// Item by item, and the gap on each session both checked in for.
	await expect(
		page.getByRole('table', { name: /Each question's points/ }).locator('tbody tr')
	).toHaveCount(10);
	await expect(page.locator('#check-in-gaps tbody td:nth-child(2)')).toHaveText([
		'8',
		'6',
		'3',
		'1',
		'5'
	]);

	// The chart: dates along the bottom, sessions and steps marked, each point reachable.
	const chart = page.getByRole('group', { name: /Relationship check-in totals over time/ });
	await expect(chart).toBeVisible();
	await expect(chart.locator('.session-mark')).toHaveCount(3);
	await expect(chart.locator('.step-mark')).not.toHaveCount(0);
	await expect(chart.locator('.flag-ring')).toHaveCount(2);
	const points = chart.getByRole('img');
	await expect(points).toHaveCount(10);
	await points.first().focus();
	await expect(points.first()).toBeFocused();
	await expect(points.first()).toHaveAccessibleName(/^Alex, \d+ \w+: 9 of 21; apart$/);
	await page.keyboard.press('Tab');
	await expect(points.nth(1)).toBeFocused();

	// Session feedback, charted per partner, the split marked.
	await expect(
		page.getByRole('table', { name: /Session feedback/ }).locator('tbody tr')
	).toHaveText([/Alex\s*14\s*split alliance/, /Sam\s*8\s*split alliance/]);
	await page.screenshot({ path: 'test-results/progress-page.png', fullPage: true });
	await chart.screenshot({ path: 'test-results/progress-chart.png' });
	await expectAccessible(page);
});

test('a measurement setting out of range is refused beside its field, and nothing is saved', async ({
	page
}) => {
	const { coupleId } = nextSessionOf('Alex & Sam');
	await signInAs(page, demo.therapist);
	await page.goto(`/couples/${coupleId}/progress`);
	// The field itself allows 1 to 20; a request that gets past it is refused on the server.
	await expect(page.getByLabel('Not on track after how many sessions')).toHaveAttribute('min', '1');
	const refused = await page.request.post(`/couples/${coupleId}/progress?/settings`, {
		form: { notOnTrackAfter: '0', checkInLeadHours: '36' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
	});
	expect(refused.status()).toBe(400);
	const body = await refused.text();
	expect(body).toContain('Enter a whole number of sessions from 1 to 20.');
	expect(body).toContain('Choose 24 or 48 hours.');
	await page.goto(`/couples/${coupleId}/progress`);
	await expect(page.getByLabel('Not on track after how many sessions')).toHaveValue('4');
	await expectAccessible(page);
});

test('a partner never sees the progress page, scores, labels, flags or the other’s feedback', async ({
	page
}) => {
	const { coupleId } = nextSessionOf('Alex & Sam');
	await signInAs(page, demo.alex);
	for (const path of [
		`/couples/${coupleId}/progress`,
		`/couples/${coupleId}/progress/__data.json`
	]) {
		const response = await page.request.get(path);
		const body = await response.text();
		expect(response.status() === 404 || body.includes('"status":404'), path).toBe(true);
		expect(body).not.toMatch(/reliable|not on track|split alliance|17 → 9/i);
	}
	const refused = await page.request.post(`/couples/${coupleId}/progress?/settings`, {
		form: { notOnTrackAfter: '1', checkInLeadHours: '48' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(refused.status()).toBe(404);

	for (const path of ['/home', '/home/__data.json']) {
		const body = await (await page.request.get(path)).text();
		expect(body, path).not.toMatch(
			/reliable|not on track|split alliance|clinically|distress|gap|spent most of the hour/i
		);
	}
});

test.describe('without JavaScript, at phone width', () => {
	test.use({ javaScriptEnabled: false, viewport: PHONE });

	test('a partner answers where the two of them stand on the check-in, and gives session feedback', async ({
		page
	}) => {
		// Two worksheets filled in and sent, each page checked with axe: a long flow on a busy machine.
		test.setTimeout(120_000);
		const checkIn = assignFresh('satisfaction-check-in', 'Jordan & Casey', 2);
		const feedback = assignFresh('session-feedback', 'Jordan & Casey', 2);
		await signInAs(page, demo.casey);

		await page.goto(`/homework/${checkIn}`);
		await expectAccessible(page);
		const question = (name: RegExp) => page.getByRole('group', { name });
		await question(/degree of happiness/)
			.getByRole('radio', { name: 'Happy', exact: true })
			.check();
		await question(/warm and comfortable/)
			.getByRole('radio', { name: 'Mostly true' })
			.check();
		await question(/How rewarding/)
			.getByRole('radio', { name: 'Mostly' })
			.check();
		await question(/how satisfied/)
			.getByRole('radio', { name: 'Somewhat' })
			.check();
		await question(/Where are the two of you/)
			.getByRole('radio', { name: 'Apart, but in contact' })
			.check();
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		await page.getByRole('button', { name: /^Submit to / }).click();
		await expect(page.getByText(/^Submitted\./)).toBeVisible();
		expect(JSON.parse(storedResponse(checkIn, 'Casey')!.answers)).toMatchObject({
			'relationship-status': 'in-contact'
		});
		await expectAccessible(page);

		await page.goto(`/homework/${feedback}`);
		await question(/felt heard/)
			.getByRole('radio', { name: 'Mostly' })
			.check();
		await question(/fair to both of us/)
			.getByRole('radio', { name: 'Completely' })
			.check();
		await question(/what mattered to me/)
			.getByRole('radio', { name: 'Somewhat' })
			.check();
		await question(/come back/)
			.getByRole('radio', { name: 'Completely' })
			.check();
		await page
			.getByLabel(/Anything you would like your therapist to know/)
			.fill('Good to slow down when it got heated.');
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		await page.getByRole('button', { name: /^Submit to / }).click();
		await expect(page.getByText(/^Submitted\./)).toBeVisible();
		expect(storedResponse(feedback, 'Casey')!.status).toBe('submitted');
		await expectAccessible(page);
	});
});

test('the week ahead puts the check-in flags in the words of measured change', async ({ page }) => {
	await signInAs(page, demo.therapist);
	const card = page.locator('.card').filter({ hasText: 'Alex & Sam' });
	await expect(card.locator('.flag-item.distress')).toHaveText([
		'Sam: Reliable deterioration on the relationship check-in, 17 → 9, fell below the line; not on track after 4 sessions',
		'Far apart on the relationship check-in: 5 points, and widening'
	]);
	await expect(card.locator('.flag-item.alliance')).toHaveText([
		'Sam: Split alliance: rated the last session 6 points below their partner'
	]);
	await expect(card).not.toContainText(/below the distress line|down \d points/);
	await expectAccessible(page);

	await page.context().clearCookies();
	await signInAs(page, demo.otherTherapist);
	await expect(
		page.locator('.card').filter({ hasText: 'Jordan & Casey' }).locator('.flag-item.distress')
	).toHaveText([
		'Jordan: Not on track: relationship check-in 10 → 11 after 4 sessions, below the line and no reliable improvement'
	]);
});
