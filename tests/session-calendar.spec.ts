import ICAL from 'ical.js';
import type { APIRequestContext, Download, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/accessibility';
import { DEMO_PASSWORD, PHONE, demo, signInAs } from './support/demo';
import { nextSessionOf } from './support/demo-ids';
import { withDatabase } from './support/database';
import { servers } from '../playwright.config';

// Sessions reach people's own calendars: a video session's call link on
// everyone's page, a file per session, and a private feed per person. What a
// calendar shows is neutral ("Appointment"), for partners above all.

test.describe.configure({ mode: 'serial' });

const LINK = 'https://meet.example.org/room-4471';

interface ParsedEvent {
	summary: string;
	start: string;
	location: string | null;
}

function eventsIn(file: string): ParsedEvent[] {
	const calendar = new ICAL.Component(ICAL.parse(file) as unknown[]);
	return calendar.getAllSubcomponents('vevent').map((component) => {
		const event = new ICAL.Event(component);
		return {
			summary: event.summary,
			start: event.startDate.toJSDate().toISOString(),
			location: event.location || null
		};
	});
}

async function downloaded(page: Page, link: string): Promise<string> {
	const [download]: [Download, void] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: link }).click()
	]);
	expect(download.suggestedFilename()).toBe('appointment.ics');
	const chunks = await (await download.createReadStream()).toArray();
	return Buffer.concat(chunks as Buffer[]).toString('utf8');
}

function storedStart(sessionId: string): string {
	return withDatabase(servers.demo.database, (db) => {
		const row = db
			.prepare('SELECT starts_at FROM therapy_sessions WHERE id = ?')
			.get(sessionId) as {
			starts_at: string;
		};
		return row.starts_at;
	});
}

async function signedInRequest(
	playwright: {
		request: { newContext(options: { baseURL?: string }): Promise<APIRequestContext> };
	},
	baseURL: string | undefined,
	email: string
): Promise<APIRequestContext> {
	const request = await playwright.request.newContext({ baseURL });
	const signIn = await request.post('/sign-in', {
		headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
		form: { email, password: DEMO_PASSWORD },
		maxRedirects: 0
	});
	expect(signIn.status()).toBe(303);
	return request;
}

test.afterAll(() => {
	// Jordan and Casey's next session goes back to the room, as the demo made it.
	const { id } = nextSessionOf('Jordan & Casey');
	withDatabase(servers.demo.database, (db) =>
		db
			.prepare("UPDATE therapy_sessions SET format = 'in-person', video_link = NULL WHERE id = ?")
			.run(id)
	);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a therapist gives a video session its call link; an unsafe link is refused beside the field', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const { id, coupleId } = nextSessionOf('Jordan & Casey');
		await page.setViewportSize({ width: 1280, height: 900 });
		await signInAs(page, demo.otherTherapist);
		await page.goto(`/couples/${coupleId}/sessions/${id}`);
		await expectAccessible(page);
		await page.getByRole('radio', { name: 'Video' }).check();
		const link = page.getByLabel('Video call link (for a video session)');
		await link.fill('http://meet.example.org/room-4471');
		await page.getByRole('button', { name: 'Save session' }).click();
		await expect(link).toHaveAccessibleDescription(/Use a secure link, starting with https:\/\//);
		await expect(link).toHaveValue('http://meet.example.org/room-4471');
		await expectAccessible(page);

		await link.fill(LINK);
		await page.getByRole('button', { name: 'Save session' }).click();
		await expect(page).toHaveURL(`/couples/${coupleId}`);
		await expect(page.getByRole('link', { name: /^Video call for / })).toHaveAttribute(
			'href',
			LINK
		);
		await page.goto(`/couples/${coupleId}/sessions/${id}`);
		await expect(page.getByRole('link', { name: new RegExp(`^${LINK}`) })).toBeVisible();
	});
});

test('each person downloads the session for their calendar, at the right instant and titled neutrally', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { id, coupleId } = nextSessionOf('Jordan & Casey');
	const startsAt = storedStart(id);

	// The therapist works in New York: the file carries the instant, whatever their clock.
	const therapist = await (await browser.newContext({ acceptDownloads: true })).newPage();
	await signInAs(therapist, demo.otherTherapist);
	await therapist.goto(`/couples/${coupleId}/sessions/${id}`);
	const therapistFile = await downloaded(therapist, 'Add to my calendar');
	expect(eventsIn(therapistFile)).toEqual([
		{ summary: 'Appointment (J & C)', start: startsAt, location: LINK }
	]);
	expect(therapistFile).not.toMatch(/Jordan|Casey/);

	const jordan = await (
		await browser.newContext({ viewport: PHONE, acceptDownloads: true })
	).newPage();
	await signInAs(jordan, demo.jordan);
	await expect(jordan.getByRole('link', { name: /^Join the video call/ })).toHaveAttribute(
		'href',
		LINK
	);
	await expect(jordan.locator('#next-heading + p')).toContainText('by video');
	await expectAccessible(jordan);
	const partnerFile = await downloaded(jordan, 'Add to my calendar');
	expect(eventsIn(partnerFile)).toEqual([
		{ summary: 'Appointment', start: startsAt, location: LINK }
	]);
	expect(partnerFile).not.toMatch(/Jordan|Casey|Natarajan|therap|couple/i);
});

