import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible, trackNoScriptDocuments } from './support/accessibility';
import { withDatabase } from './support/database';
import { PHONE, demo, signInAs } from './support/demo';
import { submittedResponse } from './support/arrange';
import { seedDemo, startOwnServer, type OwnServer } from './support/own-server';

// When the other partner may read what a partner shared: the therapist
// chooses per assignment (when handed in, once both have handed in, after
// review). Before its release nothing of it reaches the other partner, on
// any page or in any page's data; after, it does. On a demo practice of its
// own, so the other tests' lists of shared worksheets are left as they are.

const dataDir = process.env.TEST_DATA_DIR!;
let server: OwnServer;
let database: string;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	const folder = fs.mkdtempSync(path.join(dataDir, 'release-'));
	database = path.join(folder, 'demo.db');
	seedDemo(database);
	server = await startOwnServer(database);
});

test.afterAll(async () => {
	server.process.kill('SIGTERM');
	await server.exited;
});

const coupleId = () =>
	withDatabase(
		database,
		(db) => db.prepare("SELECT id FROM couples WHERE name = 'Alex & Sam'").pluck().get() as string
	);

/** An accountability worksheet whose apology carries a word found nowhere else. */
const accountability = (marker: string) => ({
	behaviours: {
		rows: [{ name: 'Cancelling plans', answers: { 'what-i-did': 'I cancelled at short notice.' } }]
	},
	'apology-draft': `I am sorry I kept cancelling our evenings. ${marker}`,
	commitments: {
		rows: [{ name: 'Evenings', answers: { 'what-i-will-do': 'One evening a week, kept.' } }]
	},
	'readiness-to-share': 6
});
const SHARE_ALL = { therapistFields: true, sharedFields: true };

async function signedIn(
	browser: Browser,
	person: { email: string; home: string },
	options: { phone?: boolean; javaScriptEnabled?: boolean } = {}
): Promise<Page> {
	const context = await browser.newContext({
		baseURL: server.origin,
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		...(options.phone ? { viewport: PHONE } : {})
	});
	const page = await context.newPage();
	if (options.javaScriptEnabled === false) trackNoScriptDocuments(page);
	await signInAs(page, person);
	return page;
}

/** The therapist assigns the accountability worksheet through the form, with this release. */
async function assignThroughForm(therapist: Page, release: string): Promise<string> {
	await therapist.goto(`/couples/${coupleId()}/assignments/new`);
	await therapist.getByLabel('Worksheet').selectOption('accountability');
	const when = therapist.getByRole('group', {
		name: 'When the other partner may read what is shared'
	});
	await when.getByRole('radio', { name: new RegExp(`^${release}`) }).check();
	await expectAccessible(therapist);
	await when.screenshot({ path: test.info().outputPath('assign-release-1280.png') });
	await therapist.getByRole('button', { name: 'Assign' }).click();
	await expect(therapist.getByRole('heading', { name: 'Homework' })).toBeVisible();
	return withDatabase(
		database,
		(db) =>
			db
				.prepare(
					"SELECT id FROM assignments WHERE couple_id = ? AND template_id = 'accountability' ORDER BY created_at DESC, rowid DESC LIMIT 1"
				)
				.pluck()
				.get(coupleId()) as string
	);
}

function responseOf(assignmentId: string, partnerName: string): string {
	return withDatabase(
		database,
		(db) =>
			db
				.prepare(
					'SELECT r.id FROM responses r JOIN partners p ON p.id = r.partner_id WHERE r.assignment_id = ? AND p.display_name = ?'
				)
				.pluck()
				.get(assignmentId, partnerName) as string
	);
}

/** Every place the reader could meet the other's shared answers: pages and their data. */
async function expectReads(reader: Page, responseId: string, marker: string, released: boolean) {
	for (const place of ['/home', '/shared']) {
		await reader.goto(place);
		const data = await (await reader.request.get(`${place}/__data.json`)).text();
		// The lists name the worksheet and link to it; its answers are on its own page.
		if (released) {
			expect(data, place).toContain(responseId);
			await expect(reader.locator(`main a[href="/shared/${responseId}"]`).first()).toBeVisible();
		} else {
			expect(data, place).not.toContain(marker);
			expect(data, place).not.toContain(responseId);
			await expect(reader.locator('main')).not.toContainText(marker);
		}
	}
	const opened = await reader.goto(`/shared/${responseId}`);
	const data = await (await reader.request.get(`/shared/${responseId}/__data.json`)).text();
	if (released) {
		expect(opened?.status()).toBe(200);
		await expect(reader.locator('main')).toContainText(marker);
		expect(data).toContain(marker);
	} else {
		expect(opened?.status()).toBe(404);
		expect(data).toContain('"status":404');
		expect(data).not.toContain(marker);
	}
	await expectAccessible(reader);
}

