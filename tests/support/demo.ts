import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'common-ground-demo';

export const demo = {
	therapist: { email: 'therapist@example.com', name: 'Dr. Morgan Reyes', home: '/practice' },
	otherTherapist: {
		email: 'therapist2@example.com',
		name: 'Dr. Priya Natarajan',
		home: '/practice'
	},
	alex: { email: 'alex@example.com', name: 'Alex', home: '/home' },
	sam: { email: 'sam@example.com', name: 'Sam', home: '/home' },
	jordan: { email: 'jordan@example.com', name: 'Jordan', home: '/home' },
	casey: { email: 'casey@example.com', name: 'Casey', home: '/home' }
} as const;

/** Partners use the app on their phones: their tests run at this size. */
export const PHONE = { width: 360, height: 740 };

/** Signs in through the form, as a person would, and waits for their home. */
export async function signInAs(
	page: Page,
	person: { email: string; home: string },
	password = DEMO_PASSWORD,
	options: { keepSignedIn?: boolean } = {}
): Promise<void> {
	await page.goto('/sign-in');
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	if (options.keepSignedIn) await page.getByLabel('Keep me signed in on this device').check();
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(person.home);
}
