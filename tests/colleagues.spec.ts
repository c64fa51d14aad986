import type { Browser, Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { DEMO_PASSWORD, PHONE, demo } from './support/demo';
import { linkIn, startPracticeWithMail, type PracticeWithMail } from './support/mail-sink';

// A practice of several therapists: the administrator invites a colleague,
// who joins and must set up two-step sign-in; colleagues never see each
// other's couples; a deactivated account is signed out at once.

test.describe.configure({ timeout: 180_000 });

let practice: PracticeWithMail | undefined;

test.afterEach(async () => {
	await practice?.stop();
	practice = undefined;
});

function coupleId(database: string, name: string): string {
	return withDatabase(database, (db) =>
		db.prepare('SELECT id FROM couples WHERE name = ?').pluck().get(name)
	) as string;
}

async function signIn(page: Page, origin: string, email: string, password = DEMO_PASSWORD) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

async function newPage(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

test('the administrator invites a colleague, who joins, must set up two-step, and sees no one else’s couples', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const alexAndSam = coupleId(practice.database, 'Alex & Sam');

	await signIn(page, origin, demo.therapist.email);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.getByRole('link', { name: 'Colleagues' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Colleagues' })).toBeVisible();
	await expect(page.getByText(demo.otherTherapist.email)).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('Their email address (optional)').fill('kim@example.org');
	await page.getByRole('button', { name: 'Make a link to join' }).click();
	const link = await page.getByLabel('Link to join the practice').inputValue();
	expect(link).toMatch(/\/join-practice\/[a-z2-7]{32}$/);
	const mailed = await practice.sink.waitFor('kim@example.org');
	expect(linkIn(mailed, `${origin}/join-practice/`)).toBe(link);
	await page.getByLabel('Therapists must sign in with two steps').check();
	await page.getByRole('button', { name: 'Save policies' }).click();
	// From now on the administrator too must set it up before any other page opens.
	await expect(page).toHaveURL(`${origin}/account/two-step?required`);

	const kim = await newPage(browser);
	await kim.goto(link);
	await expect(kim.getByRole('heading', { level: 1, name: 'Join the practice' })).toBeVisible();
	await expectAccessible(kim);
	await kim.getByLabel('Your name').fill('Kim Adeyemi');
	await kim.getByLabel('Email address').fill('kim@example.org');
	await kim.getByLabel('Password', { exact: true }).fill('copper lantern evening');
	await kim.getByLabel('Password again').fill('copper lantern evening');
	await kim.getByRole('button', { name: 'Create my account' }).click();
	await expect(kim.getByText('Your account is ready.')).toBeVisible();
	await signIn(kim, origin, 'kim@example.org', 'copper lantern evening');

	// The practice requires two-step: nothing opens until it is set up.
	await expect(kim).toHaveURL(`${origin}/account/two-step?required`);
	await kim.getByRole('button', { name: 'Set up two-step sign-in' }).click();
	const keyText = (await kim.getByTestId('two-step-key').textContent()) ?? '';
	const step = BigInt(Math.floor(Date.now() / 30_000));
	const code = generateHOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), step, 6);
	await kim.getByLabel('Code from the app').fill(code);
	await kim.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(kim.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();

	await kim.goto(`${origin}/practice`);
	await expect(kim.getByRole('heading', { level: 1, name: 'The week ahead' })).toBeVisible();
	await expect(kim.getByText('Alex & Sam')).toHaveCount(0);
	// A colleague is not an administrator.
	await expect(kim.getByRole('link', { name: 'Colleagues' })).toHaveCount(0);
	expect((await kim.goto(`${origin}/colleagues`))?.status()).toBe(404);

	// Colleagues never see each other's couples: the page, its data, and its actions.
	expect((await kim.goto(`${origin}/couples/${alexAndSam}`))?.status()).toBe(404);
	const data = await kim.request.get(`${origin}/couples/${alexAndSam}/__data.json`);
	const body = await data.text();
	expect(body).toContain('"status":404');
	expect(body).not.toContain('Alex');
	const action = await kim.request.post(`${origin}/couples/${alexAndSam}/edit`, {
		headers: { origin, accept: 'text/html' },
		form: { name: 'Taken over' }
	});
	expect(action.status()).toBe(404);
	const name = withDatabase(practice.database, (db) =>
		db.prepare('SELECT name FROM couples WHERE id = ?').pluck().get(alexAndSam)
	);
	expect(name).toBe('Alex & Sam');
});

test('deactivating a colleague ends their sessions at once and keeps everything they had', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const colleague = await newPage(browser);
	await signIn(colleague, origin, demo.otherTherapist.email);
	await expect(colleague).toHaveURL(`${origin}/practice`);

	await signIn(page, origin, demo.therapist.email);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/colleagues`);
	await page.getByRole('button', { name: `Deactivate ${demo.otherTherapist.name}` }).click();
	await expect(page.getByText('Deactivated. That account is signed out everywhere')).toBeVisible();
	await expect(page.getByText(/deactivated$/)).toBeVisible();
	await expectAccessible(page);

	await colleague.goto(`${origin}/couples`);
	await expect(colleague).toHaveURL(/\/sign-in/);
	await signIn(colleague, origin, demo.otherTherapist.email);
	await expect(colleague.getByRole('alert')).toHaveText(
		'That email and password do not match an account.'
	);
	const kept = withDatabase(practice.database, (db) =>
		db
			.prepare(
				`SELECT COUNT(*) FROM couples JOIN users ON users.id = couples.therapist_id WHERE users.email = ?`
			)
			.pluck()
			.get(demo.otherTherapist.email)
	);
	expect(kept).toBe(1);
});

test('handing over a couple moves access at once, and the partners see their new therapist', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const alexAndSam = coupleId(practice.database, 'Alex & Sam');

	await signIn(page, origin, demo.therapist.email);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/couples/${alexAndSam}`);
	await page.getByRole('link', { name: 'Hand over' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Hand over Alex & Sam' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Hand over Alex & Sam' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Choose the colleague who takes the couple over.'
	);
	await page.getByRole('radio', { name: demo.otherTherapist.name }).check();
	await page.getByRole('button', { name: 'Hand over Alex & Sam' }).click();
	await expect(page).toHaveURL(`${origin}/couples?handed-over`);
	await expect(page.getByRole('link', { name: 'Alex & Sam', exact: true })).toHaveCount(0);
	expect((await page.goto(`${origin}/couples/${alexAndSam}`))?.status()).toBe(404);

	const colleague = await newPage(browser);
	await signIn(colleague, origin, demo.otherTherapist.email);
	await expect(colleague).toHaveURL(`${origin}/practice`);
	await colleague.goto(`${origin}/couples`);
	await expect(colleague.getByRole('link', { name: 'Alex & Sam', exact: true })).toBeVisible();

	const alex = await (await browser.newContext({ viewport: PHONE })).newPage();
	await signIn(alex, origin, demo.alex.email);
	await expect(
		alex.getByText(`Your therapist is ${demo.otherTherapist.name}, working with you and Sam.`)
	).toBeVisible();

	const audit = withDatabase(practice.database, (db) =>
		db
			.prepare(
				`SELECT object_type, object_id FROM audit_log WHERE action = 'couple.hand-over' ORDER BY id`
			)
			.all()
	) as Array<{ object_type: string; object_id: string }>;
	expect(audit.map((row) => row.object_type)).toEqual(['couple', 'from-therapist', 'to-therapist']);
});

test('a supervisor reads a couple for a while, every read is shown to the therapist, nothing can be changed, and it ends by itself', async ({
	page,
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const alexAndSam = coupleId(practice.database, 'Alex & Sam');

	await signIn(page, origin, demo.therapist.email);
	await expect(page).toHaveURL(`${origin}/practice`);
	await page.goto(`${origin}/couples/${alexAndSam}`);
	await page.getByRole('main').getByRole('link', { name: 'Supervision' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Supervision of Alex & Sam' })
	).toBeVisible();
	await page.getByRole('radio', { name: demo.otherTherapist.name }).check();
	await page.getByLabel('For how many days').fill('14');
	await page.getByRole('button', { name: 'Share for supervision' }).click();
	await expect(page.getByText('Not opened yet.')).toBeVisible();
	await expectAccessible(page);

	const supervisor = await newPage(browser);
	await signIn(supervisor, origin, demo.otherTherapist.email);
	await expect(supervisor).toHaveURL(`${origin}/practice`);
	await supervisor.getByRole('link', { name: 'Supervision' }).click();
	await supervisor.getByRole('link', { name: 'Alex & Sam' }).click();
	await expect(supervisor.getByRole('heading', { level: 1, name: 'Alex & Sam' })).toBeVisible();
	await expect(supervisor.getByText('Read-only, for supervision.')).toBeVisible();
	await expectAccessible(supervisor);

	// Nothing can be changed: the supervision page takes no form, and the couple's own pages
	// and actions stay the treating therapist's alone.
	const post = await supervisor.request.post(`${origin}/supervision/${alexAndSam}`, {
		headers: { origin, accept: 'text/html' },
		form: { name: 'Changed' }
	});
	expect([404, 405]).toContain(post.status());
	const edit = await supervisor.request.post(`${origin}/couples/${alexAndSam}/edit`, {
		headers: { origin, accept: 'text/html' },
		form: { name: 'Changed' }
	});
	expect(edit.status()).toBe(404);
	expect((await supervisor.goto(`${origin}/couples/${alexAndSam}`))?.status()).toBe(404);

	// The treating therapist sees the read.
	await page.reload();
	await expect(page.getByText('Opened 1 time:')).toBeVisible();

	// Fifteen days on, the grant has ended by itself.
	practice.moveClock(15 * 24 * 60 * 60 * 1000);
	expect((await supervisor.goto(`${origin}/supervision/${alexAndSam}`))?.status()).toBe(404);
	await supervisor.goto(`${origin}/supervision`);
	await expect(
		supervisor.getByText('No couple is shared with you for supervision now.')
	).toBeVisible();
});
