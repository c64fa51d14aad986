import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { firstCoupleIds } from './support/demo-ids';
import { writtenWords } from './support/privacy';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';
import { servers } from '../playwright.config';

async function joinThrough(
	browser: Browser,
	link: string,
	person: { name?: string; email: string; password: string; timeZone: string }
): Promise<Page> {
	// The partner's phone is set to their zone: the page offers it without a list.
	const context = await browser.newContext({ viewport: PHONE, timezoneId: person.timeZone });
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1, name: 'Join Common Ground' })).toBeVisible();
	const city = person.timeZone.split('/').pop()!.replaceAll('_', ' ');
	await expect(page.getByText(`${city} time, from this device.`)).toBeVisible();
	await expectAccessible(page);
	if (person.name) await page.getByLabel('Your name').fill(person.name);
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('Password', { exact: true }).fill(person.password);
	await page.getByLabel('Password again').fill(person.password);
	await page.getByRole('checkbox', { name: /I have read .* secrets policy/ }).check();
	await page.getByRole('button', { name: 'Create my account' }).click();
	// Joining never signs in by itself (an address with an account would answer differently):
	// the partner signs in with what they just chose.
	await expect(page.getByText('Your account is ready.')).toBeVisible();
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL('/home?welcome');
	// Told once what the quick exit does; signed in only until the browser closes.
	await expect(page.getByText(/The Quick exit button at the top of every page/)).toBeVisible();
	const cookie = (await context.cookies()).find((c) => c.name === 'session');
	expect(cookie?.expires).toBe(-1);
	return page;
}

async function invitationLink(page: Page, partnerName: string): Promise<string> {
	await page
		.getByRole('button', {
			name: new RegExp(`^(Make an invitation link|Make a new link) for ${partnerName}$`)
		})
		.click();
	const link = await page.getByLabel(`Invitation link for ${partnerName}`).inputValue();
	expect(link).toMatch(/\/join\/[a-z2-7]{32}$/);
	return new URL(link).pathname;
}

test('a therapist sets up a couple, both partners join, and both see their homework', async ({
	page,
	browser
}) => {
	// Three people and many pages: more than the default on a busy machine.
	test.setTimeout(90_000);
	await signInAs(page, demo.otherTherapist);
	await page.getByRole('link', { name: 'Couples', exact: true }).click();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Add a couple' }).click();
	await expectAccessible(page);

	// A missing name is refused beside its field, and the rest is kept.
	await page.getByLabel('First partner’s name').fill('Robin');
	await page.getByLabel('Second partner’s name').fill('Kai');
	await page.getByRole('radio', { name: 'Limited secrets' }).check();
	await expect(page.getByLabel('The policy as the partners will read it')).toHaveValue(
		/tell me some things in confidence/
	);
	await page.getByRole('button', { name: 'Add couple' }).click();
	await expect(page.getByLabel('Couple’s name')).toHaveAccessibleDescription(
		/Give the couple a name/
	);
	await expect(page.getByLabel('Second partner’s name')).toHaveValue('Kai');
	await page.getByLabel('Couple’s name').fill('Robin & Kai');
	await page.getByRole('button', { name: 'Add couple' }).click();
	await expect(page.getByText('Couple added.')).toBeVisible();
	await expectAccessible(page);

	const robinLink = await invitationLink(page, 'Robin');
	await expectAccessible(page);
	await expect(page.getByText('Couple added.')).toBeVisible();
	const kaiLink = await invitationLink(page, 'Kai');
	// Both links made: the notice that asked for them has done its work.
	await expect(page.getByText('Couple added.')).toHaveCount(0);

	// The link is never stored: only its hash.
	const stored = withDatabase(
		servers.demo.database,
		(db) => db.prepare('SELECT token_hash FROM invitations').pluck().all() as string[]
	);
	expect(
		stored.some((hash) => robinLink.endsWith(hash) || hash.includes(robinLink.split('/').pop()!))
	).toBe(false);

	await page.getByRole('link', { name: 'Schedule a session' }).click();
	await expectAccessible(page);
	await page.getByLabel('Date').fill('2030-03-04');
	await page.getByLabel('Start time').fill('18:30');
	await page.getByRole('radio', { name: 'Video' }).check();
	await page.getByRole('button', { name: 'Schedule session' }).click();
	// The therapist is in New York: 18:30 there is 23:30 UTC.
	await expect(page.getByRole('link', { name: /^Monday, 4 March 2030 at 18:30/ })).toBeVisible();

	await page.getByRole('link', { name: 'Assign homework' }).click();
	await expectAccessible(page);
	await page.getByLabel('Worksheet').selectOption('accountability');
	await page
		.getByLabel('Your note to the partners')
		.fill('Your own part only, in concrete behaviours. Two sittings of twenty minutes.');
	await page.getByRole('button', { name: 'Assign' }).click();
	const row = page.getByRole('row', { name: /Owning my part/ });
	await expect(row).toContainText('Both partners');
	await expect(row).toContainText('Monday 4 March at 18:30');
	await expect(row).toContainText('Robin: Not started');
	await expectAccessible(page);

	const robin = await joinThrough(browser, robinLink, {
		email: 'robin@example.org',
		password: 'lantern harbour quiet',
		timeZone: 'Asia/Tokyo'
	});
	await expect(robin.getByRole('heading', { level: 1, name: 'Hello, Robin' })).toBeVisible();
	// Tokyo sees the same session on the next morning.
	await expect(
		robin.getByText('Tuesday, 5 March 2030 at 08:30 Tokyo time, by video.')
	).toBeVisible();
	const homework = robin.locator('.homework').filter({ hasText: 'Owning my part' });
	await expect(homework).toContainText('Step 5: Apologize and take accountability');
	await expect(homework).toContainText('Your own part only, in concrete behaviours.');
	await expectAccessible(robin);

	const kai = await joinThrough(browser, kaiLink, {
		name: 'Kai M.',
		email: 'kai@example.org',
		password: 'copper willow tide river',
		timeZone: 'America/New_York'
	});
	await expect(kai.getByRole('heading', { level: 1, name: 'Hello, Kai M.' })).toBeVisible();
	await expect(kai.locator('.homework').filter({ hasText: 'Owning my part' })).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Kai M.' })).toBeVisible();
	await expect(page.getByText('Joined and acknowledged the limited secrets policy.')).toHaveCount(
		2
	);
	const audit = withDatabase(
		servers.demo.database,
		(db) =>
			db
				.prepare(
					"SELECT action FROM audit_log WHERE action IN ('couple.create', 'invitation.issue', 'invitation.accept', 'therapy-session.schedule', 'assignment.create', 'casework.view')"
				)
				.pluck()
				.all() as string[]
	);
	for (const action of [
		'couple.create',
		'invitation.issue',
		'invitation.accept',
		'therapy-session.schedule',
		'assignment.create',
		'casework.view'
	]) {
		expect(audit, action).toContain(action);
	}
	await robin.context().close();
	await kai.context().close();
});

