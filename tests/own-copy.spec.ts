import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { PHONE, demo, signInAs } from './support/demo';
import { writtenWords } from './support/privacy';
import { pdfPages } from './support/pdf';
import { DEMO_ANSWERS } from '../scripts/demo/demo-answers';

// A partner's own copy, downloaded from /account on their phone, without
// JavaScript: their own words and what the other partner chose to share,
// and none of what the other kept to themselves, nor their own private
// check-in. Checked with the demo's own words: Alex shared the
// accountability worksheet and not the core issues; Sam shared nothing.

test.use({ viewport: PHONE, javaScriptEnabled: false });
test.describe.configure({ timeout: 90_000 });

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** Every string in a JSON document, joined. */
function stringsOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.map(stringsOf).join('\n');
	if (value && typeof value === 'object') return Object.values(value).map(stringsOf).join('\n');
	return '';
}

async function download(page: Page, name: string): Promise<Buffer> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name }).click()
	]);
	expect(file.suggestedFilename()).toMatch(/^my-copy\.(pdf|json)$/);
	return Buffer.concat(await (await file.createReadStream()).toArray());
}

async function ownCopy(page: Page): Promise<{ json: string; pdf: string; pages: string[] }> {
	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'Your own copy' })).toBeVisible();
	await expect(page.getByText(/anyone who uses this device can open it/)).toBeVisible();
	await expectAccessible(page);
	const json = stringsOf(JSON.parse((await download(page, 'Download as JSON')).toString('utf8')));
	const pages = await pdfPages(await download(page, 'Download as PDF'));
	return { json, pdf: pages.join('\n'), pages };
}

const alexOwn = [
	...writtenWords('accountability', DEMO_ANSWERS.accountability?.[1]),
	...writtenWords('core-issues', DEMO_ANSWERS['core-issues']?.[1])
];
const alexShared = writtenWords('accountability', DEMO_ANSWERS.accountability?.[1]);
const alexUnshared = writtenWords('core-issues', DEMO_ANSWERS['core-issues']?.[1]);
const samOwn = [
	...writtenWords('accountability', DEMO_ANSWERS.accountability?.[2]),
	...writtenWords('core-issues', DEMO_ANSWERS['core-issues']?.[2])
];
const samPrivate = writtenWords('safety-check-in', DEMO_ANSWERS['safety-check-in']?.[2]);

test('Sam’s copy holds Sam’s words and what Alex shared, and nothing Alex kept back', async ({
	page
}) => {
	await signInAs(page, demo.sam);
	const copy = await ownCopy(page);
	for (const word of [...samOwn, ...alexShared]) {
		expect(copy.json, word).toContain(word);
		expect(squeeze(copy.pdf), word).toContain(squeeze(word));
	}
	for (const word of [...alexUnshared, ...samPrivate]) {
		expect(copy.json, word).not.toContain(word);
		expect(squeeze(copy.pdf), word).not.toContain(squeeze(word));
	}
	expect(copy.pages.length).toBeGreaterThan(1);
	copy.pages.forEach((text, index) => {
		expect(text).toContain(`Page ${index + 1} of ${copy.pages.length}`);
		expect(text).toContain('Sam: your own copy');
	});
});

test('Alex’s copy holds Alex’s words and none of Sam’s, who shared nothing', async ({ page }) => {
	await signInAs(page, demo.alex);
	const copy = await ownCopy(page);
	for (const word of alexOwn) expect(copy.json, word).toContain(word);
	for (const word of [...samOwn, ...samPrivate]) {
		expect(copy.json, word).not.toContain(word);
		expect(squeeze(copy.pdf), word).not.toContain(squeeze(word));
	}
	expect(copy.pdf).toContain('Nothing has been shared with you.');
});

test('the copy is a partner’s alone: a therapist is refused it, and it is never cached', async ({
	page
}) => {
	await signInAs(page, demo.sam);
	const response = await page.request.get('/account/own-copy/json');
	expect(response.status()).toBe(200);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect((await page.request.get('/account/own-copy/html')).status()).toBe(404);
	await page.context().clearCookies();
	await signInAs(page, demo.therapist);
	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'Your own copy' })).toHaveCount(0);
	expect((await page.request.get('/account/own-copy/pdf')).status()).toBe(404);
});
