import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { demo, signInAs } from './support/demo';
import { withDatabase } from './support/database';
import { pageOn, seededPractice, startOwnServer } from './support/own-server';

// Assigning from the library chooses a couple from a list. A practice with
// more couples than one page of the couple list must still find each of
// them there: a couple left off the choice could not be given the worksheet
// this way at all. A database of the test's own holds the extra couples, so
// the shared demo's couple list stays as other tests expect it.

const EXTRA_COUPLES = 55;

test('a therapist with many couples can assign a library worksheet to the last of them', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const database = seededPractice('library-assign');
	const names = Array.from(
		{ length: EXTRA_COUPLES },
		(_, index) => `Zee Couple ${String(index + 1).padStart(2, '0')}`
	);
	const lastId = withDatabase(database, (db) => {
		const { id: therapistId } = db
			.prepare('SELECT id FROM users WHERE email = ?')
			.get(demo.therapist.email) as { id: string };
		const insert = db.prepare(
			'INSERT INTO couples (id, therapist_id, name, created_at, archived_at) VALUES (?, ?, ?, ?, ?)'
		);
		const now = new Date().toISOString();
		let last = '';
		for (const name of names) {
			last = randomBytes(10).toString('hex');
			insert.run(last, therapistId, name, now, null);
		}
		insert.run(randomBytes(10).toString('hex'), therapistId, 'Zee Archived', now, now);
		return last;
	});

	const server = await startOwnServer(database);
	try {
		const page = await pageOn(server, browser);
		await signInAs(page, demo.therapist);
		await page.goto('/library/assign?worksheet=reconnecting');
		const choices = await page.getByLabel('Couple').locator('option').allTextContents();
		// Every current couple, past the fifty a page of the couple list shows.
		for (const name of [...names, 'Alex & Sam']) expect(choices).toContain(name);
		expect(choices).not.toContain('Zee Archived');
		await expectAccessible(page);

		await page.getByLabel('Couple').selectOption({ label: names.at(-1)! });
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page).toHaveURL(`/couples/${lastId}/assignments/new?worksheet=reconnecting`);
		await expect(page.getByLabel('Worksheet')).toHaveValue('reconnecting');
		await page.context().close();
	} finally {
		server.process.kill('SIGTERM');
		await server.exited;
	}
});
