import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { assignFresh, storedResponse } from './support/arrange';
import { nextSessionOf } from './support/demo-ids';
import { therapistReads, writtenWords } from './support/privacy';
import { POSTGRES, servers } from '../playwright.config';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';
import type { Answers } from '../src/lib/worksheets/answers';

test.use({ viewport: PHONE });

const saveStatus = (page: Page) =>
	page
		.getByRole('status')
		.filter({ hasText: /Saved|Saving|Not saved|Changes not saved|save as you type/ });

test(
	'a partner writes the core-issue worksheet, closes the tab mid-way, and finds every word',
	{ tag: POSTGRES },
	async ({ page, context }) => {
		const assignmentId = assignFresh('core-issues', 'Jordan & Casey');
		await signInAs(page, demo.jordan);
		await page.getByRole('link', { name: 'The issues underneath' }).first().click();
		await expect(page).toHaveURL(`/homework/${assignmentId}`);
		await expect(page.getByText('Take your time with this one.')).toBeVisible();
		await expectAccessible(page);

		const trust = page.getByRole('group', { name: 'Trust', exact: true });
		await trust.getByRole('radio', { name: '8', exact: true }).check();
		await trust
			.getByLabel('What it looks like from my side')
			.fill('When plans change, I hear about it last.');
		await page.getByRole('button', { name: 'Add another area' }).click();
		await page.getByLabel('Name this area').fill('Money');
		await page
			.getByRole('group', { name: 'Money', exact: true })
			.getByLabel('What I need')
			.fill('A budget we both wrote.');
		await expect(saveStatus(page)).toHaveText(/Saved at/, { timeout: 10_000 });

		await page.close();
		const again = await context.newPage();
		await again.goto(`/homework/${assignmentId}`);
		const trustAgain = again.getByRole('group', { name: 'Trust', exact: true });
		await expect(trustAgain.getByRole('radio', { name: '8', exact: true })).toBeChecked();
		await expect(trustAgain.getByLabel('What it looks like from my side')).toHaveValue(
			'When plans change, I hear about it last.'
		);
		await expect(
			again.getByRole('group', { name: 'Money', exact: true }).getByLabel('What I need')
		).toHaveValue('A budget we both wrote.');
		const overflow = await again.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	}
);

test(
	'the connection drops while typing: the page says so, retries, and saves when it returns',
	{ tag: POSTGRES },
	async ({ page }) => {
		const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey', 2);
		await signInAs(page, demo.casey);
		await page.goto(`/homework/${assignmentId}`);
		await page.route('**/api/homework/**', (route) => route.abort('internetdisconnected'));
		const step = page.getByLabel('What would a good next step together look like?');
		await step.fill('A walk by the river on Saturday.');
		await expect(saveStatus(page)).toContainText('Not saved: no connection', { timeout: 10_000 });
		await expect(step).toHaveValue('A walk by the river on Saturday.');
		expect(storedResponse(assignmentId, 'Casey')).toBeUndefined();

		await page.unroute('**/api/homework/**');
		await expect(saveStatus(page)).toHaveText(/Saved at/, { timeout: 15_000 });
		expect(JSON.parse(storedResponse(assignmentId, 'Casey')!.answers)).toMatchObject({
			'next-small-step': 'A walk by the river on Saturday.'
		});
	}
);

