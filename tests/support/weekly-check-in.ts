import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';
import { expectAccessible, trackNoScriptDocuments } from './accessibility';
import { PHONE, demo, signInAs } from './demo';
import { openDatabase } from '../../src/lib/server/database/open';
import { saveOwnTemplate } from '../../src/lib/server/library/own-templates';
import { assignHomework } from '../../src/lib/server/homework/assignments';
import type { WorksheetTemplate } from '../../src/lib/worksheets/template';

// The therapist's own weekly check-in for Alex, whose answers raise a flag at
// each tier: handed in tense, then edited and handed in frightening, it makes
// a flag escalate from Watch to Urgent, as a partner would.

/** The therapist's own weekly check-in, shared as usual, whose answers raise a flag at each tier. */
export const weeklyCheckIn: WorksheetTemplate = {
	id: 'own-weekly-check-in',
	title: 'How this week went',
	intro: 'A minute on the week between you.',
	step: null,
	minutes: 2,
	fields: [
		{
			key: 'week',
			kind: 'single-choice',
			label: 'How was this week between you?',
			options: [
				{ value: 'good', label: 'Good' },
				{ value: 'tense', label: 'Tense' },
				{ value: 'frightening', label: 'Frightening' }
			],
			required: true
		}
	],
	concernRules: [
		{ field: 'week', anyOf: ['tense'], tier: 'watch' },
		{ field: 'week', anyOf: ['frightening'], tier: 'urgent' }
	]
};

/**
 * Saves the check-in as the demo therapist's own and assigns it to Alex,
 * `times` times over, through the app's own write paths.
 */
export async function assignWeeklyCheckIn(
	database: string,
	times = 1
): Promise<{ coupleId: string; assignmentIds: string[] }> {
	const { db } = openDatabase(database);
	try {
		const place = await db
			.selectFrom('partners')
			.innerJoin('couples', 'couples.id', 'partners.couple_id')
			.select(['partners.id', 'partners.couple_id', 'couples.therapist_id'])
			.where('partners.display_name', '=', 'Alex')
			.executeTakeFirstOrThrow();
		const therapist = { userId: place.therapist_id, clientAddress: null };
		const now = new Date();
		await saveOwnTemplate(db, therapist, weeklyCheckIn, now);
		const assignmentIds: string[] = [];
		for (let time = 0; time < times; time++) {
			const ids = await assignHomework(
				db,
				therapist,
				place.couple_id,
				{
					template: weeklyCheckIn,
					addressees: [place.id],
					dueAt: null,
					note: 'Before Thursday, please.',
					recurrence: 'once'
				},
				now
			);
			assignmentIds.push(ids![0]!);
		}
		return { coupleId: place.couple_id, assignmentIds };
	} finally {
		await db.destroy();
	}
}

/** Alex on their phone; without JavaScript when asked, forms posting as they are. */
export async function alexOnPhone(
	browser: Browser,
	origin: string,
	javaScriptEnabled = true
): Promise<Page> {
	const context = await browser.newContext({ baseURL: origin, viewport: PHONE, javaScriptEnabled });
	const page = await context.newPage();
	// axe cannot run in a page without scripts: it checks the same document in one that can.
	if (!javaScriptEnabled) trackNoScriptDocuments(page);
	await signInAs(page, demo.alex);
	return page;
}

/** Alex's answer to the open check-in, checked and handed in to the therapist. */
export async function handIn(page: Page, answer: string): Promise<void> {
	await page
		.getByRole('group', { name: 'How was this week between you?' })
		.getByLabel(answer)
		.check();
	await page.getByRole('button', { name: 'Check and submit…' }).click();
	const preview = page.getByRole('region', { name: 'What Sam will see' });
	await expect(preview).toBeVisible();
	await expectAccessible(page);
	await preview.getByRole('button', { name: `Submit to ${demo.therapist.name}` }).click();
	await expect(page.getByText(`Submitted. ${demo.therapist.name} will read it`)).toBeVisible();
	await expectAccessible(page);
}
