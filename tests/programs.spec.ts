import type { Browser, BrowserContextOptions } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, PHONE, demo, signInAs } from './support/demo';
import { withDatabase } from './support/database';
import { pageOn, seededPractice, startOwnServer, type OwnServer } from './support/own-server';

// A therapist's own programs, on a demo practice of this file's own: the
// demo couples change program here, which the shared demo must not see.

test.describe.configure({ mode: 'serial' });

let server: OwnServer;
let database: string;

test.beforeAll(async () => {
	database = seededPractice('programs');
	server = await startOwnServer(database);
});

test.afterAll(async () => {
	server.process.kill('SIGTERM');
	await server.exited;
});

const pageIn = (browser: Browser, options: BrowserContextOptions = {}) =>
	pageOn(server, browser, options);

const coupleId = (name: string) =>
	withDatabase(
		database,
		(db) => (db.prepare('SELECT id FROM couples WHERE name = ?').get(name) as { id: string }).id
	);

test('a program of three steps, made without JavaScript, is set for a couple and followed on the progress page and the partner’s home', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const page = await pageIn(browser, {
		javaScriptEnabled: false,
		viewport: { width: 1280, height: 900 }
	});
	await signInAs(page, demo.therapist);
	await page.goto('/library');
	await page.getByRole('link', { name: 'Your programs' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
	await expectAccessible(page);

	// A title is needed; the choice made stays.
	await page.getByLabel('An empty program').check();
	await page.getByRole('button', { name: 'Make the program' }).click();
	await expect(page.locator('#field-title-problem')).toContainText('Give the program a title.');
	await expect(page.getByLabel('An empty program')).toBeChecked();
	await expectAccessible(page);
	await page.getByLabel('Title').fill('Trust first');
	await page.getByRole('button', { name: 'Make the program' }).click();
	await expect(page).toHaveURL(/\/library\/programs\/\w+\?created$/);
	await expect(page.getByText('No steps yet.')).toBeVisible();

	// Each press goes to the server and comes back with everything typed.
	await page.getByRole('button', { name: 'Add a step' }).click();
	await page.getByLabel('Title of step 1').fill('Set goals');
	await page
		.getByRole('group', { name: 'Worksheets of step 1' })
		.getByLabel('New goals, together')
		.check();
	await page.getByRole('button', { name: 'Add a step' }).click();
	await expect(page.getByLabel('Title of step 1')).toHaveValue('Set goals');
	await expect(
		page.getByRole('group', { name: 'Worksheets of step 1' }).getByLabel('New goals, together')
	).toBeChecked();
	await page.getByLabel('Title of step 2').fill('Name the hurt');
	await page.getByLabel('Summary of step 2').fill('Each of you owns your part, in plain words.');
	await page
		.getByRole('group', { name: 'Worksheets of step 2' })
		.getByLabel('Owning my part')
		.check();
	await page.getByRole('button', { name: 'Add a step' }).click();
	await page
		.getByRole('group', { name: 'Worksheets of step 3' })
		.getByLabel('The issues underneath')
		.check();
	// Saving with a step untitled: a message beside it, nothing lost.
	await page.getByRole('button', { name: 'Save program' }).click();
	await expect(page.locator('#field-step-2-title-problem')).toContainText('Give the step a title.');
	await expect(page.getByLabel('Summary of step 2')).toHaveValue(
		'Each of you owns your part, in plain words.'
	);
	await expectAccessible(page);
	await page.getByLabel('Title of step 3').fill('Look deeper');
	// Goals last: moved down twice.
	await page.getByRole('button', { name: 'Move step 1 down' }).click();
	await page.getByRole('button', { name: 'Move step 2 down' }).click();
	await expect(page.getByLabel('Title of step 1')).toHaveValue('Name the hurt');
	await expect(page.getByLabel('Title of step 3')).toHaveValue('Set goals');
	await page.getByRole('button', { name: 'Save program' }).click();
	await expect(page).toHaveURL(/\?saved$/);
	await expect(page.getByRole('status')).toHaveText('Program saved.');
	await expect(page.getByLabel('Title of step 2')).toHaveValue('Look deeper');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/program-1280.png', fullPage: true });

	// Chosen for Alex & Sam on the couple's edit page.
	const alexAndSam = coupleId('Alex & Sam');
	await page.goto(`/couples/${alexAndSam}/edit`);
	await expect(page.getByLabel('Program')).toHaveValue('builtin');
	await page.getByLabel('Program').selectOption({ label: 'Trust first' });
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page).toHaveURL(`/couples/${alexAndSam}`);
	await expect(page.locator('.program-line')).toContainText('Program: Trust first.');

	// The picker offers the program's steps; the goals worksheet goes under step 3.
	await page.getByRole('link', { name: 'Assign homework' }).click();
	await expect(page.locator('optgroup[label="Step 3: Set goals"] option')).toHaveText([
		'New goals, together'
	]);
	await page.getByLabel('Worksheet').selectOption('relationship-goals');
	await page.getByLabel('Due date').fill('2031-05-01');
	await page.getByRole('button', { name: 'Assign' }).click();
	await expect(page).toHaveURL(`/couples/${alexAndSam}#homework-heading`);
	await expect(page.locator('.program-line')).toContainText('Current step: 3. Set goals.');

	// The progress page follows the program; earlier homework keeps its built-in step.
	await page.goto(`/couples/${alexAndSam}/progress`);
	const steps = page.getByRole('table', { name: /For each step and partner/ });
	await expect(steps.locator('tbody th')).toContainText([
		'1. Name the hurt',
		'2. Look deeper',
		'3. Set goals'
	]);
	await expect(steps.locator('tbody tr').nth(2)).toContainText('Assigned');
	await expect(steps.locator('tbody tr').nth(0)).toContainText('Not assigned');
	await expect(steps.locator('tbody th').nth(3)).toContainText('(from an earlier program)');
	await expectAccessible(page);

	// Alex's home, on a phone, names the program's step.
	const alex = await pageIn(browser, { viewport: PHONE, javaScriptEnabled: false });
	await signInAs(alex, demo.alex);
	await expect(alex.getByText('Step 3: Set goals')).toBeVisible();
	await expectAccessible(alex);
	await alex.getByRole('link', { name: 'New goals, together' }).click();
	await expect(alex.getByText('Step 3: Set goals')).toBeVisible();
	await expectAccessible(alex);
	await alex.screenshot({ path: 'test-results/program-partner-home-360.png', fullPage: true });

	// In use, it cannot be deleted: only archived, and the couple keeps following it.
	await page.goto('/library/programs');
	await page.getByRole('link', { name: 'Trust first' }).click();
	await expect(page.getByRole('button', { name: 'Delete the program' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Remove step 3' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Archive the program' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Archived');
	await page.goto(`/couples/${alexAndSam}/progress`);
	await expect(steps.locator('tbody th').first()).toContainText('1. Name the hurt');
});

test('a therapist copies the built-in program and adapts it, leaving the built-in as it was', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await pageIn(browser, { viewport: { width: 390, height: 844 } });
	await signInAs(page, demo.therapist);
	await page.goto('/library/programs');
	await page.getByLabel('Title').fill('Ten steps, my way');
	await page.getByLabel('A copy of the built-in ten steps').check();
	await page.getByRole('button', { name: 'Make the program' }).click();
	await expect(page).toHaveURL(/\?created$/);
	await expect(page.getByLabel('Title of step 10')).toHaveValue('Prepare for all outcomes');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/program-copy-390.png', fullPage: true });

	await page.getByLabel('Title of step 1', { exact: true }).fill('Look back, together');
	await page.getByRole('button', { name: 'Remove step 10' }).click();
	await expect(page.getByLabel('Title of step 10')).toHaveCount(0);
	await expect(page.getByLabel('Title of step 1', { exact: true })).toHaveValue(
		'Look back, together'
	);
	await page.getByRole('button', { name: 'Move step 2 up' }).click();
	await expect(page.getByLabel('Title of step 1', { exact: true })).toHaveValue(
		'Allow for emotional space'
	);
	await page.getByRole('button', { name: 'Save program' }).click();
	await expect(page).toHaveURL(/\?saved$/);
	await expect(page.getByLabel('Title of step 2')).toHaveValue('Look back, together');
	await expect(page.getByLabel('Title of step 9')).toHaveValue('Consider couples therapy');
	await expectAccessible(page);

	await page.goto('/library/programs');
	await expect(page.getByRole('listitem').filter({ hasText: 'Ten steps, my way' })).toContainText(
		'9 steps'
	);
	await page.goto('/library');
	await expect(page.locator('#step-1 h2')).toContainText('Evaluate the reasons for the breakup');
	await expect(page.locator('#step-10')).toBeVisible();
});

test('another therapist and the partners are refused every program page and action', async ({
	playwright
}) => {
	test.setTimeout(120_000);
	const programId = withDatabase(
		database,
		(db) =>
			(
				db.prepare("SELECT id FROM programs WHERE title = 'Ten steps, my way'").get() as {
					id: string;
				}
			).id
	);
	const before = withDatabase(database, (db) => ({
		programs: db.prepare('SELECT * FROM programs ORDER BY id').all(),
		steps: db.prepare('SELECT * FROM program_steps ORDER BY id').all()
	}));
	const origin = server.origin;
	for (const person of [demo.otherTherapist, demo.alex, demo.jordan]) {
		const request = await playwright.request.newContext({ baseURL: origin });
		const signIn = await request.post('/sign-in', {
			headers: { origin, accept: 'text/html' },
			form: { email: person.email, password: DEMO_PASSWORD },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(303);
		const page = `/library/programs/${programId}`;
		expect((await request.get(page, { headers: { accept: 'text/html' } })).status()).toBe(404);
		const data = await (await request.get(`${page}/__data.json`)).text();
		expect(data).toContain('"status":404');
		expect(data).not.toContain('my way');
		for (const action of ['save', 'archive', 'restore', 'delete']) {
			const response = await request.post(`${page}?/${action}`, {
				headers: { origin, accept: 'text/html' },
				form: { intent: 'save', stepCount: '0', title: 'Taken' }
			});
			expect(response.status(), `${person.email} ${action}`).toBe(404);
		}
		// The list is a therapist's own: the other therapist sees none of these.
		const list = await request.get('/library/programs', { headers: { accept: 'text/html' } });
		if (person === demo.otherTherapist) {
			expect(list.status()).toBe(200);
			expect(await list.text()).not.toContain('my way');
			// Nor can they set it for a couple of their own.
			const theirs = coupleId('Jordan & Casey');
			const edit = await request.post(`/couples/${theirs}/edit`, {
				headers: { origin, accept: 'text/html' },
				form: {
					name: 'Jordan & Casey',
					partner1: 'Jordan',
					partner2: 'Casey',
					secretsPolicy: 'no-secrets',
					policyText: 'Policy.',
					screeningOn: 'yes',
					screeningEveryWeeks: '6',
					program: programId
				}
			});
			expect(edit.status()).toBe(400);
			expect(await edit.text()).toContain('Choose one of your programs');
		} else expect(list.status()).toBe(404);
		await request.dispose();
	}
	expect(
		withDatabase(database, (db) => ({
			programs: db.prepare('SELECT * FROM programs ORDER BY id').all(),
			steps: db.prepare('SELECT * FROM program_steps ORDER BY id').all()
		}))
	).toEqual(before);
	const couples = withDatabase(
		database,
		(db) =>
			db
				.prepare('SELECT name FROM couples WHERE program_id = ? ORDER BY name')
				.all(programId) as Array<{
				name: string;
			}>
	);
	expect(couples).toEqual([]);
});

test('a therapist assigns from the library, several worksheets at once, and is told what went to whom', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await pageIn(browser, { viewport: { width: 1280, height: 900 } });
	const alexAndSam = coupleId('Alex & Sam');
	const newHomeworkMail = () =>
		withDatabase(database, (db) =>
			db
				.prepare("SELECT to_address FROM outbox WHERE kind = 'new-homework' ORDER BY to_address")
				.all()
		) as Array<{ to_address: string }>;
	const mailBefore = newHomeworkMail();
	await signInAs(page, demo.therapist);
	await page.goto('/library');
	await page
		.getByRole('link', { name: 'Assign “Getting back in touch, gently” to a couple' })
		.click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Assign “Getting back in touch, gently”' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#field-couple-problem')).toContainText('Choose one of your couples.');
	await expectAccessible(page);
	await page.getByLabel('Couple').selectOption({ label: 'Alex & Sam' });
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(`/couples/${alexAndSam}/assignments/new?worksheet=reconnecting`);
	await expect(page.getByLabel('Worksheet')).toHaveValue('reconnecting');

	// Two more, with the same due date and note.
	await page.getByText('More worksheets, with the same due date and note').click();
	await page.getByRole('checkbox', { name: 'Looking back at what ended it' }).check();
	await page.getByRole('checkbox', { name: 'Taking it slow' }).check();
	await page.getByLabel('Due date').fill('2031-05-01');
	await page.getByLabel('Your note to the partners').fill('Three short ones this week.');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/assign-several-1280.png', fullPage: true });
	await page.getByRole('button', { name: 'Assign' }).click();
	await expect(page).toHaveURL(`/couples/${alexAndSam}#homework-heading`);
	await expect(page.locator('.message.notice[role="status"]')).toHaveText(
		'Assigned to both partners (Alex and Sam): “Getting back in touch, gently”, “Looking back at what ended it”, “Taking it slow”.'
	);
	await expectAccessible(page);
	// Said once: a reload does not repeat it.
	await page.reload();
	await expect(page.locator('.message.notice[role="status"]')).toHaveCount(0);
	const rows = withDatabase(database, (db) =>
		db
			.prepare(
				"SELECT template_id, due_at, note FROM assignments WHERE couple_id = ? AND note = 'Three short ones this week.' ORDER BY template_id"
			)
			.all(alexAndSam)
	) as Array<{ template_id: string; due_at: string; note: string }>;
	expect(rows.map((row) => row.template_id)).toEqual([
		'breakup-reasons',
		'reconnecting',
		'taking-it-slow'
	]);
	expect(new Set(rows.map((row) => row.due_at)).size).toBe(1);
	// The news is mailed once to each partner, not once per worksheet.
	const mailAfter = newHomeworkMail();
	expect(mailAfter.length - mailBefore.length).toBe(2);

	// The preview page offers the same way in.
	await page.goto('/library/worksheets/accountability');
	await page.getByRole('link', { name: 'Assign it to a couple' }).click();
	await expect(page).toHaveURL('/library/assign?worksheet=accountability');
});
