import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { DEMO_PASSWORD, PHONE, demo, signInAs } from './support/demo';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { stopLocalServer } from '../scripts/local-server';
import { servers } from '../playwright.config';
import { openDatabase } from '../src/lib/server/database/open';
import type { ChosenKind } from '../src/lib/server/mail/kinds';
import { unsubscribeToken } from '../src/lib/server/mail/unsubscribe-links';

// Choosing which mail one gets, the way out of a kind from the mail itself,
// and confirming an address. Nothing here waits for mail to arrive: the
// links are made from the server's own database, as its mail would carry them.

const REMINDERS = 'A reminder the day before something is due, never at night';
const FEEDBACK = 'When your therapist writes to you about something you handed in';

function userId(database: string, email: string): string {
	return withDatabase(
		database,
		(db) => db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as string
	);
}

function wanted(database: string, email: string, kind: ChosenKind): number | undefined {
	return withDatabase(
		database,
		(db) =>
			db
				.prepare(
					'SELECT wanted FROM mail_choices WHERE kind = ? AND user_id = (SELECT id FROM users WHERE email = ?)'
				)
				.pluck()
				.get(kind, email) as number | undefined
	);
}

test.describe('a partner on their phone, without JavaScript', () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });

	test('turns reminders off on /account and finds the choice kept', async ({ page }) => {
		await signInAs(page, demo.casey);
		await page.getByRole('link', { name: 'Account' }).click();
		await expect(page).toHaveURL('/account');
		await expectAccessible(page);

		const choices = page.getByRole('group', { name: 'Send me a message' });
		// A partner chooses among the partners' kinds only, each on by default.
		await expect(choices.getByRole('checkbox')).toHaveCount(4);
		await expect(choices.getByRole('checkbox', { name: REMINDERS })).toBeChecked();
		await expect(page.getByText(/set a new password always go/)).toBeVisible();
		await expect(page.getByText(/Each morning at 07:00/)).toHaveCount(0);

		await choices.getByRole('checkbox', { name: REMINDERS }).uncheck();
		await page.getByRole('button', { name: 'Save message choices' }).click();
		await expect(page).toHaveURL('/account?saved=mail');
		await expect(page.getByRole('status')).toContainText('You will get the messages you ticked');
		await expectAccessible(page);

		await page.goto('/account');
		await expect(choices.getByRole('checkbox', { name: REMINDERS })).not.toBeChecked();
		await expect(choices.getByRole('checkbox', { name: FEEDBACK })).toBeChecked();
		expect(wanted(servers.demo.database, demo.casey.email, 'reminder')).toBe(0);

		// Put it back for other tests.
		await choices.getByRole('checkbox', { name: REMINDERS }).check();
		await page.getByRole('button', { name: 'Save message choices' }).click();
		await expect(page).toHaveURL('/account?saved=mail');
		expect(wanted(servers.demo.database, demo.casey.email, 'reminder')).toBe(1);
	});
});

test.describe('a therapist at their desk, without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('reads the practice name their mail is sent under, and chooses their own kinds', async ({
		page
	}) => {
		await signInAs(page, demo.otherTherapist);
		await page.goto('/account');
		await expectAccessible(page);
		// The practice's name is a practice policy: a colleague reads it here and cannot change it.
		await expect(page.getByTestId('sender-name')).toContainText(
			'The practice’s administrator sets it.'
		);
		await expect(page.getByLabel('Send messages under the name')).toHaveCount(0);
		// A therapist's own kinds: the alert on, the daily digest off until asked for.
		const choices = page.getByRole('group', { name: 'Send me a message' });
		await expect(choices.getByRole('checkbox')).toHaveCount(2);
		await expect(choices.getByRole('checkbox', { name: /concerning answer/ })).toBeChecked();
		await expect(choices.getByRole('checkbox', { name: /Each morning/ })).not.toBeChecked();
		// The old per-therapist setting is gone.
		const old = await page.request.post('/account?/practiceName', {
			headers: { origin: `http://localhost:${servers.demo.port}`, accept: 'text/html' },
			form: { practiceName: 'Mine' }
		});
		expect(old.status()).toBe(404);
	});
});