test('released once both have handed in: Sam reads nothing of Alex’s until Sam has handed in too', async ({
	browser
}) => {
	const therapist = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
	const id = await assignThroughForm(therapist, 'Once both partners have handed theirs in');
	await therapist.goto(`/couples/${coupleId()}/assignments/${id}`);
	await expect(therapist.locator('main')).toContainText(
		'What a partner shares is released to the other: once both partners have handed theirs in.'
	);
	await expect(
		therapist.getByRole('radio', { name: /^Once both partners have handed theirs in/ })
	).toBeChecked();
	await expectAccessible(therapist);
	await therapist.setViewportSize({ width: 390, height: 844 });
	await therapist.screenshot({
		path: test.info().outputPath('assignment-390.png'),
		fullPage: true
	});
	await expectAccessible(therapist);

	const marker = 'Kestrel-both-41';
	await submittedResponse(id, 'Alex', accountability(marker), database, SHARE_ALL);
	const alexs = responseOf(id, 'Alex');
	const sam = await signedIn(browser, demo.sam, { phone: true });
	await expectReads(sam, alexs, marker, false);

	// Sam hands theirs in, and Alex's is released to Sam.
	await submittedResponse(id, 'Sam', accountability('Heron-sams-own-12'), database, SHARE_ALL);
	await expectReads(sam, alexs, marker, true);
});

test('released after review, the accountability worksheet’s default: not before the therapist marks it reviewed', async ({
	browser
}) => {
	const therapist = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
	const id = await assignThroughForm(therapist, 'Its own default');
	expect(
		withDatabase(database, (db) =>
			db.prepare('SELECT release_shared FROM assignments WHERE id = ?').pluck().get(id)
		)
	).toBe('reviewed');

	const marker = 'Osprey-review-77';
	await submittedResponse(id, 'Alex', accountability(marker), database, SHARE_ALL);
	await submittedResponse(id, 'Sam', accountability('Wren-sams-own-5'), database, SHARE_ALL);
	const alexs = responseOf(id, 'Alex');
	const sam = await signedIn(browser, demo.sam, { phone: true });
	await expectReads(sam, alexs, marker, false);

	// Alex, the author, is told when Sam can read it.
	const alex = await signedIn(browser, demo.alex, { phone: true });
	await alex.goto(`/homework/${id}`);
	await expect(alex.locator('main')).toContainText(
		'Sam can read the parts you chose to share once Dr. Morgan Reyes has reviewed it.'
	);
	await expectAccessible(alex);
	await alex.screenshot({ path: test.info().outputPath('handed-in-390.png') });

	// The therapist reviews it on the prep page of the next session.
	const session = withDatabase(
		database,
		(db) =>
			db
				.prepare(
					"SELECT id FROM therapy_sessions WHERE couple_id = ? AND status = 'scheduled' AND starts_at > ? ORDER BY starts_at LIMIT 1"
				)
				.pluck()
				.get(coupleId(), new Date().toISOString()) as string
	);
	await therapist.goto(`/couples/${coupleId()}/sessions/${session}/prep`);
	await therapist
		.locator('form', { has: therapist.locator(`input[name="responseId"][value="${alexs}"]`) })
		.getByRole('button', { name: 'Mark Alex’s response reviewed' })
		.click();
	await expect(therapist.getByText('Marked reviewed.')).toBeVisible();
	await expect
		.poll(() =>
			withDatabase(database, (db) =>
				db.prepare('SELECT status FROM responses WHERE id = ?').pluck().get(alexs)
			)
		)
		.toBe('reviewed');
	await expectReads(sam, alexs, marker, true);
});

test('released when handed in, then held back again when the therapist changes the rule', async ({
	browser
}) => {
	const therapist = await signedIn(browser, demo.therapist, { javaScriptEnabled: false });
	const id = await assignThroughForm(therapist, 'When handed in');
	const marker = 'Plover-handed-in-9';
	await submittedResponse(id, 'Alex', accountability(marker), database, SHARE_ALL);
	const alexs = responseOf(id, 'Alex');
	const sam = await signedIn(browser, demo.sam, { phone: true });
	await expectReads(sam, alexs, marker, true);

	await therapist.goto(`/couples/${coupleId()}/assignments/${id}`);
	await therapist.getByRole('radio', { name: /^After you have reviewed it/ }).check();
	await therapist.getByRole('button', { name: 'Save changes' }).click();
	await expect(therapist.getByText('Saved.')).toBeVisible();
	await expect(therapist.locator('main')).toContainText(
		'What a partner shares is released to the other: after you have reviewed it.'
	);
	await expectReads(sam, alexs, marker, false);
});
