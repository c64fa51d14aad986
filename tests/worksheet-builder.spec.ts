import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { submittedResponse } from './support/arrange';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { stopLocalServer } from '../scripts/local-server';
import { fhirSchemaErrors } from '../src/lib/server/testing/fhir-schema';

// The worksheet builder, on a practice of its own so the demo's step library
// stays as the other tests expect it.

let server: OwnServer;
let folder: string;
let database: string;
let coupleId: string;

test.beforeAll(async () => {
	folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'builder-'));
	database = path.join(folder, 'practice.db');
	seedDemo(database);
	coupleId = withDatabase(
		database,
		(db) => db.prepare("SELECT id FROM couples WHERE name = 'Alex & Sam'").pluck().get() as string
	);
	server = await startOwnServer(database);
});

test.afterAll(async () => {
	if (server) await stopLocalServer(server);
	fs.rmSync(folder, { recursive: true, force: true });
});

async function signedIn(
	browser: Browser,
	person: { email: string; home: string },
	options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}
): Promise<Page> {
	const context = await browser.newContext({ baseURL: server.origin, ...options });
	const page = await context.newPage();
	// Checked with axe as served, as the shared fixture does for pages without scripts.
	if (options.javaScriptEnabled === false) trackNoScriptDocuments(page);
	await signInAs(page, person);
	return page;
}

/** The builder's box for one field, by its key path. */
const fieldBox = (page: Page, keyPath: string): Locator =>
	page.locator(`[id="builder-${keyPath}"]`);

async function addField(page: Page, kind: string, key: string): Promise<Locator> {
	await page
		.getByRole('group', { name: 'Add a field' })
		.getByRole('button', { name: kind })
		.click();
	const box = fieldBox(page, key);
	await expect(box).toBeVisible();
	return box;
}

/** The stored newest version of a template, and how many it has. */
function versions(templateId: string): number {
	return withDatabase(
		database,
		(db) =>
			db
				.prepare('SELECT COUNT(*) FROM worksheet_template_versions WHERE template_id = ?')
				.pluck()
				.get(templateId) as number
	);
}

/** Builds a worksheet with one field of each kind through the builder; returns its id. */
async function buildOneOfEachKind(page: Page, title: string): Promise<string> {
	await page.goto('/library');
	await page.getByRole('link', { name: 'Write a new worksheet' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'New worksheet' })).toBeVisible();
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Opening words to the partner').fill('Think of the week just gone.');
	const first = fieldBox(page, 'q1');
	await first.getByLabel('Question', { exact: true }).fill('What happened between you this week?');
	await first.getByLabel('Must be answered before handing in').check();

	const short = await addField(page, 'Add short text', 'q2');
	await short.getByLabel('Question', { exact: true }).fill('This week in one word');
	await short.getByLabel('Who reads the answer').selectOption('shared');

	const scale = await addField(page, 'Add scale', 'q3');
	await scale.getByLabel('Question', { exact: true }).fill('How close did you feel?');
	await scale.getByLabel('Words at the low end').fill('Far apart');
	await scale.getByLabel('Words at the high end').fill('Very close');

	const single = await addField(page, 'Add single choice', 'q4');
	await single.getByLabel('Question', { exact: true }).fill('Did you have a date night?');
	await single.getByLabel('Option 1', { exact: true }).fill('Yes');
	await single.getByLabel('Option 2', { exact: true }).fill('No');

	const multiple = await addField(page, 'Add multiple choice', 'q5');
	await multiple.getByLabel('Question', { exact: true }).fill('What helped?');
	await multiple.getByLabel('Option 1', { exact: true }).fill('A walk');
	await multiple.getByLabel('Option 2', { exact: true }).fill('Talking it through');
	await multiple.getByLabel('Label of an “other” box (optional)').fill('Something else');

	const group = await addField(page, 'Add repeating group', 'q6');
	await group.getByLabel('Question', { exact: true }).first().fill('Each hard moment');
	await group.getByLabel('What one row is called').fill('moment');
	await group.getByLabel('Rows it starts with (optional, one per line)').fill('Money\nChores');
	await fieldBox(page, 'q6.q1').getByLabel('Question', { exact: true }).fill('What it looked like');
	return page.url();
}