test('two devices of one partner: a save from an old revision is shown as a conflict, never lost', async ({
	browser
}) => {
	const assignmentId = assignFresh('reconnecting', 'Jordan & Casey', 1);
	const laptop = await (await browser.newContext()).newPage();
	const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
	for (const page of [laptop, phone]) {
		await signInAs(page, demo.jordan);
		await page.goto(`/homework/${assignmentId}`);
	}
	const firstStep = (page: Page) =>
		page.getByLabel('A small, low-pressure first step you could take');
	await firstStep(laptop).fill('Coffee on Sunday, from the laptop.');
	await expect(saveStatus(laptop)).toHaveText(/Saved at/, { timeout: 10_000 });

	await firstStep(phone).fill('A short call, from the phone.');
	const conflict = phone.getByRole('region', {
		name: 'This worksheet was changed on another device'
	});
	await expect(conflict).toBeVisible({ timeout: 10_000 });
	await expect(conflict).toContainText('Coffee on Sunday, from the laptop.');
	await expect(firstStep(phone)).toHaveValue('A short call, from the phone.');
	await expect(saveStatus(phone)).toContainText('changed on another device');
	await expectAccessible(phone);
	// The laptop's words are still what is saved.
	const stored = JSON.parse(storedResponse(assignmentId, 'Jordan')!.answers) as Answers;
	expect(stored['first-step']).toBe('Coffee on Sunday, from the laptop.');

	await phone.getByRole('button', { name: 'Keep what is on this page' }).click();
	await expect(saveStatus(phone)).toHaveText(/Saved at/, { timeout: 10_000 });
	await laptop.reload();
	await expect(firstStep(laptop)).toHaveValue('A short call, from the phone.');

	// And the other way round: the laptop, now behind, takes the saved version.
	await firstStep(phone).fill('A short call on Sunday.');
	await expect(saveStatus(phone)).toHaveText(/Saved at/, { timeout: 10_000 });
	await firstStep(laptop).fill('Something else entirely.');
	await expect(
		laptop.getByRole('region', { name: 'This worksheet was changed on another device' })
	).toBeVisible({ timeout: 10_000 });
	await laptop.getByRole('button', { name: 'Use the saved version' }).click();
	await expect(firstStep(laptop)).toHaveValue('A short call on Sunday.');
	await laptop.context().close();
	await phone.context().close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('checking answers lands on the preview, where the Submit button is', async ({ page }) => {
		await page.setViewportSize(PHONE);
		const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey', 1);
		await signInAs(page, demo.jordan);
		await page.goto(`/homework/${assignmentId}`);
		await page.getByRole('radio', { name: 'About right' }).check();
		await page
			.getByLabel('What would a good next step together look like?')
			.fill('A walk by the river on Sunday.');
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		const preview = page.getByRole('region', { name: 'What Casey will see' });
		await expect(preview).toBeVisible();
		await expect(page).toHaveURL(/#preview$/);
		await expect(preview.getByRole('heading', { name: 'What Casey will see' })).toBeInViewport();
		await expect(preview.getByRole('button', { name: /^Submit to / })).toBeVisible();
		await expectAccessible(page);

		// Handed in, the page offers the way on: Jordan's next homework still to do.
		await preview.getByRole('button', { name: /^Submit to / }).click();
		await expect(page.getByText(/^Submitted\./)).toBeVisible();
		const next = page.locator('.next-homework');
		await expect(next).toContainText(/^Next: /);
		await next.getByRole('link').click();
		await expect(page).toHaveURL(/\/homework\/[a-z0-9]+$/);
		expect(page.url()).not.toContain(assignmentId);
		await expectAccessible(page);
	});

	test('save a draft, add a row, see what the partner will see, submit, and edit again', async ({
		page
	}) => {
		const assignmentId = assignFresh('accountability', 'Jordan & Casey', 2);
		await signInAs(page, demo.casey);
		await page.goto(`/homework/${assignmentId}`);
		await expectAccessible(page);
		const behaviour = page.getByRole('group', { name: /My part: what I did/ });
		await behaviour.getByRole('button', { name: 'Add a behaviour' }).click();
		await page.getByLabel('Name this behaviour in a few words').fill('Walking out');
		// Without JavaScript the row keeps its placeholder title until the page comes back.
		await page
			.getByRole('group', { name: /New behaviour/ })
			.getByLabel('What I did')
			.fill('I left in the middle of arguments.');
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page.getByText('Draft saved.')).toBeVisible();
		await expect(
			page.getByRole('group', { name: 'Walking out', exact: true }).getByLabel('What I did')
		).toHaveValue('I left in the middle of arguments.');

		// Missing required answers: refused beside them, nothing lost.
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		await expect(page.getByRole('alert').filter({ hasText: /needs? a look/ })).toContainText(
			'What I am sorry for'
		);
		await expect(
			page.getByRole('group', { name: 'Walking out', exact: true }).getByLabel('What I did')
		).toHaveValue('I left in the middle of arguments.');
		await expectAccessible(page);

		await page
			.getByLabel('What I am sorry for: a first draft of an apology')
			.fill('I am sorry for walking out.');
		await page
			.getByRole('group', { name: /What I will do differently/ })
			.getByRole('button', { name: 'Add a commitment' })
			.click();
		await page.getByLabel('Name this commitment in a few words').fill('Time-outs with a time');
		await page
			.getByRole('group', { name: /New commitment/ })
			.getByLabel('What I will do')
			.fill('Say how long I need, and come back.');
		await page.getByRole('button', { name: 'Check and submit…' }).click();
		const preview = page.getByRole('region', { name: 'What Jordan will see' });
		await expect(preview).toContainText('Jordan will not see anything from this worksheet.');
		await expectAccessible(page);

		await page
			.getByRole('checkbox', {
				name: /Share my answers to the questions for Dr. Priya Natarajan with Jordan/
			})
			.check();
		await page.getByRole('button', { name: 'Check again' }).click();
		await expect(preview).toContainText('I am sorry for walking out.');
		await preview.getByRole('button', { name: 'Submit to Dr. Priya Natarajan' }).click();
		await expect(
			page.getByText('Submitted. Dr. Priya Natarajan will read it before your next session.')
		).toBeVisible();
		await expect(page.getByText('Jordan can read the parts you chose to share.')).toBeVisible();
		await expectAccessible(page);
		expect(storedResponse(assignmentId, 'Casey')).toMatchObject({
			status: 'submitted',
			share_therapist_fields: 1
		});

		await page.getByRole('button', { name: 'Edit again' }).click();
		await expect(page.getByLabel('What I am sorry for: a first draft of an apology')).toHaveValue(
			'I am sorry for walking out.'
		);
		expect(storedResponse(assignmentId, 'Casey')?.status).toBe('draft');
	});

	test('an answer over the limit is refused with a message, and the text stays', async ({
		page
	}) => {
		const assignmentId = assignFresh('emotional-space', 'Jordan & Casey', 1);
		await signInAs(page, demo.jordan);
		await page.goto(`/homework/${assignmentId}`);
		const long = 'I keep reaching for my phone. '.repeat(700);
		const box = page.locator('textarea').first();
		await box.fill(long);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Save draft' }).click()
		]);
		expect(response.status()).toBe(400);
		await expect(page.getByRole('alert').filter({ hasText: /needs? a look/ })).toContainText(
			'the limit is 20,000'
		);
		await expect(page.locator('textarea').first()).toHaveValue(long);
	});
});

