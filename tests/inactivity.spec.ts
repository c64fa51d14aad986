import { createHash } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { servers } from '../playwright.config';

/**
 * Moves this browser's session back in time in the server's database,
 * instead of waiting half an hour. The server stores only the token's SHA-256.
 */
async function ageSession(
	context: BrowserContext,
	change: { idleMinutes: number; signedInHoursAgo?: number }
): Promise<void> {
	const token = (await context.cookies()).find((cookie) => cookie.name === 'session')?.value;
	if (!token) throw new Error('This browser is not signed in.');
	const id = createHash('sha256').update(token).digest('hex');
	const now = Date.now();
	withDatabase(servers.demo.database, (db) => {
		const lastActive = new Date(now - change.idleMinutes * 60_000).toISOString();
		const update =
			change.signedInHoursAgo === undefined
				? db.prepare('UPDATE sessions SET last_active_at = ? WHERE id = ?').run(lastActive, id)
				: db
						.prepare('UPDATE sessions SET last_active_at = ?, created_at = ? WHERE id = ?')
						.run(lastActive, new Date(now - change.signedInHoursAgo * 3_600_000).toISOString(), id);
		if (update.changes !== 1) throw new Error('The session was not found in the database.');
	});
}

test('a therapist idle for 30 minutes is signed out and told why', async ({ page, context }) => {
	await signInAs(page, demo.therapist);
	await ageSession(context, { idleMinutes: 29 });
	await page.reload();
	await expect(page).toHaveURL('/practice');

	await ageSession(context, { idleMinutes: 31 });
	await page.reload();
	await expect(page).toHaveURL(/\/sign-in\?ended=inactivity/);
	await expect(page.getByRole('status')).toContainText(
		'signed out after 30 minutes without activity'
	);
	await expectAccessible(page);

	// Signing in again returns to the page they were on.
	await page.getByLabel('Email address').fill(demo.therapist.email);
	await page.getByLabel('Password', { exact: true }).fill('common-ground-demo');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL('/practice');
});

test('a therapist is signed out 12 hours after signing in, however active', async ({
	page,
	context
}) => {
	await signInAs(page, demo.otherTherapist);
	await ageSession(context, { idleMinutes: 1, signedInHoursAgo: 12 });
	await page.reload();
	await expect(page).toHaveURL(/\/sign-in\?ended=time-limit/);
	await expect(page.getByRole('status')).toContainText('signed in for 12 hours');
});

test.describe('a partner', () => {
	test.use({ viewport: PHONE });

	test('who chose to stay signed in on their own phone stays through a long pause', async ({
		page,
		context
	}) => {
		await signInAs(page, demo.jordan, undefined, { keepSignedIn: true });
		await ageSession(context, { idleMinutes: 6 * 60 });
		await page.reload();
		await expect(page).toHaveURL('/home');
		await expect(page.getByRole('heading', { level: 1, name: 'Hello, Jordan' })).toBeVisible();
	});

	test('who did not is signed out after 2 hours idle and told why', async ({ page, context }) => {
		await signInAs(page, demo.jordan);
		await ageSession(context, { idleMinutes: 119 });
		await page.reload();
		await expect(page).toHaveURL('/home');

		await ageSession(context, { idleMinutes: 121 });
		await page.reload();
		await expect(page).toHaveURL(/\/sign-in\?ended=idle/);
		await expect(page.getByRole('status')).toContainText(
			'signed out after 2 hours without activity'
		);
		await expectAccessible(page);
	});
});
