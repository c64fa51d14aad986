import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { withDatabase } from './support/database';
import { demo, signInAs } from './support/demo';
import { writtenWords } from './support/privacy';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';
import { DEMO_ANSWERS, SECOND_COUPLE_ANSWERS } from '../scripts/demo/demo-answers';
import { builtinTemplate } from '../src/lib/worksheets/builtin';

// Deleting a couple's record, by the therapist now or by the server once a
// closed record's retention period is over, leaves none of the couple's words
// anywhere in the database: every table is searched for them. Each test has a
// server and a demo database of its own, since it deletes a demo couple.

const dataDir = process.env.TEST_DATA_DIR!;
test.describe.configure({ timeout: 120_000 });

/** Every value of every row of every table, each as text. */
function everyValue(database: string): string[] {
	return withDatabase(database, (db) => {
		const tables = db
			.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
			.pluck()
			.all() as string[];
		return tables.flatMap((table) =>
			(db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).flatMap((row) =>
				Object.values(row).map(String)
			)
		);
	});
}

function wordsIn(values: string[], words: readonly string[]): string[] {
	return words.filter((word) => values.some((value) => value.includes(word)));
}

/**
 * What a partner wrote, less the few single words (a row named "Money") that
 * the built-in worksheets also use, so a hit means the partner's own words.
 */
const ownWords = (templateId: string, answers: Parameters<typeof writtenWords>[1]) =>
	writtenWords(templateId, answers).filter((word) => word.includes(' '));

/** The first couple's words: its name, the partners' addresses, and what each wrote. */
function alexAndSamWords(): string[] {
	return [
		'Alex & Sam',
		demo.alex.email,
		demo.sam.email,
		...ownWords('accountability', DEMO_ANSWERS.accountability![1]),
		...ownWords('accountability', DEMO_ANSWERS.accountability![2]),
		...ownWords('core-issues', DEMO_ANSWERS['core-issues']![1]),
		...ownWords('core-issues', DEMO_ANSWERS['core-issues']![2])
	];
}

/** Worksheets with somewhere to write: the check-ins are choices only. */
const takesWords = (templateId: string) =>
	builtinTemplate(templateId)?.fields.some((field) =>
		['short-text', 'long-text', 'repeating-group'].includes(field.kind)
	) ?? false;

function jordanAndCaseyWords(): string[] {
	const written = Object.entries(SECOND_COUPLE_ANSWERS)
		.filter(([templateId]) => takesWords(templateId))
		.flatMap(([templateId, byPartner]) =>
			[byPartner[1], byPartner[2]]
				.filter((answers) => answers !== undefined)
				.flatMap((answers) => ownWords(templateId, answers))
		);
	return ['Jordan & Casey', demo.jordan.email, demo.casey.email, ...written];
}

let server: OwnServer | undefined;
test.afterEach(async () => {
	server?.process.kill('SIGTERM');
	await server?.exited;
	server = undefined;
});

function demoDatabase(): string {
	const folder = fs.mkdtempSync(path.join(dataDir, 'record-'));
	const database = path.join(folder, 'common-ground.db');
	seedDemo(database);
	return database;
}

test('the therapist deletes a record now, after a confirmation, and none of its words are left', async ({
	browser
}) => {
	const database = demoDatabase();
	const words = alexAndSamWords();
	const others = jordanAndCaseyWords();
	expect(wordsIn(everyValue(database), words)).toEqual(words);
	server = await startOwnServer(database);
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await signInAs(page, demo.therapist);
	await page.goto('/couples');
	await page.getByRole('link', { name: 'Alex & Sam' }).first().click();
	await page.getByRole('link', { name: 'Delete the record now' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Delete the record of Alex & Sam' })
	).toBeVisible();
	await expect(page.getByText('Backups taken before now still hold the record')).toBeVisible();
	await expect(page.getByText(/every answer both partners wrote, drafts included/)).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('Type the couple’s name to confirm').fill('Alex and Sam');
	await page.getByRole('button', { name: 'Delete the record for good' }).click();
	await expect(page.locator('#field-confirmName-problem')).toContainText(
		'Type the couple’s name exactly as shown'
	);
	expect(wordsIn(everyValue(database), words)).toEqual(words);
	await expectAccessible(page);

	await page.getByLabel('Type the couple’s name to confirm').fill('Alex & Sam');
	await page.getByRole('button', { name: 'Delete the record for good' }).click();
	await expect(page).toHaveURL(/\/couples\?deleted$/);
	await expect(page.getByRole('status')).toHaveText('The record was deleted.');
	await expect(page.getByRole('link', { name: 'Alex & Sam' })).toHaveCount(0);
	await expectAccessible(page);

	const after = everyValue(database);
	expect(wordsIn(after, words)).toEqual([]);
	expect(wordsIn(after, others)).toEqual(others);
	const deletions = withDatabase(database, (db) =>
		db.prepare("SELECT user_id FROM audit_log WHERE action = 'record.delete'").all()
	);
	expect(deletions).toHaveLength(1);

	// The partners' accounts went with it.
	const alex = await context.newPage();
	await context.clearCookies();
	await alex.goto('/sign-in');
	await alex.getByLabel('Email address').fill(demo.alex.email);
	await alex.getByLabel('Password', { exact: true }).fill('common-ground-demo');
	await alex.getByRole('button', { name: 'Sign in' }).click();
	await expect(alex.getByRole('alert')).toBeVisible();
	await expect(alex).toHaveURL(/\/sign-in/);
	await context.close();
});

test('the server deletes a closed record once its retention period is over', async ({
	browser
}) => {
	const database = demoDatabase();
	const clockFile = path.join(path.dirname(database), 'clock');
	fs.writeFileSync(clockFile, '0');
	const words = jordanAndCaseyWords();
	server = await startOwnServer(database, { CLOCK_FILE: clockFile, RETENTION_SWEEP_MS: '200' });
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await signInAs(page, demo.otherTherapist);
	await page.goto('/couples');
	await page.getByRole('link', { name: 'Jordan & Casey' }).first().click();
	await expect(page.getByText(/starts the retention period \(7 years\)/)).toBeVisible();
	await page.getByRole('button', { name: 'Archive couple' }).click();
	const closedAt = new Date();
	await expect(page.getByText(/The record is kept until/)).toBeVisible();
	await expectAccessible(page);
	await context.close();

	// Not yet due (the day-exact boundary is in record/deletion.test.ts): the record stays.
	const sevenYears =
		new Date(closedAt).setUTCFullYear(closedAt.getUTCFullYear() + 7) - closedAt.getTime();
	fs.writeFileSync(clockFile, String(sevenYears - 24 * 60 * 60 * 1000));
	expect(wordsIn(everyValue(database), words)).toEqual(words);

	// Seven years and a minute on: gone.
	fs.writeFileSync(clockFile, String(sevenYears + 60_000));
	await expect.poll(() => wordsIn(everyValue(database), words), { timeout: 30_000 }).toEqual([]);
	await expect
		.poll(() => server!.output())
		.toContain('Retention: deleted 1 closed record(s) past their period.');
	const deletion = withDatabase(database, (db) =>
		db.prepare("SELECT user_id FROM audit_log WHERE action = 'record.delete'").get()
	);
	expect(deletion).toEqual({ user_id: null });
});