test('a session’s calendar file is refused to everyone but its couple and their therapist', async ({
	playwright,
	baseURL
}) => {
	const { id, coupleId } = nextSessionOf('Jordan & Casey');
	const partnerPath = `/appointments/${id}.ics`;
	const therapistPath = `/couples/${coupleId}/sessions/${id}/appointment.ics`;
	for (const [person, paths] of [
		[demo.alex, [partnerPath, therapistPath]],
		[demo.therapist, [partnerPath, therapistPath]],
		[demo.jordan, [therapistPath]],
		[demo.otherTherapist, [partnerPath]]
	] as const) {
		const request = await signedInRequest(playwright, baseURL, person.email);
		for (const path of paths) {
			const response = await request.get(path, { maxRedirects: 0 });
			expect(response.status(), `${person.email} ${path}`).toBe(404);
			expect(await response.text()).not.toContain('BEGIN:VCALENDAR');
		}
		await request.dispose();
	}
	const anonymous = await playwright.request.newContext({ baseURL });
	for (const path of [partnerPath, therapistPath]) {
		const response = await anonymous.get(path, { maxRedirects: 0 });
		expect(response.status(), path).not.toBe(200);
		expect(await response.text()).not.toContain('BEGIN:VCALENDAR');
	}
	await anonymous.dispose();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: PHONE });

	test('a partner’s private calendar link lists neutral appointments and stops when revoked', async ({
		page,
		playwright,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const calendarApp = await playwright.request.newContext({ baseURL });
		await signInAs(page, demo.sam);
		await page.goto('/account');
		await page.getByRole('button', { name: 'Make a calendar link' }).click();
		const shown = page.locator('code.calendar-link');
		await expect(shown).toContainText('/calendar/');
		await expectAccessible(page);
		const first = new URL((await shown.textContent())!.trim()).pathname;

		// A calendar app follows it without signing in.
		const feed = await calendarApp.get(first);
		expect(feed.status()).toBe(200);
		expect(feed.headers()['content-type']).toMatch(/^text\/calendar/);
		expect(feed.headers()['cache-control']).toBe('private, no-store');
		const text = await feed.text();
		const events = eventsIn(text);
		expect(events.length).toBeGreaterThan(0);
		expect(events.every((event) => event.summary === 'Appointment')).toBe(true);
		expect(text).not.toMatch(/Alex|Sam|Reyes|therap|couple/i);

		// The address is not shown again, only that it exists.
		await page.goto('/account');
		await expect(shown).toHaveCount(0);
		await expect(page.getByText(/You made a calendar link on/)).toBeVisible();

		await page.getByRole('button', { name: 'Make a new link (the old one stops)' }).click();
		const second = new URL((await shown.textContent())!.trim()).pathname;
		expect(second).not.toBe(first);
		expect((await calendarApp.get(first)).status()).toBe(404);
		expect((await calendarApp.get(second)).status()).toBe(200);

		await page.getByRole('button', { name: 'Stop the calendar link' }).click();
		await expect(page.getByText('Your calendar link is stopped.')).toBeVisible();
		expect((await calendarApp.get(second)).status()).toBe(404);
		expect((await calendarApp.get('/calendar/not-a-real-token.ics')).status()).toBe(404);
		await expectAccessible(page);
		await calendarApp.dispose();
	});
});

test('a therapist’s feed names their own couples by initials only', async ({
	page,
	playwright,
	baseURL
}) => {
	await signInAs(page, demo.therapist);
	await page.goto('/account');
	await page.getByRole('button', { name: 'Make a calendar link' }).click();
	const address = (await page.locator('code.calendar-link').textContent())!.trim();
	const calendarApp = await playwright.request.newContext({ baseURL });
	const text = await (await calendarApp.get(new URL(address).pathname)).text();
	const summaries = eventsIn(text).map((event) => event.summary);
	expect(summaries.length).toBeGreaterThan(0);
	expect(new Set(summaries)).toEqual(new Set(['Appointment (A & S)']));
	expect(text).not.toMatch(/Alex|Sam|Jordan|Casey/);
	await page.getByRole('button', { name: 'Stop the calendar link' }).click();
	expect((await calendarApp.get(new URL(address).pathname)).status()).toBe(404);
	await calendarApp.dispose();
});
