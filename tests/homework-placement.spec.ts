import type { Browser, BrowserContextOptions } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { withDatabase } from './support/database';
import { submittedResponse } from './support/arrange';
import { pageOn, seededPractice, startOwnServer, type OwnServer } from './support/own-server';
import { openDatabase } from '../src/lib/server/database/open';
import { createProgram, saveProgram } from '../src/lib/server/programs/programs';
import { setCoupleProgram } from '../src/lib/server/programs/couple-program';
import { newTemplateId, saveOwnTemplate } from '../src/lib/server/library/own-templates';
import { builtinTemplate } from '../src/lib/worksheets/builtin';

// Homework set under no step of the couple's program (a built-in the program
// does not hold, a therapist's own worksheet) is named "Outside the program"
// wherever it is shown, never "Check-in". On a demo practice of this file's
// own: the couple changes program here, which the shared demo must not see.

test.describe.configure({ mode: 'serial' });

const OWN_TITLE = 'Our Sunday walk';
const BUILTIN_TITLE = 'Getting back in touch, gently';

let server: OwnServer;
let database: string;
let coupleId: string;
let ownWorksheetId: string;

test.beforeAll(async () => {
	database = seededPractice('placement');
	// Through the app's own write paths: Alex & Sam follow a program of one step, holding only
	// the accountability worksheet, and the therapist has a worksheet of their own, under no step.
	const { db } = openDatabase(database);
	try {
		const therapist = await db
			.selectFrom('users')
			.select('id')
			.where('email', '=', demo.therapist.email)
			.executeTakeFirstOrThrow();
		const couple = await db
			.selectFrom('couples')
			.select('id')
			.where('name', '=', 'Alex & Sam')
			.executeTakeFirstOrThrow();
		coupleId = couple.id;
		const actor = { userId: therapist.id, clientAddress: null };
		const now = new Date();
		const programId = await createProgram(
			db,
			actor,
			{ title: 'Trust first', start: { from: 'blank' } },
			now
		);
		expect(
			await saveProgram(
				db,
				actor,
				programId!,
				{
					title: 'Trust first',
					steps: [{ id: '', title: 'Name the hurt', summary: '', worksheetIds: ['accountability'] }]
				},
				now
			)
		).toBe('saved');
		expect(await setCoupleProgram(db, actor, coupleId, programId!, now)).toBe('saved');
		ownWorksheetId = newTemplateId();
		const own = {
			...builtinTemplate('reconnecting')!,
			id: ownWorksheetId,
			title: OWN_TITLE,
			step: null
		};
		expect(await saveOwnTemplate(db, actor, own, now)).toMatchObject({ version: 1 });
	} finally {
		await db.destroy();
	}
	server = await startOwnServer(database);
});

test.afterAll(async () => {
	server.process.kill('SIGTERM');
	await server.exited;
});

const pageIn = (browser: Browser, options: BrowserContextOptions = {}) =>
	pageOn(server, browser, options);

const assignmentOf = (templateId: string) =>
	withDatabase(
		database,
		(db) =>
			db
				.prepare('SELECT id FROM assignments WHERE couple_id = ? AND template_id = ?')
				.pluck()
				.get(coupleId, templateId) as string
	);

const nextSession = () =>
	withDatabase(
		database,
		(db) =>
			db
				.prepare(
					"SELECT id FROM therapy_sessions WHERE couple_id = ? AND status = 'scheduled' AND starts_at > ? ORDER BY starts_at LIMIT 1"
				)
				.pluck()
				.get(coupleId, new Date().toISOString()) as string
	);

const WALK_ANSWERS = {
	'first-step': 'A short walk on Sunday morning.',
	'if-it-gets-heavy': 'We turn for home and talk about it in the session.'
};