test.describe('links from mail, on a practice of their own', () => {
	test.describe.configure({ mode: 'serial', timeout: 120_000 });

	let server: OwnServer;
	let folder: string;
	let database: string;

	test.beforeAll(async () => {
		folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'mail-links-'));
		database = path.join(folder, 'practice.db');
		seedDemo(database);
		server = await startOwnServer(database);
	});

	test.afterAll(async () => {
		if (server) await stopLocalServer(server);
		fs.rmSync(folder, { recursive: true, force: true });
	});

	/** The link a mail of this kind would carry for this person, signed with the server's key. */
	async function unsubscribeLink(email: string, kind: ChosenKind): Promise<string> {
		const { db } = openDatabase(database);
		try {
			return `/unsubscribe/${await unsubscribeToken(db, userId(database, email), kind)}`;
		} finally {
			await db.destroy();
		}
	}

	async function phone(browser: Browser): Promise<Page> {
		return (await browser.newContext({ baseURL: server.origin, viewport: PHONE })).newPage();
	}

	test('an unsubscribe link shows what it stops, and its button stops it without signing in', async ({
		browser
	}) => {
		const link = await unsubscribeLink(demo.alex.email, 'feedback');
		const page = await phone(browser);
		const opened = await page.goto(link);
		expect(opened?.status()).toBe(200);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Stop these messages?' })
		).toBeVisible();
		await expect(page.getByText(FEEDBACK)).toBeVisible();
		await expectAccessible(page);
		// Opening the link, as a mail scanner does, changes nothing.
		expect(wanted(database, demo.alex.email, 'feedback')).toBeUndefined();

		await page.getByRole('button', { name: 'Stop these messages' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'These messages are stopped' })
		).toBeVisible();
		await expectAccessible(page);
		expect(wanted(database, demo.alex.email, 'feedback')).toBe(0);
		expect(wanted(database, demo.alex.email, 'reminder')).toBeUndefined();
		const audit = withDatabase(database, (db) =>
			db
				.prepare(
					"SELECT user_id, object_id FROM audit_log WHERE action = 'mail-choices.unsubscribe'"
				)
				.all()
		);
		expect(audit).toEqual([{ user_id: userId(database, demo.alex.email), object_id: 'feedback' }]);

		// The way back: the account page, after signing in.
		await page.getByRole('link', { name: 'your account' }).click();
		await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);
		await page.getByLabel('Email address').fill(demo.alex.email);
		await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/account');
		await expect(
			page
				.getByRole('group', { name: 'Send me a message' })
				.getByRole('checkbox', { name: FEEDBACK })
		).not.toBeChecked();
		await page.context().close();
	});

	test('a forged or altered unsubscribe link gets a page saying it does not work', async ({
		browser,
		playwright
	}) => {
		const link = await unsubscribeLink(demo.sam.email, 'reminder');
		const [payload, signature] = link.replace('/unsubscribe/', '').split('.') as [string, string];
		const otherKind = Buffer.from(`${userId(database, demo.sam.email)}:feedback`).toString(
			'base64url'
		);
		const page = await phone(browser);
		for (const forged of [
			`/unsubscribe/${otherKind}.${signature}`,
			`/unsubscribe/${payload}.${signature.slice(0, -2)}AA`,
			'/unsubscribe/nothing-like-a-token'
		]) {
			const response = await page.goto(forged);
			expect(response?.status(), forged).toBe(404);
			await expect(
				page.getByRole('heading', { level: 1, name: 'This link does not work' })
			).toBeVisible();
		}
		await expectAccessible(page);
		await page.context().close();

		const provider = await playwright.request.newContext();
		const posted = await provider.post(`${server.origin}/unsubscribe/${otherKind}.${signature}`, {
			form: { 'List-Unsubscribe': 'One-Click' }
		});
		expect(posted.status()).toBe(404);
		await provider.dispose();
		expect(wanted(database, demo.sam.email, 'feedback')).toBeUndefined();
	});

	test('a mail provider’s one-click request, with no Origin, unsubscribes and gets 200', async ({
		playwright
	}) => {
		// A mail provider's servers: no cookies, no browser, no Origin header.
		const provider: APIRequestContext = await playwright.request.newContext();
		try {
			const reminders = await provider.post(
				`${server.origin}${await unsubscribeLink(demo.jordan.email, 'reminder')}`,
				{ form: { 'List-Unsubscribe': 'One-Click' } }
			);
			expect(reminders.status()).toBe(200);
			expect(wanted(database, demo.jordan.email, 'reminder')).toBe(0);

			const alerts = await provider.post(
				`${server.origin}${await unsubscribeLink(demo.therapist.email, 'urgent-alert')}`,
				{ multipart: { 'List-Unsubscribe': 'One-Click' } }
			);
			expect(alerts.status()).toBe(200);
			expect(wanted(database, demo.therapist.email, 'urgent-alert')).toBe(0);

			// Any other form from nowhere, or from another site, is still refused.
			const signIn = await provider.post(`${server.origin}/sign-in`, {
				form: { email: demo.jordan.email, password: 'anything at all' }
			});
			expect(signIn.status()).toBe(403);
			expect(await signIn.text()).toBe('Cross-site POST form submissions are forbidden');
			const crossSite = await provider.post(`${server.origin}/account?/mailChoices`, {
				headers: { origin: 'https://evil.example', accept: 'text/html' },
				form: { 'wants-reminder': 'yes' }
			});
			expect(crossSite.status()).toBe(403);
			const confirm = await provider.post(`${server.origin}/confirm-address/abc`, {
				form: { 'List-Unsubscribe': 'One-Click' }
			});
			expect(confirm.status()).toBe(403);
		} finally {
			await provider.dispose();
		}
	});

	test('a partner whose address is not confirmed asks for the link again, then confirms it', async ({
		browser
	}) => {
		withDatabase(database, (db) =>
			db.prepare('UPDATE users SET email_confirmed_at = NULL WHERE email = ?').run(demo.sam.email)
		);
		const page = await phone(browser);
		await signInAs(page, demo.sam);
		await page.goto('/account');
		await expect(page.getByText('sam@example.com is not confirmed yet.')).toBeVisible();
		await expectAccessible(page);

		await page.getByRole('button', { name: 'Send the confirmation link again' }).click();
		await expect(page).toHaveURL('/account?saved=link-sent');
		await expect(page.getByRole('status')).toContainText('A new confirmation link is on its way');
		// Again at once: not another mail, and a clear word on when.
		await page.getByRole('button', { name: 'Send the confirmation link again' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'A link was sent a moment ago. Check your inbox (and its spam folder), or ask again in 5 minutes.'
		);
		await expectAccessible(page);

		// The one mail that may go to an address not yet confirmed, waiting in the outbox.
		const queued = withDatabase(
			database,
			(db) =>
				db
					.prepare("SELECT body FROM outbox WHERE kind = 'address-confirmation' AND to_address = ?")
					.pluck()
					.all(demo.sam.email) as string[]
		);
		expect(queued).toHaveLength(1);
		const link = queued[0]!.match(/http\S+\/confirm-address\/[a-z2-7]{32}/)?.[0];
		expect(link, queued[0]).toBeDefined();
		const confirmedAt = () =>
			withDatabase(database, (db) =>
				db
					.prepare('SELECT email_confirmed_at FROM users WHERE email = ?')
					.pluck()
					.get(demo.sam.email)
			);

		await page.goto(new URL(link!).pathname);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Confirm your email address' })
		).toBeVisible();
		await expectAccessible(page);
		// Opening it, as a mail scanner would, confirms nothing.
		expect(confirmedAt()).toBeNull();
		await page.getByRole('button', { name: 'Confirm this address' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Your address is confirmed' })
		).toBeVisible();
		await expectAccessible(page);
		expect(confirmedAt()).not.toBeNull();

		await page.getByRole('link', { name: 'Go to your account' }).click();
		await expect(page.getByText('sam@example.com is confirmed')).toBeVisible();
		await expect(
			page.getByRole('button', { name: 'Send the confirmation link again' })
		).toHaveCount(0);

		// Each link works once.
		await page.goto(new URL(link!).pathname);
		await expect(
			page.getByRole('heading', { level: 1, name: 'This link has already been used' })
		).toBeVisible();
		await expectAccessible(page);
		await page.context().close();
	});
});