test('what one partner keeps to themselves never reaches the other', async ({ browser }) => {
	// The demo's own words: Alex shared the accountability worksheet and not the core issues
	// (whose confidential answer never can be); Sam shared nothing, and the safety check-in is
	// for the therapist alone. The therapist reads every one of them before the partners look.
	const alexShared = writtenWords('accountability', DEMO_ANSWERS.accountability?.[1]);
	const alexUnshared = writtenWords('core-issues', DEMO_ANSWERS['core-issues']?.[1]);
	const samUnshared = [
		...writtenWords('accountability', DEMO_ANSWERS.accountability?.[2]),
		...writtenWords('core-issues', DEMO_ANSWERS['core-issues']?.[2])
	];
	const samPrivate = writtenWords('safety-check-in', DEMO_ANSWERS['safety-check-in']?.[2]);
	const session = nextSessionOf('Alex & Sam');
	const therapist = await (await browser.newContext()).newPage();
	await signInAs(therapist, demo.therapist);
	await therapistReads(therapist, `/couples/${session.coupleId}/sessions/${session.id}/prep`, [
		...alexShared,
		...alexUnshared,
		...samUnshared,
		...samPrivate
	]);

	const sam = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(sam, demo.sam);
	// Alex shared the accountability worksheet: Sam finds it on the home page and reads it on its own.
	const shared = sam.getByRole('region', { name: 'Shared with you by Alex' });
	await expect(shared).toContainText('Owning my part');
	const homeData = await (await sam.request.get('/home/__data.json')).text();
	for (const answer of [...alexShared, ...alexUnshared]) expect(homeData).not.toContain(answer);
	await shared.getByRole('link', { name: 'Owning my part' }).click();
	await expect(sam).toHaveURL(/\/shared\/[^/]+$/);
	const reading = sam.getByRole('main');
	for (const answer of alexShared) await expect(reading).toContainText(answer);
	// Only what Alex answered: questions left blank are not listed as "Not answered".
	await expect(reading.getByText('Not answered')).toHaveCount(0);
	await expectAccessible(sam);
	const samData = await (
		await sam.request.get(`${new URL(sam.url()).pathname}/__data.json`)
	).text();
	for (const answer of alexUnshared) expect(samData).not.toContain(answer);
	await sam.goto('/shared');
	await expect(sam.getByRole('link', { name: 'Owning my part' })).toBeVisible();
	await expectAccessible(sam);
	// Alex's unshared core issues and Sam's own work, by their addresses: not found.
	const responseOf = (partner: string, template: string) =>
		withDatabase(
			servers.demo.database,
			(db) =>
				db
					.prepare(
						`SELECT r.id FROM responses r JOIN assignments a ON a.id = r.assignment_id
						 JOIN partners p ON p.id = r.partner_id WHERE p.display_name = ? AND a.template_id = ?`
					)
					.pluck()
					.get(partner, template) as string
		);
	for (const id of [responseOf('Alex', 'core-issues'), responseOf('Sam', 'accountability')]) {
		expect((await sam.goto(`/shared/${id}`))?.status()).toBe(404);
		const data = await (await sam.request.get(`/shared/${id}/__data.json`)).text();
		for (const answer of [...alexUnshared, ...samUnshared]) expect(data).not.toContain(answer);
	}

	const alex = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(alex, demo.alex);
	await expect(alex.getByRole('region', { name: 'Shared with you by Sam' })).toHaveCount(0);
	const alexData = await (await alex.request.get('/home/__data.json')).text();
	expect(alexData).not.toMatch(/safety|Private check-in/i);
	for (const answer of [...samUnshared, ...samPrivate]) expect(alexData).not.toContain(answer);

	// Sam's private check-in, by its address: nothing, the same way as for a made-up one.
	const checkIn = withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					"SELECT a.id FROM assignments a JOIN couples c ON c.id = a.couple_id WHERE c.name = 'Alex & Sam' AND a.template_id = 'safety-check-in'"
				)
				.pluck()
				.get() as string
	);
	for (const id of [checkIn, 'made-up-assignment']) {
		expect((await alex.goto(`/homework/${id}`))?.status()).toBe(404);
		const data = await (await alex.request.get(`/homework/${id}/__data.json`)).text();
		expect(data).toContain('"status":404');
		expect(data).not.toMatch(/afraid|Private check-in/i);
		for (const answer of samPrivate) expect(data).not.toContain(answer);
		const draft = await alex.request.post(`/api/homework/${id}/draft`, {
			data: { answers: {}, revision: 0 }
		});
		expect(draft.status()).toBe(404);
		const submit = await alex.request.post(`/homework/${id}?/submit`, {
			headers: { origin: `http://localhost:${servers.demo.port}`, accept: 'text/html' },
			form: { revision: '0' }
		});
		expect(submit.status()).toBe(404);
	}
	await therapist.context().close();
	await sam.context().close();
	await alex.context().close();
});