test('used, expired, stopped and unknown links each say what to do, never a stack trace', async ({
	page,
	browser
}) => {
	await signInAs(page, demo.otherTherapist);
	await page.goto('/couples/new');
	await page.getByLabel('Couple’s name').fill('Lee & Noor');
	await page.getByLabel('First partner’s name').fill('Lee');
	await page.getByLabel('Second partner’s name').fill('Noor');
	await page.getByRole('button', { name: 'Add couple' }).click();
	const leeLink = await invitationLink(page, 'Lee');
	const firstNoorLink = await invitationLink(page, 'Noor');
	const noorLink = await invitationLink(page, 'Noor');

	const visitor = await (await browser.newContext({ viewport: PHONE })).newPage();
	// Replaced by a newer link.
	await visitor.goto(firstNoorLink);
	await expect(
		visitor.getByRole('heading', { level: 1, name: 'This link no longer works' })
	).toBeVisible();
	await expectAccessible(visitor);

	// Stopped by the therapist.
	await page.getByRole('button', { name: 'Stop the link for Noor' }).click();
	await expect(page.getByText('The link for Noor no longer works.')).toBeVisible();
	await visitor.goto(noorLink);
	await expect(
		visitor.getByRole('heading', { level: 1, name: 'This link no longer works' })
	).toBeVisible();

	// Expired: seven days have passed.
	withDatabase(servers.demo.database, (db) => {
		const id = db
			.prepare(
				"SELECT i.id FROM invitations i JOIN partners p ON p.id = i.partner_id WHERE p.display_name = 'Lee' AND i.used_at IS NULL AND i.revoked_at IS NULL"
			)
			.pluck()
			.get();
		db.prepare("UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(
			id
		);
	});
	await visitor.goto(leeLink);
	await expect(
		visitor.getByRole('heading', { level: 1, name: 'This link has expired' })
	).toBeVisible();
	await expect(visitor.getByText('Ask your therapist for a new one.')).toBeVisible();

	// A new link works once; used again, it says so.
	await page.reload();
	const freshLeeLink = await invitationLink(page, 'Lee');
	const lee = await joinThrough(browser, freshLeeLink, {
		email: 'lee@example.org',
		password: 'amber canyon whistle',
		timeZone: 'Europe/Lisbon'
	});
	const again = await (await browser.newContext()).newPage();
	const response = await again.goto(freshLeeLink);
	expect(response?.status()).toBe(200);
	await expect(
		again.getByRole('heading', { level: 1, name: 'This link has already been used' })
	).toBeVisible();
	await expectAccessible(again);

	await visitor.goto('/join/not-a-real-link');
	await expect(
		visitor.getByRole('heading', { level: 1, name: 'This link does not work' })
	).toBeVisible();
	await lee.context().close();
});

