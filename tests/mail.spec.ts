import type { Browser, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { assignFresh, submittedResponse } from './support/arrange';
import { withDatabase } from './support/database';
import { DEMO_PASSWORD, PHONE, demo } from './support/demo';
import {
	expectGivesNothingAway,
	linkIn,
	startPracticeWithMail,
	type PracticeWithMail
} from './support/mail-sink';

// Mail from a practice of the test's own to a real SMTP server the test runs.
// Every mail that arrives is read for anything that gives away what it is
// about (content-free.ts): names, titles, answers, or words like "therapy".

test.describe.configure({ timeout: 180_000 });

let practice: PracticeWithMail;

test.afterEach(async () => {
	await practice?.stop();
});

function coupleId(database: string, name: string): string {
	return withDatabase(database, (db) =>
		db.prepare('SELECT id FROM couples WHERE name = ?').pluck().get(name)
	) as string;
}

async function signIn(page: Page, origin: string, email: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/sign-in/);
}

async function phonePage(browser: Browser): Promise<Page> {
	return (await browser.newContext({ viewport: PHONE })).newPage();
}

test('partners hear of new homework, feedback and a revision by mail that gives nothing away', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const couple = coupleId(practice.database, 'Jordan & Casey');

	await signIn(page, origin, demo.otherTherapist.email);
	await page.goto(`${origin}/couples/${couple}/assignments/new`);
	await page.getByLabel('Worksheet').selectOption('taking-it-slow');
	await page.getByLabel('Your note to the partners').fill('Lantern-marker-12: go gently.');
	await page.getByRole('button', { name: 'Assign' }).click();
	await expect(page.getByRole('row', { name: /Taking it slow/ })).toBeVisible();

	const forJordan = await practice.sink.waitFor(demo.jordan.email);
	const forCasey = await practice.sink.waitFor(demo.casey.email);
	for (const mail of [forJordan, forCasey]) {
		expectGivesNothingAway(mail, ['Lantern-marker-12', 'go gently']);
		expect(mail.fromName).toBe('Common Ground');
		expect(mail.fromAddress).toBe('practice@example.org');
		expect(linkIn(mail, origin)).toBe(`${origin}/home`);
		const headers = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
		expect(headers).toMatch(new RegExp(`^List-Unsubscribe: <${origin}/unsubscribe/[^>]+>`, 'm'));
		expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
	}

	// Jordan follows the link on their phone, signs in, and lands on their home.
	const jordan = await phonePage(browser);
	await jordan.goto(linkIn(forJordan, origin));
	await jordan.getByLabel('Email address').fill(demo.jordan.email);
	await jordan.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await jordan.getByRole('button', { name: 'Sign in' }).click();
	await expect(jordan).toHaveURL(`${origin}/home`);
	await expect(jordan.getByText('Taking it slow').first()).toBeVisible();
	await expectAccessible(jordan);

	const assignmentId = withDatabase(practice.database, (db) =>
		db
			.prepare("SELECT id FROM assignments WHERE note = 'Lantern-marker-12: go gently.'")
			.pluck()
			.get()
	) as string;
	const answers = (step: string) => ({ pace: 'about-right', 'next-small-step': step });
	await submittedResponse(assignmentId, 'Jordan', answers('Harbour-walk-44'), practice.database);
	await submittedResponse(assignmentId, 'Casey', answers('Museum-day-45'), practice.database);

	const session = withDatabase(practice.database, (db) =>
		db
			.prepare(
				"SELECT id FROM therapy_sessions WHERE couple_id = ? AND status = 'scheduled' AND starts_at > ? ORDER BY starts_at LIMIT 1"
			)
			.pluck()
			.get(couple, new Date().toISOString())
	) as string;
	await page.goto(`${origin}/couples/${couple}/sessions/${session}/prep`);
	const section = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Taking it slow' }) })
		.last();
	const jordanCard = section.locator('.card').filter({ hasText: 'Jordan’s response' });
	await jordanCard.getByText('Write feedback on Jordan’s response').click();
	await jordanCard.getByLabel('Feedback').fill('Quill-marker-33, a lovely walk.');
	await jordanCard.getByRole('button', { name: 'Send feedback' }).click();
	await expect(jordanCard.getByText('Feedback sent.')).toBeVisible();
	const caseyCard = section.locator('.card').filter({ hasText: 'Casey’s response' });
	await caseyCard.getByText('Send back to Casey for revision').click();
	await caseyCard.getByLabel('What would you like Casey to revise?').fill('Say more, Casey.');
	await caseyCard.getByRole('button', { name: 'Send back' }).click();
	await expect(caseyCard.getByText('Sent back to Casey for revision.')).toBeVisible();

	const feedback = await practice.sink.waitFor(demo.jordan.email, 2);
	const sentBack = await practice.sink.waitFor(demo.casey.email, 2);
	for (const mail of [feedback, sentBack])
		expectGivesNothingAway(mail, [
			'Quill-marker-33',
			'Harbour-walk-44',
			'Museum-day-45',
			'Say more'
		]);
	// Nobody else heard of any of it.
	expect(practice.sink.received.map((mail) => mail.to).sort()).toEqual([
		demo.casey.email,
		demo.casey.email,
		demo.jordan.email,
		demo.jordan.email
	]);
});

