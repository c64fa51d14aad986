import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { DEMO_PASSWORD, PHONE, demo } from './support/demo';
import { startPracticeWithMail, type PracticeWithMail } from './support/mail-sink';

// The practice administrator's parts of the record: how long closed records
// are kept (a practice policy) and the practice's sign-in events. Both are
// the administrator's alone; nothing about any couple is shown.

test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1280, height: 800 } });

let practice: PracticeWithMail | undefined;

test.afterEach(async () => {
	await practice?.stop();
	practice = undefined;
});

async function signIn(page: Page, origin: string, email: string) {
	await page.goto(`${origin}/sign-in`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(`${origin}/practice`);
}

function retentionYears(database: string): number | null {
	return withDatabase(database, (db) =>
		db.prepare('SELECT retention_years FROM practices').pluck().get()
	) as number | null;
}

function audited(database: string, action: string): number {
	return withDatabase(database, (db) =>
		db.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action)
	) as number;
}

/** A page and its CSV answer 404; its data answers SvelteKit's 404 in JSON. Nothing leaks. */
async function expectRefused(page: Page, origin: string, paths: string[]) {
	for (const path of paths) {
		const response = await page.request.get(`${origin}${path}`, {
			headers: { accept: 'text/html' }
		});
		const text = await response.text();
		if (path.endsWith('__data.json')) expect(text, path).toContain('"status":404');
		else expect(response.status(), path).toBe(404);
		for (const event of ['sign-in.success', 'sign-in.password', 'Download as CSV'])
			expect(text, path).not.toContain(event);
	}
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled });

		test('the administrator sets how long records are kept and reads the practice’s sign-ins', async ({
			page,
			browser
		}) => {
			practice = await startPracticeWithMail();
			const { origin } = practice.server;

			// A colleague signs in a moment before.
			const colleague = await (await browser.newContext()).newPage();
			await signIn(colleague, origin, demo.otherTherapist.email);

			await signIn(page, origin, demo.therapist.email);
			await page.goto(`${origin}/colleagues`);
			const field = page.getByLabel('Years a closed couple’s record is kept');
			await expect(field).toHaveValue('7');
			await field.fill('31');
			await page.getByRole('button', { name: 'Save policies' }).click();
			await expect(page.getByText('Choose between 1 and 30 years.')).toBeVisible();
			await expectAccessible(page);
			expect(retentionYears(practice.database)).toBeNull();

			await page.getByLabel('Years a closed couple’s record is kept').fill('10');
			await page.getByRole('button', { name: 'Save policies' }).click();
			await expect(page.getByText('Saved. The practice’s policies apply')).toBeVisible();
			await expect(page.getByLabel('Years a closed couple’s record is kept')).toHaveValue('10');
			expect(retentionYears(practice.database)).toBe(10);
			expect(audited(practice.database, 'practice.retention-change')).toBe(1);
			await expectAccessible(page);
			await page.screenshot({ path: test.info().outputPath('colleagues.png'), fullPage: true });

			await page.getByRole('link', { name: 'The practice’s sign-ins' }).click();
			await expect(
				page.getByRole('heading', { level: 1, name: 'The practice’s sign-ins' })
			).toBeVisible();
			const rows = page.locator('#sign-ins tbody tr');
			await expect(
				rows.filter({ hasText: demo.otherTherapist.name }).filter({ hasText: 'sign-in.success' })
			).not.toHaveCount(0);
			await expect(page.getByText('Alex & Sam')).toHaveCount(0);
			await expectAccessible(page);
			await page.screenshot({
				path: test.info().outputPath('sign-ins.png'),
				fullPage: true
			});

			// A reversed range gets a message beside the field, and no list.
			await page.getByLabel('From (first day)').fill('2026-12-02');
			await page.getByLabel('To (last day)').fill('2026-11-02');
			await page.getByRole('button', { name: 'Show' }).click();
			await expect(
				page.getByText('The last day is before the first: nothing falls between them.')
			).toBeVisible();
			await expect(rows).toHaveCount(0);
			await expectAccessible(page);

			// One colleague's events only.
			await page.getByLabel('From (first day)').fill('');
			await page.getByLabel('To (last day)').fill('');
			await page.getByLabel('Colleague').selectOption({ label: demo.otherTherapist.name });
			await page.getByRole('button', { name: 'Show' }).click();
			await expect(page).toHaveURL(/person=/);
			await expect(rows.first()).toContainText(demo.otherTherapist.name);
			await expect(rows.filter({ hasNotText: demo.otherTherapist.name })).toHaveCount(0);

			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('link', { name: 'Download as CSV' }).click()
			]);
			const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString(
				'utf8'
			);
			expect(csv.split('\r\n')[0]).toContain('"time (UTC)"');
			expect(csv).toContain(`"${demo.otherTherapist.name}","therapist","sign-in.success"`);
			expect(csv).not.toContain(demo.therapist.name);
			expect(csv).not.toContain('Alex');

			// Reading and downloading are themselves recorded.
			expect(audited(practice.database, 'audit.view')).toBeGreaterThanOrEqual(3);
			expect(audited(practice.database, 'audit.export')).toBe(1);
		});
	});
}

