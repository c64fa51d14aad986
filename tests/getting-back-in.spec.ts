import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { withDatabase } from './support/database';
import { DEMO_PASSWORD, PHONE, demo, signInAs } from './support/demo';
import {
	expectGivesNothingAway,
	linkIn,
	startPracticeWithMail,
	type PracticeWithMail
} from './support/mail-sink';
import { runScript } from './support/own-server';

// Getting back in after forgetting a password: a link by mail from the
// sign-in page, a link a therapist gives a partner, and a link the operator
// prints. Each test has a practice of its own (its own server, database,
// SMTP sink and clock), since each changes a demo person's password.

test.describe.configure({ timeout: 180_000 });

const NEW_PASSWORD = 'a quiet harbour at first light';
const MINUTE = 60_000;
/** Mail goes through the outbox worker: allow it time on a busy machine. */
const MAIL_WAIT_MS = 60_000;

/** A browser of its own on the practice: a partner's phone or a therapist's laptop, with or without JavaScript. */
class Devices {
	private readonly contexts: BrowserContext[] = [];

	constructor(
		private readonly browser: Browser,
		private readonly practice: PracticeWithMail
	) {}

	async open(device: { phone: boolean; javaScript: boolean }): Promise<Page> {
		const context = await this.browser.newContext({
			baseURL: this.practice.server.origin,
			viewport: device.phone ? PHONE : { width: 1280, height: 800 },
			javaScriptEnabled: device.javaScript
		});
		this.contexts.push(context);
		const page = await context.newPage();
		if (!device.javaScript) trackNoScriptDocuments(page);
		return page;
	}

	async close(): Promise<void> {
		for (const context of this.contexts) await context.close();
	}
}

/** Runs a test on a practice of its own, stopped whatever happens. */
async function withPractice(
	browser: Browser,
	work: (practice: PracticeWithMail, devices: Devices) => Promise<void>
): Promise<void> {
	const practice = await startPracticeWithMail();
	const devices = new Devices(browser, practice);
	try {
		await work(practice, devices);
	} finally {
		await devices.close();
		await practice.stop();
	}
}

/** Asks for a link on /forgot-password, reached from the sign-in page, and returns the answer shown. */
async function askForLink(page: Page, email: string): Promise<string> {
	await page.goto('/sign-in');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(page).toHaveURL('/forgot-password');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Forgot your password?' })
	).toBeVisible();
	await page.getByLabel('Email address').fill(email);
	await page.getByRole('button', { name: 'Send me a link' }).click();
	await expect(page).toHaveURL('/forgot-password?asked');
	await expect(page.getByRole('status')).toContainText('If an account uses that address');
	return page.locator('main').innerText();
}

/** The path of the reset link in the newest mail to `email`, once `count` have arrived. */
async function mailedLink(practice: PracticeWithMail, email: string, count = 1): Promise<string> {
	const mail = await practice.sink.waitFor(email, count, MAIL_WAIT_MS);
	expect(mail.subject).toBe('Set a new password');
	expectGivesNothingAway(mail);
	const link = linkIn(mail, `${practice.server.origin}/reset-password/`);
	expect(link).toMatch(/\/reset-password\/[a-z2-7]{32}$/);
	return new URL(link).pathname;
}

/** Opens a reset link and sets a new password with it, arriving at sign-in. */
async function setPasswordWith(page: Page, link: string, password = NEW_PASSWORD): Promise<void> {
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('New password', { exact: true }).fill(password);
	await page.getByLabel('New password again').fill(password);
	await page.getByRole('button', { name: 'Set my new password' }).click();
	await expect(page).toHaveURL('/sign-in?password-reset');
	await expect(page.getByRole('status')).toHaveText(
		'Your new password is set, and this account is signed out everywhere. Sign in with the new password.'
	);
	await expectAccessible(page);
}

/** The old password is refused, and the new one signs in. */
async function signsInOnlyWithNewPassword(
	page: Page,
	person: { email: string; home: string }
): Promise<void> {
	await page.goto('/sign-in');
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'That email and password do not match an account.'
	);
	await signInAs(page, person, NEW_PASSWORD);
	await expectAccessible(page);
}