test('a therapist builds a worksheet of every kind, previews it, assigns it, and the prep page compares both partners', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const page = await signedIn(browser, demo.therapist, { viewport: { width: 1280, height: 900 } });
	await buildOneOfEachKind(page, 'Our week');
	await expectAccessible(page);

	// Reordered by keyboard: the one-word question moves to the top, and keeps the cursor.
	const moveUp = fieldBox(page, 'q2').getByRole('button', { name: 'Move up' });
	await moveUp.focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('.field-editor > legend').first()).toContainText(
		'This week in one word'
	);
	await expect(fieldBox(page, 'q2').getByLabel('Question', { exact: true })).toBeFocused();
	// Nothing typed was lost on the way.
	await expect(fieldBox(page, 'q5').getByLabel('Option 2', { exact: true })).toHaveValue(
		'Talking it through'
	);

	// Looked at by a person: the page's top and a choice field, on a laptop and on a phone.
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: test.info().outputPath(`builder-${width}.png`) });
		await fieldBox(page, 'q5').screenshot({
			path: test.info().outputPath(`builder-${width}-choice.png`)
		});
	}
	await page.setViewportSize({ width: 1280, height: 900 });

	// The preview is the partner's form, through the same renderer.
	await page.getByRole('button', { name: 'Preview', exact: true }).last().click();
	const preview = page.getByRole('region', { name: 'Preview: as a partner sees it' });
	await expect(preview.getByRole('group', { name: /How close did you feel\?/ })).toBeVisible();
	await expect(preview.getByLabel('What happened between you this week?')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Save worksheet' }).click();
	await expect(page.getByText('Saved as version 1.')).toBeVisible();
	const templateId = new URL(page.url()).pathname.split('/').at(-1)!;
	expect(templateId).toMatch(/^own-/);
	expect(versions(templateId)).toBe(1);

	// The saved preview runs the real validator: the required question is asked for.
	await page.getByRole('button', { name: 'Check answers' }).last().click();
	await expect(page.getByRole('alert').filter({ hasText: /needs? a look/ })).toContainText(
		'What happened between you this week?'
	);
	await expectAccessible(page);

	// Assigned through the usual form, to both partners.
	await page.goto(`/couples/${coupleId}/assignments/new`);
	await page.getByLabel('Worksheet').selectOption({ label: 'Our week' });
	await page.getByRole('radio', { name: 'Both partners, each on their own' }).check();
	await page.getByRole('button', { name: 'Assign', exact: true }).click();
	await expect(page).not.toHaveURL(/assignments\/new/);
	const assignmentId = withDatabase(
		database,
		(db) =>
			db
				.prepare('SELECT id FROM assignments WHERE template_id = ?')
				.pluck()
				.get(templateId) as string
	);

	// Alex fills it in on a phone and hands it in.
	const alex = await signedIn(browser, demo.alex, { viewport: PHONE });
	await alex.goto(`/homework/${assignmentId}`);
	await expect(alex.getByRole('heading', { name: 'Our week' }).first()).toBeVisible();
	await alex.getByLabel('This week in one word').fill('Hopeful');
	await alex.getByLabel('What happened between you this week?').fill('We talked on Sunday.');
	await alex
		.getByRole('group', { name: /How close did you feel\?/ })
		.getByRole('radio', { name: /^2\b/ })
		.check();
	await alex.getByRole('radio', { name: 'Yes' }).check();
	await alex.getByRole('checkbox', { name: 'A walk' }).check();
	await alex
		.getByRole('group', { name: 'Money', exact: true })
		.getByLabel('What it looked like')
		.fill('Arguing about the rent.');
	await alex.getByRole('button', { name: 'Check and submit…' }).click();
	await alex.getByRole('button', { name: /^Submit to / }).click();
	await expect(alex.getByText(/^Submitted\./)).toBeVisible();
	await expectAccessible(alex);

	await submittedResponse(
		assignmentId,
		'Sam',
		{ q1: 'A quiet week.', q2: 'Tired', q3: 9, q4: 'no' },
		database
	);

	// The prep page sets both side by side and picks out the gap on the scale.
	await page.goto('/practice');
	await page.getByRole('link', { name: 'Prepare for Alex & Sam' }).click();
	const prep = page
		.locator('section.prep-worksheet')
		.filter({ has: page.getByRole('heading', { name: 'Our week' }) });
	await expect(prep.getByRole('columnheader', { name: 'Alex' })).toBeVisible();
	await expect(prep.getByRole('columnheader', { name: 'Sam' })).toBeVisible();
	await expect(
		prep.getByRole('row', { name: /How close did you feel\?\s*7 points apart/ })
	).toBeVisible();
	await expectAccessible(page);

	// Changing the worksheet makes version 2; Alex's handed-in answers keep version 1's words.
	await page.goto(`/library/worksheets/${templateId}/edit`);
	await fieldBox(page, 'q3')
		.getByLabel('Question', { exact: true })
		.fill('How connected did you feel?');
	await page.getByRole('button', { name: 'Save worksheet' }).click();
	await expect(page.getByText('Saved as version 2.')).toBeVisible();
	expect(versions(templateId)).toBe(2);
	await alex.goto(`/homework/${assignmentId}`);
	await expect(alex.getByText('How close did you feel?').first()).toBeVisible();
	await expect(alex.getByText('How connected did you feel?')).toHaveCount(0);

	// In use: it can be archived, not deleted.
	await page.goto(`/library/worksheets/${templateId}`);
	await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByText(/^Archived:/)).toBeVisible();
	await page.goto(`/couples/${coupleId}/assignments/new`);
	await expect(page.getByLabel('Worksheet').locator('option', { hasText: 'Our week' })).toHaveCount(
		0
	);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the server adds, moves and removes fields, and nothing typed is lost', async ({
		browser
	}) => {
		test.setTimeout(180_000);
		const page = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
		await buildOneOfEachKind(page, 'x'.repeat(130));
		await expectAccessible(page);

		// An option left blank is dropped; a field removed goes; a field moved keeps its words.
		await fieldBox(page, 'q3').getByRole('button', { name: 'Move down' }).click();
		await expect(page.locator('.field-editor > legend').nth(3)).toContainText(
			'How close did you feel?'
		);
		await fieldBox(page, 'q5').getByRole('button', { name: 'Remove' }).click();
		await expect(fieldBox(page, 'q5')).toHaveCount(0);
		await fieldBox(page, 'q6').getByRole('button', { name: 'Add short text to each row' }).click();
		await expect(fieldBox(page, 'q6.q2')).toBeVisible();
		await fieldBox(page, 'q6.q2').getByLabel('Question', { exact: true }).fill('What I needed');
		await fieldBox(page, 'q3').getByLabel('Highest point').fill('50');

		// Saving refuses what is over its limits, beside the field, and keeps every word.
		await page.getByRole('button', { name: 'Save worksheet' }).click();
		await expect(page.locator('[id="field-title-problem"]')).toContainText(
			'Keep this to 120 characters'
		);
		await expect(page.getByLabel('Title', { exact: true })).toHaveValue('x'.repeat(130));
		await expect(fieldBox(page, 'q3')).toContainText('Scale "q3" has more than 21 points.');
		await expect(fieldBox(page, 'q6.q2').getByLabel('Question', { exact: true })).toHaveValue(
			'What I needed'
		);
		await expect(fieldBox(page, 'q4').getByLabel('Option 2', { exact: true })).toHaveValue('No');
		await expectAccessible(page);

		await page.getByLabel('Title', { exact: true }).fill('Hard moments');
		await fieldBox(page, 'q3').getByLabel('Highest point').fill('10');
		await page.getByRole('button', { name: 'Preview', exact: true }).last().click();
		await expect(page.getByRole('region', { name: 'Preview: as a partner sees it' })).toContainText(
			'Hard moments'
		);
		await page.getByRole('button', { name: 'Save worksheet' }).click();
		await expect(page.getByText('Saved as version 1.')).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Hard moments');
		await expectAccessible(page);
	});

	test('a built-in is copied and adapted; the built-in stays as it is', async ({ browser }) => {
		test.setTimeout(120_000);
		const page = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
		await page.goto('/library/worksheets/core-issues');
		await page.getByRole('button', { name: 'Copy and adapt' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Change “The issues underneath (your copy)”'
		);
		await page.getByLabel('Title', { exact: true }).fill('Our issues, my way');
		await page.getByRole('button', { name: 'Save worksheet' }).click();
		await expect(page.getByText('Saved as version 2.')).toBeVisible();
		await expectAccessible(page);
		await page.goto('/library');
		await expect(page.locator('.own-worksheets')).toContainText('Our issues, my way');
		await page.goto('/library/worksheets/core-issues');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('The issues underneath');
		await expect(page.getByText('Built-in worksheet')).toBeVisible();
	});
});