test('a private check-in assigned to one partner never shows for the other', async ({
	browser
}) => {
	const { privateCheckInId } = firstCoupleIds();
	const alex = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(alex, demo.alex);
	await expect(alex.getByRole('link', { name: 'The issues underneath' })).toBeVisible();
	await expect(
		alex.getByRole('listitem').filter({ hasText: 'Owning my part: submitted' })
	).toBeVisible();
	await expect(alex.getByText('Private check-in')).toHaveCount(0);
	await expectAccessible(alex);
	const alexData = await (await alex.request.get('/home/__data.json')).text();
	expect(alexData).not.toMatch(/safety|Private check-in/i);
	expect(alexData).not.toContain(privateCheckInId);
	expect(alexData).not.toContain('Sam: ');

	// Sam sent it: on a phone that may be shared, Sam's own home holds nothing of it either.
	const sam = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(sam, demo.sam);
	await expect(sam.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(sam.getByText(/Private check-in/i)).toHaveCount(0);
	await expect(sam.locator(`a[href="/homework/${privateCheckInId}"]`)).toHaveCount(0);
	const samData = await (await sam.request.get('/home/__data.json')).text();
	expect(samData).not.toMatch(/safety|Private check-in/i);
	expect(samData).not.toContain(privateCheckInId);
	await alex.context().close();
	await sam.context().close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a therapist schedules, reschedules and cancels a session, and edits homework', async ({
		page
	}) => {
		await signInAs(page, demo.therapist);
		const { coupleId } = firstCoupleIds();
		await page.goto(`/couples/${coupleId}/sessions/new`);
		await page.getByLabel('Date').fill('2031-02-27');
		await page.getByLabel('Start time').fill('10:00');
		await page.getByLabel('Length in minutes').fill('5');
		await page.getByRole('button', { name: 'Schedule session' }).click();
		await expect(page.getByLabel('Length in minutes')).toHaveAccessibleDescription(
			/Enter a length from 10 to 480 minutes/
		);
		// Read out as "Problem: Enter…", the hidden word spaced from the message.
		await expect(page.locator('p.problem').filter({ hasText: 'Enter a length' })).toHaveText(
			/^Problem: Enter a length/
		);
		await expect(page.getByLabel('Date')).toHaveValue('2031-02-27');
		await expectAccessible(page);
		await page.getByLabel('Length in minutes').fill('50');
		await page.getByRole('button', { name: 'Schedule session' }).click();
		await page.getByRole('link', { name: /^Thursday, 27 February 2031 at 10:00/ }).click();
		await expectAccessible(page);
		await page.getByLabel('Start time').fill('11:15');
		await page.getByRole('button', { name: 'Save session' }).click();
		await page.getByRole('link', { name: /^Thursday, 27 February 2031 at 11:15/ }).click();
		await page.getByRole('button', { name: 'Cancel this session' }).click();
		await expect(page.getByRole('link', { name: /^Thursday, 27 February 2031/ })).toHaveCount(0);

		await page.getByRole('link', { name: 'The issues underneath' }).click();
		await expectAccessible(page);
		await page
			.getByLabel('Your note to the partners')
			.fill('Rate each area from your own side; differences are useful.');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.getByText('Saved.')).toBeVisible();
		await expect(page.getByLabel('Your note to the partners')).toHaveValue(
			'Rate each area from your own side; differences are useful.'
		);
	});
});