test('homework outside the couple’s program is named so for the therapist and the partner, never as a check-in', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await pageIn(browser, {
		javaScriptEnabled: false,
		viewport: { width: 1280, height: 900 }
	});
	await signInAs(page, demo.therapist);

	// The picker offers the built-in apart from the program's step and from the check-ins.
	await page.goto(`/couples/${coupleId}/assignments/new`);
	await expect(
		page.locator('optgroup[label="Worksheets outside this program"] option')
	).toContainText([BUILTIN_TITLE]);
	await expectAccessible(page);
	for (const worksheet of ['reconnecting', ownWorksheetId]) {
		await page.goto(`/couples/${coupleId}/assignments/new`);
		await page.getByLabel('Worksheet').selectOption(worksheet);
		await page.getByRole('button', { name: 'Assign' }).click();
		await expect(page).toHaveURL(`/couples/${coupleId}#homework-heading`);
	}

	// The couple page: each row says where its homework sits.
	const placementOf = (title: string) =>
		page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
	await expect(placementOf(BUILTIN_TITLE).locator('.meta')).toHaveText('Outside the program');
	await expect(placementOf(OWN_TITLE).locator('.meta')).toHaveText('Outside the program');
	await expect(placementOf('Relationship check-in').locator('.meta')).toHaveText(
		'Check-in · before every session'
	);
	// Set under the built-in steps before the couple changed program.
	await expect(placementOf('Owning my part').locator('.meta')).toHaveText(
		'Step 5 of an earlier program'
	);
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/homework-placement-couple.png', fullPage: true });

	// The assignment's own page says the same.
	await page.getByRole('link', { name: OWN_TITLE, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(OWN_TITLE);
	await expect(page.locator('.lead')).toHaveText('Outside the program · Both partners');
	await expectAccessible(page);
	await page.goto(`/couples/${coupleId}/assignments/${assignmentOf('reconnecting')}`);
	await expect(page.locator('.lead')).toHaveText('Outside the program · Both partners');

	// Alex, on a phone, sees where each sits on their home.
	const alex = await pageIn(browser, { viewport: PHONE });
	await signInAs(alex, demo.alex);
	const card = (title: string) =>
		alex.locator('.homework').filter({ has: alex.getByRole('link', { name: title, exact: true }) });
	await expect(card(BUILTIN_TITLE).locator('.meta').first()).toHaveText('Outside the program');
	await expect(card(OWN_TITLE).locator('.meta').first()).toHaveText('Outside the program');
	await expectAccessible(alex);

	// Once Alex hands both in, the prep page shows them, named the same way.
	await submittedResponse(assignmentOf('reconnecting'), 'Alex', WALK_ANSWERS, database);
	await submittedResponse(assignmentOf(ownWorksheetId), 'Alex', WALK_ANSWERS, database);
	await page.goto(`/couples/${coupleId}/sessions/${nextSession()}/prep`);
	const prepSection = (title: string) =>
		page
			.locator('section.prep-worksheet')
			.filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
	await expect(prepSection(BUILTIN_TITLE).locator('p.meta').first()).toHaveText(
		/^Outside the program ·\s+Alex: Submitted/
	);
	await expect(prepSection(OWN_TITLE).locator('p.meta').first()).toHaveText(
		/^Outside the program ·\s+Alex: Submitted/
	);
	await expect(prepSection('Relationship check-in').locator('p.meta').first()).toHaveText(
		/^Check-in ·\s/
	);
	await expectAccessible(page);

	// Feedback on the therapist's own worksheet reaches Alex's home under its title.
	const alexsResponse = prepSection(OWN_TITLE)
		.locator('.card')
		.filter({ hasText: 'Alex’s response' });
	await alexsResponse.getByText('Write feedback on Alex’s response').click();
	await alexsResponse.getByLabel('Feedback').fill('A good first step. Heron-marker-41.');
	await alexsResponse.getByRole('button', { name: 'Send feedback' }).click();
	await expect(page.getByText('Feedback sent.')).toBeVisible();

	await alex.goto('/home');
	const feedback = alex.getByRole('region', { name: `From ${demo.therapist.name}` });
	await expect(
		feedback.getByRole('listitem').filter({ hasText: 'Heron-marker-41' }).locator('.meta')
	).toHaveText(new RegExp(`^On your “${OWN_TITLE}”, `));
	await expectAccessible(alex);
});