test('a concerning safety check-in shows help at once and flags the therapist, and no one else', async ({
	browser
}) => {
	const assignmentId = assignFresh('safety-check-in', 'Jordan & Casey', 2);
	const casey = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(casey, demo.casey);
	await casey.locator(`a[href="/homework/${assignmentId}"]`).click();
	await expect(casey.getByText(/Only Dr. Priya Natarajan will read your answers/)).toBeVisible();
	await casey
		.getByRole('group', { name: /afraid of them\? In the past year/ })
		.getByRole('radio', { name: 'Sometimes' })
		.check();
	// Sent straight in: no preview, which would be one more page in history holding the answers.
	await expect(casey.getByRole('button', { name: 'Check and submit…' })).toHaveCount(0);
	await casey.getByRole('button', { name: 'Send to Dr. Priya Natarajan' }).click();
	await expect(casey.getByRole('note', { name: 'Where to find help' })).toBeVisible();
	await expectAccessible(casey);
	const flags = withDatabase(servers.demo.database, (db) =>
		db
			.prepare(
				'SELECT f.kind FROM flags f JOIN responses r ON r.id = f.response_id WHERE r.assignment_id = ?'
			)
			.pluck()
			.all(assignmentId)
	);
	expect(flags).toEqual(['safety']);

	const jordan = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(jordan, demo.jordan);
	const jordanData = await (await jordan.request.get('/home/__data.json')).text();
	expect(jordanData).not.toContain(assignmentId);
	expect(jordanData).not.toMatch(/Private check-in|safety/i);
	await casey.context().close();
	await jordan.context().close();
});

