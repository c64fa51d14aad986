import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { assignFresh } from './support/arrange';
import { PHONE, demo, signInAs } from './support/demo';
import { firstCoupleIds } from './support/demo-ids';

// Form controls sized for a thumb on the smallest phone: every choice a whole
// row and every scale point at least 44 by 44 CSS pixels (WCAG 2.5.5), a focus
// ring that shows where the keyboard is, dates and times as wide as the other
// fields, and a private check-in that says who reads it once, not under every
// question. Forms work without JavaScript, so these pages are looked at without it.

const TARGET = 44;

test.use({ javaScriptEnabled: false });

async function box(locator: Locator) {
	const found = await locator.boundingBox();
	if (!found) throw new Error('not on the page');
	return found;
}

/** Whether the element shows a focus ring: an outline, or a box shadow standing in for one. */
function focusRingOf(locator: Locator) {
	return locator.evaluate((element) => {
		const style = getComputedStyle(element);
		return {
			outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
			shadow: style.boxShadow !== 'none'
		};
	});
}

async function expectFocusRing(locator: Locator) {
	const ring = await focusRingOf(locator);
	expect(ring.outline || ring.shadow, 'a visible focus ring').toBe(true);
}

async function expectNoSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('on a phone', () => {
	test.use({ viewport: PHONE });

	test('choices are whole rows and scale points thumb-sized, each with a visible focus ring', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const assignmentId = assignFresh('emotional-space', 'Alex & Sam', 1);
		await signInAs(page, demo.alex);
		await page.goto(`/homework/${assignmentId}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Giving each other room');
		await expectAccessible(page);
		await expectNoSidewaysScroll(page);

		// Single choice: each option is a row as wide as its question, and tapping anywhere on it chooses.
		const feeling = page.getByRole('group', { name: /How is the time apart feeling/ });
		const question = await box(feeling);
		const options = feeling.locator('label.choice');
		await expect(options).toHaveCount(4);
		for (const option of await options.all()) {
			const row = await box(option);
			expect(row.height).toBeGreaterThanOrEqual(TARGET);
			expect(row.width).toBeGreaterThanOrEqual(question.width - 1);
		}
		const painful = options.filter({ hasText: 'Mostly painful' });
		await painful.scrollIntoViewIfNeeded();
		const painfulRow = await box(painful);
		await page.mouse.click(
			painfulRow.x + painfulRow.width - 8,
			painfulRow.y + painfulRow.height / 2
		);
		await expect(feeling.getByRole('radio', { name: 'Mostly painful' })).toBeChecked();

		// Moving between options with the keyboard rings the whole row.
		await feeling.getByRole('radio', { name: 'Mostly painful' }).focus();
		await page.keyboard.press('ArrowDown');
		const hardToSay = feeling.getByRole('radio', { name: 'Hard to say' });
		await expect(hardToSay).toBeFocused();
		await expect(hardToSay).toBeChecked();
		await expectFocusRing(options.filter({ hasText: 'Hard to say' }));

		// Multiple choice: the same rows, reached with Tab.
		const helps = page.getByRole('group', { name: /What could help you ride out the urge/ });
		const helpOptions = helps.locator('label.choice');
		await expect(helpOptions).toHaveCount(5);
		for (const option of await helpOptions.all()) {
			expect((await box(option)).height).toBeGreaterThanOrEqual(TARGET);
		}
		await page.getByLabel(/When do you most feel the pull/).focus();
		await page.keyboard.press('Tab');
		await expect(helps.getByRole('checkbox').first()).toBeFocused();
		await expectFocusRing(helpOptions.first());
		await page.keyboard.press('Space');
		await expect(helps.getByRole('checkbox').first()).toBeChecked();

		// A 0-10 scale: every point at least 44 by 44 and still on the screen.
		const steadiness = page.getByRole('group', { name: /How steady have you felt/ });
		const points = steadiness.locator('.scale-point');
		await expect(points).toHaveCount(11);
		for (const point of await points.all()) {
			const target = await box(point);
			expect(target.height).toBeGreaterThanOrEqual(TARGET);
			expect(target.width).toBeGreaterThanOrEqual(TARGET);
			expect(target.x + target.width).toBeLessThanOrEqual(PHONE.width);
		}
		await points.filter({ hasText: /^\s*7\s*$/ }).click();
		await expect(steadiness.getByRole('radio', { name: '7', exact: true })).toBeChecked();
		await page.keyboard.press('ArrowRight');
		await expect(steadiness.getByRole('radio', { name: '8', exact: true })).toBeFocused();
		await expectFocusRing(points.filter({ hasText: /^\s*8\s*$/ }).locator('.scale-number'));
	});

	test('scales inside a list of core areas stay thumb-sized within their boxes', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const assignmentId = assignFresh('core-issues', 'Alex & Sam', 1);
		await signInAs(page, demo.alex);
		await page.goto(`/homework/${assignmentId}`);
		const trust = page.getByRole('group', { name: 'Trust', exact: true });
		const area = await box(trust);
		const points = trust.locator('.scale-point');
		await expect(points).toHaveCount(11);
		for (const point of await points.all()) {
			const target = await box(point);
			expect(target.height).toBeGreaterThanOrEqual(TARGET);
			expect(target.width).toBeGreaterThanOrEqual(TARGET);
			expect(target.x + target.width).toBeLessThanOrEqual(area.x + area.width);
		}
		await expectNoSidewaysScroll(page);
		await expectAccessible(page);
	});

	test('"your answers go to…" stands apart from the words around it', async ({ page }) => {
		test.setTimeout(90_000);
		const assignmentId = assignFresh('emotional-space', 'Alex & Sam', 1);
		await signInAs(page, demo.alex);
		await page.goto(`/homework/${assignmentId}`);
		const line = page.getByText(/^\s*Your answers go to Dr\. Morgan Reyes\./);
		await expect(line).toBeVisible();
		const note = await box(line);
		const before = await box(page.locator('.therapist-note'));
		const after = await box(page.getByText(/^Some time with less contact/));
		expect(note.y - (before.y + before.height)).toBeGreaterThanOrEqual(16);
		expect(after.y - (note.y + note.height)).toBeGreaterThanOrEqual(16);
		// Room inside too: the words do not touch the note's edges.
		const padding = await line.evaluate((element) => {
			const style = getComputedStyle(element);
			return Math.min(parseFloat(style.paddingTop), parseFloat(style.paddingLeft));
		});
		expect(padding).toBeGreaterThanOrEqual(8);
	});

	test('a private check-in says once, above its questions, that only the therapist reads it', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const assignmentId = assignFresh('safety-check-in', 'Alex & Sam', 1);
		await signInAs(page, demo.alex);
		await page.goto(`/homework/${assignmentId}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check-in');
		await expect(page.getByText(/only Dr\. Morgan Reyes will read your answers/i)).toHaveCount(1);
		await expect(page.getByText(/only your therapist will ever read this/i)).toHaveCount(0);
		// The choices of a screening question are thumb-sized rows too.
		const firstQuestion = page
			.getByRole('group')
			.filter({ has: page.getByRole('radio') })
			.first();
		for (const option of await firstQuestion.locator('label.choice').all()) {
			expect((await box(option)).height).toBeGreaterThanOrEqual(TARGET);
		}
		await expectNoSidewaysScroll(page);
		await expectAccessible(page);
	});
});

test.describe('on a laptop', () => {
	test.use({ viewport: { width: 1280, height: 900 } });

	for (const [form, path, textLabel, dateLabel, timeLabel] of [
		['scheduling a session', 'sessions/new', 'Agenda (optional)', 'Date', 'Start time'],
		['assigning homework', 'assignments/new', /Your note/, 'Due date', 'Due time (optional)']
	] as const) {
		test(`${form}: date and time fields are as wide as the others`, async ({ page }) => {
			test.setTimeout(90_000);
			const { coupleId } = firstCoupleIds();
			await signInAs(page, demo.therapist);
			await page.goto(`/couples/${coupleId}/${path}`);
			const text = await box(page.getByLabel(textLabel));
			for (const label of [dateLabel, timeLabel]) {
				const field = await box(page.getByLabel(label, { exact: true }));
				expect(Math.abs(field.width - text.width), label).toBeLessThanOrEqual(1);
				expect(field.height, label).toBeGreaterThanOrEqual(TARGET);
			}
			await expectAccessible(page);
		});
	}
});
