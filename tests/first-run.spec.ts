import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { servers } from '../playwright.config';

// One fresh installation, walked through in order: setup, then what it unlocks.
test.describe.configure({ mode: 'serial' });

const therapist = {
	name: 'Dr. Lee Okafor',
	email: 'Lee.Okafor@Example.com',
	password: 'quiet harbour lantern 7'
};
const newPassword = 'willow, copper & tide';

/** What an authenticator app shows now for the key on the setup page. */
function codeFor(keyText: string): string {
	const step = BigInt(Math.floor(Date.now() / 30_000));
	return generateHOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), step, 6);
}

let recoveryCodes: string[] = [];
function recoveryCode(): string {
	const code = recoveryCodes.shift();
	if (!code) throw new Error('no recovery code kept');
	return code;
}

test('an empty installation sends the first visitor to setup', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL('/setup');
	await expect(page.getByRole('heading', { level: 1, name: 'Set up Common Ground' })).toBeVisible();
	await expectAccessible(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('setup explains each problem beside its field and keeps what was typed', async ({
		page
	}) => {
		await page.goto('/setup');
		await page.getByLabel('Your name').fill(therapist.name);
		await page.getByLabel('Email address').fill('lee@nowhere');
		await page.getByLabel('Password', { exact: true }).fill('too short');
		await page.getByLabel('Password again').fill('something else');
		// Without JavaScript the time zone is a list of places by their everyday names.
		const zone = page.getByLabel('Your time zone');
		await expect(zone).toHaveValue('UTC');
		await zone.selectOption({ label: 'Tokyo time (Japan Standard Time)' });
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Create account' }).click()
		]);
		expect(response.status()).toBe(400);

		const email = page.getByLabel('Email address');
		await expect(email).toHaveValue('lee@nowhere');
		await expect(email).toHaveAttribute('aria-invalid', 'true');
		await expect(email).toHaveAccessibleDescription(/Enter an email address like name@example.com/);
		await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
			/at least 12 characters/i
		);
		await expect(page.getByLabel('Password again')).toHaveAccessibleDescription(
			/two passwords are different/
		);
		await expect(page.getByLabel('Your name')).toHaveValue(therapist.name);
		await expect(zone).toHaveValue('Asia/Tokyo');
		// Passwords are never sent back to the page.
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
		await expectAccessible(page);

		await page.getByLabel('Email address').fill(therapist.email);
		await page.getByLabel('Password', { exact: true }).fill('password1234');
		await page.getByLabel('Password again').fill('password1234');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
			/commonly used passwords/
		);
		await expect(page.getByLabel('Email address')).not.toHaveAttribute('aria-invalid', 'true');
	});
});