test('a worksheet goes out and comes back as a FHIR R4 Questionnaire, unchanged', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await signedIn(browser, demo.therapist);
	const exported = await page.request.get('/library/worksheets/core-issues/questionnaire.json');
	expect(exported.status()).toBe(200);
	expect(exported.headers()['content-type']).toContain('application/fhir+json');
	const questionnaire = (await exported.json()) as { url: string; item: unknown[] };
	expect(fhirSchemaErrors(questionnaire)).toEqual([]);

	await page.goto('/library/worksheets/import');
	await expectAccessible(page);
	await page.getByLabel('Questionnaire file').setInputFiles({
		name: 'core-issues.json',
		mimeType: 'application/fhir+json',
		buffer: Buffer.from(JSON.stringify(questionnaire))
	});
	await page.getByRole('button', { name: 'Upload' }).click();
	await expect(page.getByText('Saved as version 1.')).toBeVisible();
	const importedId = new URL(page.url()).pathname.split('/').at(-1)!;
	const again = (await (
		await page.request.get(`/library/worksheets/${importedId}/questionnaire.json`)
	).json()) as typeof questionnaire & { id: string };
	expect(fhirSchemaErrors(again)).toEqual([]);
	// The same Questionnaire but for whose it is: the new worksheet's own id and address.
	const content = (resource: Record<string, unknown>) => {
		const { id: _id, url, version: _version, name: _name, ...rest } = resource;
		return JSON.parse(JSON.stringify(rest).replaceAll(url as string, 'ADDRESS')) as unknown;
	};
	expect(content(again)).toEqual(content(questionnaire));

	// Bad uploads say what is wrong and where, and save nothing.
	const before = withDatabase(
		database,
		(db) => db.prepare('SELECT COUNT(*) FROM worksheet_templates').pluck().get() as number
	);
	for (const [file, message] of [
		[{ resourceType: 'Patient' }, 'This is a FHIR Patient, not a Questionnaire.'],
		[
			{ resourceType: 'Questionnaire', item: [{ linkId: 'when', text: 'When', type: 'date' }] },
			'item[0] “when” is of type “date”'
		]
	] as const) {
		await page.goto('/library/worksheets/import');
		await page.getByLabel('Questionnaire file').setInputFiles({
			name: 'bad.json',
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(file))
		});
		await page.getByRole('button', { name: 'Upload' }).click();
		await expect(page.getByRole('alert')).toContainText(message);
	}
	await page.getByLabel('Questionnaire file').setInputFiles({
		name: 'big.json',
		mimeType: 'application/json',
		buffer: Buffer.alloc(600 * 1024, ' ')
	});
	await page.getByRole('button', { name: 'Upload' }).click();
	// Refused with 413 by the server's body limit, or by the upload's own, with words either way.
	await expect(page.getByText(/too large to send|at most 512 KB/)).toBeVisible();
	await expectAccessible(page);
	expect(
		withDatabase(database, (db) =>
			db.prepare('SELECT COUNT(*) FROM worksheet_templates').pluck().get()
		)
	).toBe(before);
});