test('a partner who forgot their password gets a link by mail from the sign-in page and signs in with a new one', async ({
	browser
}) => {
	await withPractice(browser, async (practice, devices) => {
		// Sam is still signed in on a laptop somewhere: setting a new password ends that too.
		const laptop = await devices.open({ phone: false, javaScript: true });
		await signInAs(laptop, demo.sam);

		const phone = await devices.open({ phone: true, javaScript: true });
		await phone.goto('/sign-in');
		await expectAccessible(phone);
		await askForLink(phone, demo.sam.email);
		await expectAccessible(phone);

		const mail = await practice.sink.waitFor(demo.sam.email, 1, MAIL_WAIT_MS);
		// Neutral: nothing says what the app is for.
		expect(mail.fromName).toBe('Common Ground');
		expect(mail.text).toContain('The link works once, until');
		const link = await mailedLink(practice, demo.sam.email);

		await setPasswordWith(phone, link);
		await signsInOnlyWithNewPassword(phone, demo.sam);

		await laptop.goto('/home');
		await expect(laptop).toHaveURL(/\/sign-in/);
	});
});

test.describe('on a phone, without JavaScript', () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });

	test('a link that was used, or is more than 30 minutes old, is refused with a way to ask again', async ({
		browser
	}) => {
		await withPractice(browser, async (practice, devices) => {
			const page = await devices.open({ phone: true, javaScript: false });
			await askForLink(page, demo.sam.email);
			const first = await mailedLink(practice, demo.sam.email, 1);
			await setPasswordWith(page, first);

			// Used once: never again.
			await page.goto(first);
			await expect(
				page.getByRole('heading', { level: 1, name: 'This link has already been used' })
			).toBeVisible();
			await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
			await expectAccessible(page);
			await page.getByRole('link', { name: 'Ask for a new link' }).click();
			await expect(page).toHaveURL('/forgot-password');
			await expectAccessible(page);

			// A new link, opened 31 minutes on by the server's clock.
			await askForLink(page, demo.sam.email);
			const second = await mailedLink(practice, demo.sam.email, 2);
			practice.moveClock(31 * MINUTE);
			await page.goto(second);
			await expect(
				page.getByRole('heading', { level: 1, name: 'This link has expired' })
			).toBeVisible();
			await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
			await expectAccessible(page);
			// Posting to it anyway changes nothing.
			const posted = await page.request.post(second, {
				form: { newPassword: 'yet another passphrase', newPasswordAgain: 'yet another passphrase' },
				headers: { Origin: practice.server.origin, Accept: 'text/html' },
				maxRedirects: 0
			});
			expect(posted.status()).toBe(303);
			await signInAs(page, demo.sam, NEW_PASSWORD);
		});
	});

	test('an address without an account gets the same answer, and no mail', async ({ browser }) => {
		await withPractice(browser, async (practice, devices) => {
			const page = await devices.open({ phone: true, javaScript: false });
			const nobody = 'nobody@example.com';
			const unknownAnswer = await askForLink(page, nobody);
			await expectAccessible(page);
			const knownAnswer = await askForLink(page, demo.sam.email);
			expect(unknownAnswer).toBe(knownAnswer);

			// Asking too often for one address is held back, with or without an account.
			for (let asked = 1; asked < 3; asked++) await askForLink(page, nobody);
			await page.goto('/forgot-password');
			await page.getByLabel('Email address').fill(nobody);
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				page.getByRole('button', { name: 'Send me a link' }).click()
			]);
			expect(response.status()).toBe(429);
			expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
			await expect(
				page.getByText(/Too many requests for a link\. Wait \d+ minutes?/)
			).toBeVisible();
			await expect(page.getByLabel('Email address')).toHaveValue(nobody);
			await expectAccessible(page);

			// Sam's mail arrives, so the sink works; none went to the address without an account.
			await mailedLink(practice, demo.sam.email);
			expect(practice.sink.to(nobody)).toEqual([]);
			const queued = withDatabase(practice.database, (db) =>
				db.prepare('SELECT count(*) FROM outbox WHERE to_address = ?').pluck().get(nobody)
			);
			expect(queued).toBe(0);
		});
	});

	test('a therapist gives a partner a reset link, and the partner sets a password with it', async ({
		browser
	}) => {
		await withPractice(browser, async (practice, devices) => {
			const samsLaptop = await devices.open({ phone: false, javaScript: true });
			await signInAs(samsLaptop, demo.sam);

			const therapist = await devices.open({ phone: false, javaScript: true });
			await signInAs(therapist, demo.therapist);
			await therapist.getByRole('link', { name: 'Couples', exact: true }).click();
			await therapist.getByRole('link', { name: 'Alex & Sam', exact: true }).click();
			await expect(therapist.getByRole('heading', { level: 1, name: 'Alex & Sam' })).toBeVisible();
			await expectAccessible(therapist);
			await therapist.getByRole('button', { name: 'Give a reset link for Sam' }).click();
			const field = therapist.getByLabel('Reset link for Sam');
			await expect(field).toHaveValue(
				new RegExp(`^${practice.server.origin}/reset-password/[a-z2-7]{32}$`)
			);
			await expect(therapist.getByText(/It works once, until/)).toBeVisible();
			await expectAccessible(therapist);
			const link = new URL(await field.inputValue()).pathname;

			// Shown once: the page does not show it again.
			await therapist.reload();
			await expect(therapist.getByLabel('Reset link for Sam')).toHaveCount(0);
			const stored = withDatabase(practice.database, (db) =>
				db
					.prepare(
						`SELECT r.token_hash, r.created_by = t.id AS byTherapist, r.expires_at FROM password_resets r
						 JOIN users t ON t.email = 'therapist@example.com'`
					)
					.all()
			) as { token_hash: string; byTherapist: number }[];
			expect(stored).toHaveLength(1);
			expect(stored[0]!.byTherapist).toBe(1);
			expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
			expect(link).not.toContain(stored[0]!.token_hash);

			const phone = await devices.open({ phone: true, javaScript: false });
			// A password that breaks the rules is refused beside its field.
			await phone.goto(link);
			await phone.getByLabel('New password', { exact: true }).fill('too short');
			await phone.getByLabel('New password again').fill('too short');
			await phone.getByRole('button', { name: 'Set my new password' }).click();
			await expect(phone.getByText('Use at least 12 characters.', { exact: false })).toBeVisible();
			await expectAccessible(phone);

			await setPasswordWith(phone, link);
			await signsInOnlyWithNewPassword(phone, demo.sam);
			const overflow = await phone.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);

			await samsLaptop.goto('/home');
			await expect(samsLaptop).toHaveURL(/\/sign-in/);
		});
	});

	test('npm run reset-password prints a link that works, and says so when no account has the address', async ({
		browser
	}) => {
		await withPractice(browser, async (practice, devices) => {
			const env = { ORIGIN: practice.server.origin };
			const unknown = runScript('reset-password', ['nobody@example.com'], practice.database, env);
			expect(unknown.status).toBe(1);
			expect(unknown.stderr.trim()).toBe('No account has the address nobody@example.com.');
			expect(unknown.stdout).toBe('');

			const printed = runScript('reset-password', [demo.therapist.email], practice.database, env);
			expect(printed.status, printed.stderr).toBe(0);
			const link = printed.stdout
				.split('\n')
				.find((line) => line.startsWith(`${practice.server.origin}/reset-password/`));
			expect(link, printed.stdout).toMatch(/\/reset-password\/[a-z2-7]{32}$/);

			const laptop = await devices.open({ phone: false, javaScript: false });
			await setPasswordWith(laptop, new URL(link!).pathname);
			await signsInOnlyWithNewPassword(laptop, demo.therapist);

			const audited = withDatabase(practice.database, (db) =>
				db
					.prepare("SELECT action FROM audit_log WHERE action LIKE 'password.reset%' ORDER BY id")
					.pluck()
					.all()
			);
			expect(audited).toEqual(['password.reset-operator', 'password.reset']);
		});
	});
});