test.describe('on a computer set to New York time', () => {
	test.use({ timezoneId: 'America/New_York' });

	test('the first therapist account is created and signed in', async ({ page }) => {
		await page.goto('/setup');
		// The device's own zone is offered by name, in a hidden field; no list to scroll.
		await expect(page.getByText('New York time, from this device.')).toBeVisible();
		await expect(page.getByLabel('Your time zone')).toHaveCount(0);
		await page.getByLabel('Your name').fill(therapist.name);
		await page.getByLabel('Email address').fill(therapist.email);
		await page.getByLabel('Password', { exact: true }).fill(therapist.password);
		await page.getByLabel('Password again').fill(therapist.password);
		await page.getByRole('button', { name: 'Create account' }).click();

		// A new practice requires two-step sign-in: nothing else opens until it is set up.
		await expect(page).toHaveURL('/account/two-step?required');
		await expect(page.getByText('Your practice requires two-step sign-in')).toBeVisible();
		await page.goto('/couples');
		await expect(page).toHaveURL('/account/two-step?required');
		// The data of any other page is a redirect too.
		const couplesData = await page.request.get('/couples/__data.json');
		expect(await couplesData.json()).toEqual({
			type: 'redirect',
			location: '/account/two-step?required'
		});
		await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
		const keyText = (await page.getByTestId('two-step-key').textContent()) ?? '';
		await page.getByLabel('Code from the app').fill(codeFor(keyText));
		await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
		await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
		recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();

		await page.goto('/practice');
		await expect(page).toHaveURL('/practice');
		await expect(page.getByRole('heading', { level: 1, name: 'The week ahead' })).toBeVisible();
		// A new practice is shown what to do first, not three empty lists.
		const firstSteps = page.getByRole('region', { name: 'First steps' });
		await expect(firstSteps.getByRole('listitem')).toHaveCount(4);
		await expect(page.getByText('No sessions in the next seven days.')).toHaveCount(0);
		await expectAccessible(page);
		await firstSteps.getByRole('link', { name: 'Add a couple' }).click();
		await expect(page).toHaveURL('/couples/new');
		await page.goto('/practice');

		// The administrator may choose otherwise for the practice; then their own two-step can go.
		await page.getByRole('link', { name: 'Colleagues' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Colleagues' })).toBeVisible();
		await expectAccessible(page);
		await page.getByLabel('Therapists must sign in with two steps').uncheck();
		await page.getByRole('button', { name: 'Save policies' }).click();
		await expect(page.getByText('Saved. The practice’s policies apply')).toBeVisible();
		await page.goto('/account/two-step');
		await page.getByLabel('A code from your app, or a recovery code').fill(recoveryCode());
		await page.getByRole('button', { name: 'Turn it off' }).click();
		await expect(page.getByText('Two-step sign-in is off.').first()).toBeVisible();

		const audit = withDatabase(servers.firstRun.database, (db) =>
			db.prepare("SELECT action FROM audit_log WHERE action = 'setup.first-therapist'").all()
		);
		expect(audit).toHaveLength(1);
		const stored = withDatabase(
			servers.firstRun.database,
			(db) =>
				db.prepare('SELECT email, password_hash, time_zone FROM users').get() as {
					email: string;
					password_hash: string;
					time_zone: string;
				}
		);
		expect(stored.email).toBe('lee.okafor@example.com');
		expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(stored.time_zone).toBe('America/New_York');
	});
});

test('setup does not exist once a therapist does', async ({ page, request }) => {
	const response = await page.goto('/setup');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
	await expectAccessible(page);

	const post = await request.post('/setup', {
		headers: { origin: `http://localhost:${servers.firstRun.port}`, accept: 'text/html' },
		form: {
			displayName: 'Intruder',
			email: 'intruder@example.com',
			password: 'a long enough password',
			passwordAgain: 'a long enough password'
		}
	});
	expect(post.status()).toBe(404);
	const accounts = withDatabase(
		servers.firstRun.database,
		(db) => db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }
	);
	expect(accounts.n).toBe(1);
});

test('a password change keeps this device and signs out every other one', async ({ browser }) => {
	const laptop = await browser.newContext();
	const phone = await browser.newContext();
	const onLaptop = await laptop.newPage();
	const onPhone = await phone.newPage();
	for (const page of [onLaptop, onPhone]) {
		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill(therapist.email);
		await page.getByLabel('Password', { exact: true }).fill(therapist.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/practice');
	}

	await onLaptop.getByRole('link', { name: 'Account' }).click();
	await expectAccessible(onLaptop);
	await onLaptop.getByRole('link', { name: 'Change your password' }).click();
	await expect(
		onLaptop.getByRole('heading', { level: 1, name: 'Change your password' })
	).toBeVisible();
	await expectAccessible(onLaptop);

	await onLaptop.getByLabel('Current password').fill('not my password at all');
	await onLaptop.getByLabel('New password', { exact: true }).fill(newPassword);
	await onLaptop.getByLabel('New password again').fill(newPassword);
	await onLaptop.getByRole('button', { name: 'Change password' }).click();
	await expect(onLaptop.getByLabel('Current password')).toHaveAccessibleDescription(
		/not your current password/
	);

	await onLaptop.getByLabel('Current password').fill(therapist.password);
	await onLaptop.getByLabel('New password', { exact: true }).fill(newPassword);
	await onLaptop.getByLabel('New password again').fill(newPassword);
	await onLaptop.getByRole('button', { name: 'Change password' }).click();
	await expect(onLaptop.getByText('Your password was changed.')).toBeVisible();

	await onLaptop.goto('/practice');
	await expect(onLaptop).toHaveURL('/practice');
	await onPhone.goto('/practice');
	await expect(onPhone).toHaveURL(/\/sign-in/);

	await onPhone.getByLabel('Email address').fill(therapist.email);
	await onPhone.getByLabel('Password', { exact: true }).fill(therapist.password);
	await onPhone.getByRole('button', { name: 'Sign in' }).click();
	await expect(onPhone.getByRole('alert')).toContainText('do not match an account');
	await onPhone.getByLabel('Password', { exact: true }).fill(newPassword);
	await onPhone.getByRole('button', { name: 'Sign in' }).click();
	await expect(onPhone).toHaveURL('/practice');

	const actions = withDatabase(servers.firstRun.database, (db) =>
		db.prepare("SELECT action FROM audit_log WHERE action LIKE 'password.%' ORDER BY id").all()
	);
	expect(actions).toEqual([{ action: 'password.change-failure' }, { action: 'password.change' }]);
	await laptop.close();
	await phone.close();
});