test('another therapist and partners are refused every builder page, action and download', async ({
	browser,
	playwright
}) => {
	test.setTimeout(120_000);
	const owner = await signedIn(browser, demo.therapist);
	await owner.goto('/library/worksheets/new');
	await owner.getByLabel('Title', { exact: true }).fill('Only mine');
	await fieldBox(owner, 'q1').getByLabel('Question', { exact: true }).fill('Mine alone?');
	await owner.getByRole('button', { name: 'Save worksheet' }).click();
	await expect(owner.getByText('Saved as version 1.')).toBeVisible();
	const templateId = new URL(owner.url()).pathname.split('/').at(-1)!;
	const snapshot = () =>
		withDatabase(database, (db) => ({
			templates: db.prepare('SELECT * FROM worksheet_templates ORDER BY id').all(),
			versions: db.prepare('SELECT template_id, version FROM worksheet_template_versions').all()
		}));
	const before = snapshot();

	for (const person of [demo.otherTherapist, demo.alex]) {
		const request = await playwright.request.newContext({ baseURL: server.origin });
		const signIn = await request.post('/sign-in', {
			headers: { origin: server.origin, accept: 'text/html' },
			form: { email: person.email, password: 'common-ground-demo' },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(303);
		for (const pathname of [
			`/library/worksheets/${templateId}`,
			`/library/worksheets/${templateId}/edit`,
			`/library/worksheets/${templateId}/questionnaire.json`,
			`/library/worksheets/${templateId}/__data.json`,
			`/library/worksheets/${templateId}/edit/__data.json`
		]) {
			const response = await request.get(pathname, { headers: { accept: 'text/html' } });
			const body = await response.text();
			if (pathname.endsWith('__data.json')) expect(body, pathname).toContain('"status":404');
			else expect(response.status(), `${person.email} ${pathname}`).toBe(404);
			expect(body).not.toContain('Mine alone?');
		}
		for (const [pathname, form] of [
			[
				`/library/worksheets/${templateId}/edit`,
				{ intent: 'save', title: 'Taken', 'f0.kind': 'long-text', 'f0.key': 'q1', 'f0.label': 'Q' }
			],
			[
				`/library/worksheets/${templateId}/edit`,
				{ intent: 'check', title: 'Q', 'f0.kind': 'long-text', 'f0.key': 'q1', 'f0.label': 'Q' }
			],
			[`/library/worksheets/${templateId}?/archive`, {}],
			[`/library/worksheets/${templateId}?/delete`, {}],
			[`/library/worksheets/${templateId}?/copy`, {}],
			[`/library/worksheets/${templateId}?/check`, {}]
		] as const) {
			const response = await request.post(pathname, {
				headers: { origin: server.origin, accept: 'text/html' },
				form,
				maxRedirects: 0
			});
			expect(response.status(), `${person.email} ${pathname}`).toBe(404);
		}
		if (person === demo.alex) {
			for (const pathname of ['/library/worksheets/new', '/library/worksheets/import']) {
				const response = await request.get(pathname, { headers: { accept: 'text/html' } });
				expect(response.status(), pathname).toBe(404);
			}
		}
		await request.dispose();
	}
	expect(snapshot()).toEqual(before);
});

/** How many responses there are and how many versions a template has: what a check must not change. */
function stored(templateId: string) {
	return withDatabase(database, (db) => ({
		responses: db.prepare('SELECT COUNT(*) FROM responses').pluck().get() as number,
		versions: versions(templateId)
	}));
}

/**
 * The builder's preview is filled in and checked by the hand-in's own rules:
 * the same messages beside the same questions, everything typed kept, nothing saved.
 */
async function checkThePreview(page: Page, title: string, javaScript: boolean) {
	await page.goto('/library/worksheets/new');
	await page.getByLabel('Title', { exact: true }).fill(title);
	const first = fieldBox(page, 'q1');
	await first.getByLabel('Question', { exact: true }).fill('What happened?');
	await first.getByLabel('Must be answered before handing in').check();
	const short = await addField(page, 'Add short text', 'q2');
	await short.getByLabel('Question', { exact: true }).fill('In a word');
	await short.getByLabel('Longest answer, in characters (optional)').fill('10');
	await page.getByRole('button', { name: 'Save worksheet' }).click();
	await expect(page.getByText('Saved as version 1.')).toBeVisible();
	const templateId = new URL(page.url()).pathname.split('/').at(-1)!;
	const before = stored(templateId);

	await page.goto(`/library/worksheets/${templateId}/edit`);
	await page.getByLabel('Title', { exact: true }).fill(`${title}, changed`);
	await page.getByRole('button', { name: 'Preview', exact: true }).last().click();
	const preview = page.getByRole('region', { name: 'Preview: as a partner sees it' });
	await expect(preview).toBeVisible();

	// The required question left empty and an answer over its limit: the partner's messages, beside each.
	await preview.getByLabel('In a word').fill('Much too long');
	await preview.getByRole('button', { name: 'Check these answers' }).click();
	await expect(preview.locator('#answer-q1-problem')).toHaveText(
		/Answer this question before submitting\./
	);
	await expect(preview.locator('#answer-q2-problem')).toContainText('the limit is 10');
	await expect(preview.getByRole('alert')).toContainText('2 answers need a look');
	if (javaScript) await expect(preview.getByRole('alert')).toBeFocused();
	// Everything typed is still there: the draft's words and the preview's answers.
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue(`${title}, changed`);
	await expect(preview.getByLabel('In a word')).toHaveValue('Much too long');
	await expectAccessible(page);

	await preview.getByLabel('What happened?').fill('We talked it through.');
	await preview.getByLabel('In a word').fill('Calm');
	await preview.getByRole('button', { name: 'Check these answers' }).click();
	const accepted = preview.getByRole('status').filter({ hasText: 'would be accepted' });
	await expect(accepted).toBeVisible();
	if (javaScript) await expect(accepted).toBeFocused();
	await expect(preview.getByRole('alert')).toHaveCount(0);
	await expect(preview.getByLabel('What happened?')).toHaveValue('We talked it through.');
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue(`${title}, changed`);
	await page.screenshot({ path: test.info().outputPath('preview-checked.png'), fullPage: true });
	await expectAccessible(page);

	// A draft the template checker refuses gets the builder's own message, not a crash.
	await fieldBox(page, 'q2').getByLabel('Longest answer, in characters (optional)').fill('lots');
	await preview.getByRole('button', { name: 'Check these answers' }).click();
	await expect(fieldBox(page, 'q2').locator('p.problem')).toBeVisible();
	await expect(page.getByRole('alert').first()).toContainText('before it can be saved');
	await expect(preview.getByLabel('What happened?')).toHaveValue('We talked it through.');
	await expectAccessible(page);

	// Nothing was saved: no response written, no new version.
	expect(stored(templateId)).toEqual(before);
}

test('the preview checks answers with the real validator and saves nothing', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await signedIn(browser, demo.therapist, { viewport: { width: 1280, height: 900 } });
	await checkThePreview(page, 'Trying it out', true);
});

test.describe('the preview without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('checks answers with the real validator and saves nothing', async ({ browser }) => {
		test.setTimeout(180_000);
		const page = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
		await checkThePreview(page, 'Trying it plainly', false);
	});
});