test('bad saves get the right answer: 400, 409, 413, 404, and nothing saved is lost', async ({
	page
}) => {
	const assignmentId = assignFresh('all-outcomes', 'Jordan & Casey', 1);
	await signInAs(page, demo.jordan);
	const url = `/api/homework/${assignmentId}/draft`;
	const okAnswers = { 'what-i-will-keep': 'My friendships.' };
	const saved = await page.request.post(url, { data: { answers: okAnswers, revision: 0 } });
	expect(saved.status()).toBe(200);
	const { revision } = (await saved.json()) as { revision: number };

	expect(
		(
			await page.request.post(url, {
				headers: { 'content-type': 'application/json' },
				data: '{"answers": {'
			})
		).status()
	).toBe(400);
	expect(
		(
			await page.request.post(url, { data: { answers: { 'no-such-question': 'x' }, revision } })
		).status()
	).toBe(400);
	expect((await page.request.post(url, { data: { answers: [], revision } })).status()).toBe(400);
	expect((await page.request.post(url, { data: { answers: {}, revision: 'one' } })).status()).toBe(
		400
	);
	const stale = await page.request.post(url, { data: { answers: {}, revision: revision - 1 } });
	expect(stale.status()).toBe(409);
	const conflict = (await stale.json()) as { conflict: { revision: number } };
	expect(conflict.conflict.revision).toBe(revision);
	expect(
		(
			await page.request.post(url, {
				headers: { 'content-type': 'application/json' },
				data: JSON.stringify({ answers: { x: 'y'.repeat(4_100_000) }, revision })
			})
		).status()
	).toBe(413);
	expect(
		(
			await page.request.post('/api/homework/not-mine/draft', {
				data: { answers: {}, revision: 0 }
			})
		).status()
	).toBe(404);
	expect(JSON.parse(storedResponse(assignmentId, 'Jordan')!.answers)).toEqual(okAnswers);
});

test('leaving with words not yet saved asks first', async ({ page }) => {
	const assignmentId = assignFresh('therapy-commitment', 'Jordan & Casey', 2);
	await signInAs(page, demo.casey);
	// The connection drops, so what is typed stays unsaved however slow this machine is.
	await page.route('**/draft', (route) => route.abort('internetdisconnected'));
	await page.goto(`/homework/${assignmentId}`);
	// The status shows once the page's script runs: typing before that would go unseen.
	await expect(saveStatus(page)).toHaveText(/save as you type/);
	let asked = false;
	page.on('dialog', async (dialog) => {
		asked = dialog.type() === 'beforeunload';
		await dialog.dismiss();
	});
	await page.locator('textarea').first().pressSequentially('I hope we stop');
	await expect(saveStatus(page)).toHaveText(/Changes not saved|Not saved/);
	await page.close({ runBeforeUnload: true });
	await expect.poll(() => asked).toBe(true);
});