test('a concerning private check-in alerts the therapist at once, with a link to the prep page', async ({
	browser,
	page
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const checkIn = assignFresh('safety-check-in', 'Alex & Sam', 2, practice.database);

	const sam = await phonePage(browser);
	await signIn(sam, origin, demo.sam.email);
	await sam.goto(`${origin}/homework/${checkIn}`);
	// Only an urgent answer alerts the therapist at once.
	await sam
		.getByRole('group', { name: 'Are you afraid for your safety right now?' })
		.getByRole('radio', { name: 'Yes' })
		.check();
	await sam.getByRole('button', { name: /^Send to / }).click();
	await expect(sam.getByText(/^Sent\./)).toBeVisible();

	const alert = await practice.sink.waitFor(demo.therapist.email);
	expectGivesNothingAway(alert);
	expect(alert.subject).toBe('Something needs your attention');
	expect(alert.text).toContain("A client's answers need your attention.");
	const link = linkIn(alert, origin);
	expect(link).toMatch(new RegExp(`^${origin}/attention/[a-z0-9]+$`));
	// Signed out, the link asks for sign-in first and then leads to the prep page.
	await page.goto(link);
	await page.getByLabel('Email address').fill(demo.therapist.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/couples\/[a-z0-9]+\/sessions\/[a-z0-9]+\/prep$/);
	await expect(
		page
			.getByRole('region', { name: 'Needs attention' })
			.getByText('Sam: A concerning answer on a private check-in')
	).toHaveCount(2);
	// Only the therapist was mailed: not Sam, not Alex.
	expect(practice.sink.received.map((mail) => mail.to)).toEqual([demo.therapist.email]);
});

test('a reminder goes the day before homework is due, at 08:00 when that day before is in the night', async () => {
	practice = await startPracticeWithMail();
	const { database } = practice;
	// Jordan lives in Auckland; the homework is due at 06:00 there on 2 January 2031.
	const due = new Date('2031-01-01T17:00:00.000Z');
	const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey', 1, database);
	withDatabase(database, (db) => {
		db.prepare("UPDATE users SET time_zone = 'Pacific/Auckland' WHERE email = ?").run(
			demo.jordan.email
		);
		db.prepare('UPDATE assignments SET due_at = ?, created_at = ? WHERE id = ?').run(
			due.toISOString(),
			'2030-12-20T00:00:00.000Z',
			assignmentId
		);
	});

	// 24 hours before is 06:00 in Auckland: nothing yet at 07:59 there.
	practice.setClock(new Date('2030-12-31T18:59:00.000Z'));
	// A mail queued after the clock moved shows the worker has had a round at 07:59 since.
	await sendHeartbeat(practice);
	expect(practice.sink.to(demo.jordan.email)).toEqual([]);

	practice.setClock(new Date('2030-12-31T19:00:00.000Z'));
	const reminder = await practice.sink.waitFor(demo.jordan.email);
	expect(reminder.subject).toBe('A friendly reminder');
	expectGivesNothingAway(reminder);
	expect(linkIn(reminder, practice.server.origin)).toBe(`${practice.server.origin}/home`);

	// Once: however many rounds later, no second reminder.
	practice.moveClock(60 * 60 * 1000);
	await sendHeartbeat(practice);
	expect(practice.sink.to(demo.jordan.email)).toHaveLength(1);
	// None for Casey, for whom it was not set.
	expect(practice.sink.to(demo.casey.email)).toEqual([]);
});

/** Queues a mail to Alex through the app's own path and waits for it: a round of the worker has run. */
async function sendHeartbeat(practice: PracticeWithMail) {
	const heartbeats = () =>
		practice.sink.to(demo.alex.email).filter((mail) => mail.subject === 'Heartbeat').length;
	const before = heartbeats();
	withDatabase(practice.database, (db) =>
		db
			.prepare(
				`INSERT INTO outbox (id, message_id, kind, user_id, to_address, from_name, subject, body, next_attempt_at, send_by, created_at)
				 VALUES (lower(hex(randomblob(10))), '<' || lower(hex(randomblob(10))) || '@test>', 'new-homework', NULL, ?, 'Common Ground', 'Heartbeat', 'Heartbeat', '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')`
			)
			.run(demo.alex.email)
	);
	// Counted by subject: other mail to Alex (a reminder as the clock moves) proves nothing.
	await expect.poll(heartbeats, { timeout: 30_000 }).toBe(before + 1);
}

test('mail waits while the mail server is down, and arrives once when it is back', async ({
	page
}) => {
	practice = await startPracticeWithMail({ sinkRunning: false });
	const { origin, database } = { origin: practice.server.origin, database: practice.database };
	const couple = coupleId(database, 'Jordan & Casey');

	await signIn(page, origin, demo.otherTherapist.email);
	await page.goto(`${origin}/couples/${couple}/assignments/new`);
	await page.getByLabel('Worksheet').selectOption('reconnecting');
	await page.getByRole('button', { name: 'Assign' }).click();
	// The therapist's action succeeded whatever the mail server does.
	await expect(page).toHaveURL(`${origin}/couples/${couple}#homework-heading`);

	const attempts = () =>
		withDatabase(database, (db) =>
			db
				.prepare(
					"SELECT state, attempts FROM outbox WHERE to_address = ? AND kind = 'new-homework'"
				)
				.get(demo.jordan.email)
		) as { state: string; attempts: number };
	await expect.poll(() => attempts().attempts, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
	expect(attempts().state).toBe('waiting');

	await practice.sink.start();
	// The next try is a minute after the first failed one.
	practice.moveClock(2 * 60 * 1000);
	await practice.sink.waitFor(demo.jordan.email);
	await expect.poll(() => attempts().state).toBe('sent');

	// Later rounds do not send it again.
	practice.moveClock(60 * 60 * 1000);
	await sendHeartbeat(practice);
	expect(practice.sink.to(demo.jordan.email)).toHaveLength(1);
});

test('an invitation link is mailed to the address the therapist typed, and a failure shows', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	await signIn(page, origin, demo.therapist.email);
	await page.goto(`${origin}/couples/new`);
	await page.getByLabel('Couple’s name').fill('Lee & Noor');
	await page.getByLabel('First partner’s name').fill('Lee');
	await page.getByLabel('Second partner’s name').fill('Noor');
	await page.getByRole('button', { name: 'Add couple' }).click();
	await expect(page.getByRole('heading', { name: 'Lee & Noor' })).toBeVisible();

	// A mistyped address is refused beside the field, and nothing is made.
	await page.getByLabel('Lee’s email address').fill('lee-at-example.org');
	await page.getByRole('button', { name: 'Make an invitation link for Lee' }).click();
	await expect(page.getByLabel('Lee’s email address')).toHaveAccessibleDescription(
		/Enter an email address like name@example.com/
	);
	await expectAccessible(page);

	await page.getByLabel('Lee’s email address').fill('Lee@Example.org');
	await page.getByRole('button', { name: 'Make an invitation link for Lee' }).click();
	const shown = await page.getByLabel('Invitation link for Lee').inputValue();
	await expect(page.getByText('We are mailing it to lee@example.org')).toBeVisible();
	const invitation = await practice.sink.waitFor('lee@example.org');
	expectGivesNothingAway(invitation, ['Lee', 'Noor']);
	expect(linkIn(invitation, origin)).toBe(shown);
	await page.reload();
	await expect(page.getByText(/The link was mailed to lee@example.org on/)).toBeVisible();
	await expectAccessible(page);

	// Lee opens it on their phone: the invitation to join.
	const lee = await phonePage(browser);
	await lee.goto(linkIn(invitation, origin));
	await expect(lee.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(lee.getByLabel('Email address')).toBeVisible();

	// With the mail server gone for good, Noor's mail fails after its last try, and the page says so.
	await practice.sink.stop();
	await page.getByLabel('Noor’s email address').fill('noor@example.org');
	await page.getByRole('button', { name: 'Make an invitation link for Noor' }).click();
	await expect(page.getByLabel('Invitation link for Noor')).toBeVisible();
	const state = () =>
		withDatabase(practice.database, (db) =>
			db.prepare('SELECT state, attempts FROM outbox WHERE to_address = ?').get('noor@example.org')
		) as { state: string; attempts: number };
	await expect
		.poll(
			() => {
				// Each round, an hour later: past any backoff.
				practice.moveClock(61 * 60 * 1000);
				return state().state;
			},
			{ timeout: 120_000, intervals: [500] }
		)
		.toBe('failed');
	expect(state().attempts).toBe(8);
	await page.reload();
	await expect(page.getByText('The link could not be mailed to noor@example.org.')).toBeVisible();
	await expectAccessible(page);
});

test('the morning digest waits for 07:00 and something new, and gives nothing away', async ({
	page
}) => {
	practice = await startPracticeWithMail();
	const { origin, database } = { origin: practice.server.origin, database: practice.database };
	withDatabase(database, (db) =>
		db.prepare("UPDATE users SET time_zone = 'UTC' WHERE email = ?").run(demo.otherTherapist.email)
	);
	// The server's clock goes to 05:00 three days on, whatever the real time: a digest covers
	// at most the day before its 07:00, so nothing the demo handed in (all of it before now)
	// can be news, and the test means the same run at any hour.
	const day = (date: Date) => date.toISOString().slice(0, 10);
	const morning = new Date();
	morning.setUTCDate(morning.getUTCDate() + 3);
	practice.setClock(new Date(`${day(morning)}T05:00:00.000Z`));

	await signIn(page, origin, demo.otherTherapist.email);
	await page.goto(`${origin}/account`);
	await page
		.getByRole('group', { name: 'Send me a message' })
		.getByRole('checkbox', { name: /Each morning at 07:00/ })
		.check();
	await page.getByRole('button', { name: 'Save message choices' }).click();
	await expect(page).toHaveURL(`${origin}/account?saved=mail`);

	const assignmentId = assignFresh('taking-it-slow', 'Jordan & Casey', 1, database);
	await submittedResponse(
		assignmentId,
		'Jordan',
		{ pace: 'about-right', 'next-small-step': 'Orchard-visit-81' },
		database
	);
	// Handed in at 05:00 on the server's clock, before that morning's digest.
	withDatabase(database, (db) =>
		db
			.prepare('UPDATE responses SET submitted_at = ? WHERE assignment_id = ?')
			.run(`${day(morning)}T05:00:00.000Z`, assignmentId)
	);

	// 06:59: no digest yet (a heartbeat proves the worker looked after the clock moved).
	practice.setClock(new Date(`${day(morning)}T06:59:00.000Z`));
	await sendHeartbeat(practice);
	expect(practice.sink.to(demo.otherTherapist.email)).toEqual([]);

	practice.setClock(new Date(`${day(morning)}T07:00:00.000Z`));
	const digest = await practice.sink.waitFor(demo.otherTherapist.email);
	expect(digest.subject).toBe('New since yesterday');
	expectGivesNothingAway(digest, ['Orchard-visit-81']);
	expect(linkIn(digest, origin)).toBe(`${origin}/practice`);

	// The morning after, with nothing new, no digest.
	practice.moveClock(24 * 60 * 60 * 1000);
	await sendHeartbeat(practice);
	expect(practice.sink.to(demo.otherTherapist.email)).toHaveLength(1);
});

test('a partner who joins with an address of their own confirms it by the link mailed to it', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	await signIn(page, origin, demo.therapist.email);
	await page.goto(`${origin}/couples/new`);
	await page.getByLabel('Couple’s name').fill('Robin & Kai');
	await page.getByLabel('First partner’s name').fill('Robin');
	await page.getByLabel('Second partner’s name').fill('Kai');
	await page.getByRole('button', { name: 'Add couple' }).click();
	// No address typed: the therapist hands the link over another way.
	await page.getByRole('button', { name: 'Make an invitation link for Robin' }).click();
	const link = await page.getByLabel('Invitation link for Robin').inputValue();

	const robin = await phonePage(browser);
	await robin.goto(link);
	await robin.getByLabel('Email address').fill('robin@example.org');
	await robin.getByLabel('Password', { exact: true }).fill('lantern harbour quiet');
	await robin.getByLabel('Password again').fill('lantern harbour quiet');
	await robin.getByRole('checkbox', { name: /I have read .* secrets policy/ }).check();
	await robin.getByRole('button', { name: 'Create my account' }).click();
	await expect(robin.getByText('Your account is ready.')).toBeVisible();
	await robin.getByLabel('Email address').fill('robin@example.org');
	await robin.getByLabel('Password').fill('lantern harbour quiet');
	await robin.getByRole('button', { name: 'Sign in' }).click();
	await expect(robin).toHaveURL(`${origin}/home?welcome`);

	const confirmation = await practice.sink.waitFor('robin@example.org');
	expect(confirmation.subject).toBe('Please confirm your address');
	expectGivesNothingAway(confirmation, ['Robin', 'Kai']);
	await robin.goto(linkIn(confirmation, `${origin}/confirm-address/`));
	await robin.getByRole('button', { name: 'Confirm this address' }).click();
	await expect(robin.getByRole('main')).toContainText(/confirmed/i);
	await expectAccessible(robin);

	// Confirmed, Robin now hears of new homework.
	const couple = coupleId(practice.database, 'Robin & Kai');
	await page.goto(`${origin}/couples/${couple}/assignments/new`);
	await page.getByLabel('Worksheet').selectOption('taking-it-slow');
	// No session is booked yet, so the homework needs a date of its own.
	await page.getByLabel('Due date').fill('2031-03-01');
	await page.getByRole('button', { name: 'Assign' }).click();
	await expect(page).toHaveURL(new RegExp(`/couples/${couple}#homework-heading$`));
	const news = await practice.sink.waitFor('robin@example.org', 2);
	expect(news.subject).toBe('There is something new for you');
	expectGivesNothingAway(news, ['Robin', 'Kai']);
});