test('only the administrator reaches the sign-ins: a colleague and a partner get 404', async ({
	browser
}) => {
	practice = await startPracticeWithMail();
	const { origin } = practice.server;
	const paths = [
		'/colleagues/sign-ins',
		'/colleagues/sign-ins/__data.json',
		'/colleagues/sign-ins/sign-ins.csv'
	];

	const colleague = await (await browser.newContext()).newPage();
	await signIn(colleague, origin, demo.otherTherapist.email);
	await expectRefused(colleague, origin, paths);
	await colleague.goto(`${origin}/colleagues/sign-ins`);
	await expect(colleague.getByRole('heading', { level: 1 })).not.toHaveText(
		'The practice’s sign-ins'
	);
	await expectAccessible(colleague);

	const partner = await (await browser.newContext({ viewport: PHONE })).newPage();
	await partner.goto(`${origin}/sign-in`);
	await partner.getByLabel('Email address').fill(demo.alex.email);
	await partner.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await partner.getByRole('button', { name: 'Sign in' }).click();
	await expect(partner).toHaveURL(`${origin}${demo.alex.home}`);
	await expectRefused(partner, origin, paths);
	// Neither may set the practice's policies.
	for (const page of [colleague, partner]) {
		const response = await page.request.post(`${origin}/colleagues?/policies`, {
			form: { retentionYears: '1' },
			headers: { origin }
		});
		expect(response.status()).toBe(404);
	}
	expect(retentionYears(practice.database)).toBeNull();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the administrator sets the practice’s name and how long partners stay signed in', async ({
		page,
		browser
	}) => {
		practice = await startPracticeWithMail();
		const { origin } = practice.server;
		const stored = () =>
			withDatabase(practice!.database, (db) =>
				db.prepare('SELECT name, partner_keep_signed_in_days AS days FROM practices').get()
			);

		await signIn(page, origin, demo.therapist.email);
		await page.goto(`${origin}/colleagues`);
		const days = page.getByLabel('Days a partner’s “keep me signed in” lasts');
		const name = page.getByLabel('Practice name on messages');
		await expect(days).toHaveValue('30');
		await expect(name).toHaveValue('');
		await expect(name).toHaveAccessibleDescription(/partners.*inboxes.*not what it does/);

		// Each wrong value is named beside its field, and what was typed stays.
		await days.fill('45');
		await name.fill('Northside\u202Eecitcarp');
		await page.getByRole('button', { name: 'Save policies' }).click();
		await expect(page.getByText('Choose between 1 and 30 days.')).toBeVisible();
		await expect(
			page.getByText('Use letters, numbers and punctuation, on one line.')
		).toBeVisible();
		await expect(days).toHaveValue('45');
		await expectAccessible(page);
		expect(stored()).toEqual({ name: null, days: 30 });
		const tooLong = await page.request.post(`${origin}/colleagues?/policies`, {
			headers: { origin, accept: 'text/html' },
			form: { retentionYears: '7', partnerKeepSignedInDays: '3', practiceName: 'N'.repeat(81) }
		});
		expect(tooLong.status()).toBe(400);
		expect(await tooLong.text()).toContain('Use at most 80 characters.');

		await days.fill('3');
		await name.fill('  Northside Practice ');
		await page.getByRole('button', { name: 'Save policies' }).click();
		await expect(page.getByText('Saved. The practice’s policies apply')).toBeVisible();
		await expect(name).toHaveValue('Northside Practice');
		expect(stored()).toEqual({ name: 'Northside Practice', days: 3 });
		expect(audited(practice.database, 'practice.policies-change')).toBe(1);
		await page.screenshot({ path: 'test-results/practice-policies.png', fullPage: true });

		await page.goto(`${origin}/account`);
		await expect(page.getByTestId('sender-name')).toContainText('“Northside Practice”');
		await expectAccessible(page);

		// A partner who ticks "keep me signed in" is kept three days, not thirty.
		const phone = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
		const partner = await phone.newPage();
		await partner.goto(`${origin}/sign-in`);
		await partner.getByLabel('Email address').fill(demo.alex.email);
		await partner.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
		await partner.getByLabel('Keep me signed in on this device').check();
		await partner.getByRole('button', { name: 'Sign in' }).click();
		await expect(partner).toHaveURL(`${origin}${demo.alex.home}`);
		const cookie = (await phone.cookies()).find((c) => c.name === 'session');
		const daysLeft = ((cookie?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
		expect(daysLeft).toBeGreaterThan(2.9);
		expect(daysLeft).toBeLessThanOrEqual(3);
		await phone.close();
	});

	test('the administrator hands a deactivated colleague’s couples over, then reactivates them', async ({
		page,
		browser
	}) => {
		practice = await startPracticeWithMail();
		const { origin } = practice.server;
		const owner = () =>
			withDatabase(practice!.database, (db) =>
				db
					.prepare(
						'SELECT users.email FROM couples JOIN users ON users.id = couples.therapist_id WHERE couples.name = ?'
					)
					.pluck()
					.get('Jordan & Casey')
			);

		await signIn(page, origin, demo.therapist.email);
		await page.goto(`${origin}/colleagues`);
		await page.getByRole('button', { name: `Deactivate ${demo.otherTherapist.name}` }).click();
		await expect(page.getByText('Deactivated.')).toBeVisible();

		// No colleague chosen: said beside the field; nothing moves.
		const to = page.getByLabel(`Hand ${demo.otherTherapist.name}’s 1 couple over to`);
		await page.getByRole('button', { name: 'Hand the couples over' }).click();
		await expect(page.getByText('Choose who takes the couples over.')).toBeVisible();
		await expectAccessible(page);
		expect(owner()).toBe(demo.otherTherapist.email);

		await to.selectOption({ label: `${demo.therapist.name} (you)` });
		await page.getByRole('button', { name: 'Hand the couples over' }).click();
		await expect(page.getByText('Handed over.')).toBeVisible();
		expect(owner()).toBe(demo.therapist.email);
		expect(audited(practice.database, 'couple.hand-over')).toBe(3);

		await page.getByRole('button', { name: `Reactivate ${demo.otherTherapist.name}` }).click();
		await expect(page.getByText('Reactivated.')).toBeVisible();
		expect(audited(practice.database, 'colleague.reactivate')).toBe(1);
		await expectAccessible(page);

		// Back in, with no couple of theirs left.
		const colleague = await (await browser.newContext()).newPage();
		await signIn(colleague, origin, demo.otherTherapist.email);
		await colleague.goto(`${origin}/couples`);
		await expect(colleague.getByText('Jordan & Casey')).toHaveCount(0);
	});
});