test('the week ahead shows sessions with homework in and missing, and new submissions', async ({
	page
}) => {
	await signInAs(page, demo.therapist);
	// Sessions come under the day they fall on, on the therapist's calendar, each at its time on their clock.
	await expect(page.getByRole('heading', { level: 3 }).first()).toHaveText(
		/^(Today, |Tomorrow, )?[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+$/
	);
	const card = page.locator('.card').filter({ hasText: 'Alex & Sam' }).first();
	await expect(card.getByRole('heading', { level: 4 })).toHaveText('Alex & Sam');
	await expect(card).toContainText(/^\s*Alex & Sam\s*\d{2}:\d{2}, in person/);
	await expect(card).toContainText(/Homework: \d+ in \(\d+ reviewed\), \d+ still missing\./);
	// The words only a screen reader hears are spaced as written, not run into the visible ones.
	expect(await card.getByRole('link', { name: 'Prepare for Alex & Sam' }).textContent()).toBe(
		'Prepare for Alex & Sam'
	);
	await expect(page.getByRole('heading', { name: /New submissions/ })).toBeVisible();
	await expect(page.getByText(/Private check-in from Sam/)).toBeVisible();
	await expectAccessible(page);
});

test('a new submission on the week ahead opens its answers', async ({ page }) => {
	await signInAs(page, demo.therapist);
	await page
		.getByRole('listitem')
		.filter({ hasText: /from Alex,/ })
		.getByRole('link', { name: 'Alex & Sam: Owning my part' })
		.click();
	await expect(page).toHaveURL(/\/sessions\/[a-z0-9]+\/prep#worksheet-[a-z0-9]+$/);
	const section = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Owning my part' }) });
	await expect(section.getByRole('heading', { name: 'Owning my part' })).toBeInViewport();
	for (const words of writtenWords('accountability', DEMO_ANSWERS.accountability?.[1]))
		await expect(section).toContainText(words);
	await expectAccessible(page);
});

test('a couple is edited, archived and restored, and homework cancelled', async ({ page }) => {
	await signInAs(page, demo.otherTherapist);
	await page.goto('/couples/new');
	await page.getByLabel('Couple’s name').fill('Ari & Jo');
	await page.getByLabel('First partner’s name').fill('Ari');
	await page.getByLabel('Second partner’s name').fill('Jo');
	await page.getByRole('button', { name: 'Add couple' }).click();
	await expect(page.getByText('Couple added.')).toBeVisible();

	await page.getByRole('link', { name: 'Edit couple' }).click();
	await expectAccessible(page);
	await page.getByLabel('Second partner’s name').fill('Joanna');
	await page
		.getByLabel('The policy as the partners will read it')
		.fill('Anything you tell me may come into our joint sessions.');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 3, name: 'Joanna' })).toBeVisible();
	await expect(
		page.getByText('Anything you tell me may come into our joint sessions.')
	).toBeVisible();

	await page.getByRole('link', { name: 'Assign homework' }).click();
	await page.getByLabel('Worksheet').selectOption('taking-it-slow');
	await page.getByRole('radio', { name: 'Joanna only' }).check();
	await page.getByLabel('Due date').fill('2031-05-01');
	await page.getByRole('button', { name: 'Assign' }).click();
	await page.getByRole('link', { name: 'Taking it slow' }).click();
	// On the homework's own page: the couple's page also lists Joanna's private check-in, not started.
	await expect(page.getByRole('heading', { level: 1, name: 'Taking it slow' })).toBeVisible();
	await expect(page.getByText('Joanna: Not started')).toBeVisible();
	await page.getByRole('button', { name: 'Cancel this homework' }).click();
	await expect(page.getByRole('row', { name: /Taking it slow/ })).toContainText('Cancelled');

	await page.getByRole('button', { name: 'Archive couple' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Ari & Jo\s+Archived/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Assign homework' })).toHaveCount(0);
	await page.goto('/couples');
	await expect(page.getByRole('link', { name: 'Ari & Jo' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Show archived couples' }).click();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Ari & Jo' }).click();
	await page.getByRole('button', { name: 'Restore couple' }).click();
	await expect(page.getByRole('link', { name: 'Assign homework' })).toBeVisible();
});

test('a partner changes their time zone and sees session times in it', async ({ browser }) => {
	const page = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signInAs(page, demo.casey);
	const before = await page.locator('#next-heading + p').textContent();
	await page.getByRole('link', { name: 'Account' }).click();
	await expectAccessible(page);
	await page.getByLabel('Show times in').selectOption('Asia/Tokyo');
	await page.getByRole('button', { name: 'Save time zone' }).click();
	await expect(page.getByText('Saved. Times are now shown in your new time zone.')).toBeVisible();
	await page.getByRole('link', { name: 'Home' }).click();
	await expect(page.locator('#next-heading + p')).toContainText('Tokyo time');
	expect(await page.locator('#next-heading + p').textContent()).not.toBe(before);
	// Put it back for other tests.
	await page.goto('/account');
	await page.getByLabel('Show times in').selectOption('America/New_York');
	await page.getByRole('button', { name: 'Save time zone' }).click();
	await page.context().close();
});
