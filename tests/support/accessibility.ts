import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type Response } from '@playwright/test';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The last document each script-less page received, for checking it with axe. */
const noScriptDocuments = new WeakMap<Page, Response>();

/** Called for every page of a context that runs without JavaScript (see fixtures.ts). */
export function trackNoScriptDocuments(page: Page): void {
	page.on('response', (response) => {
		if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
			noScriptDocuments.set(page, response);
		}
	});
}

/** Every page a test visits is checked: zero axe violations at WCAG 2.2 AA. */
export async function expectAccessible(page: Page): Promise<void> {
	const document = noScriptDocuments.get(page);
	const violations = document ? await analyzeWithoutScripts(page, document) : await analyze(page);
	expect(violations, `accessibility violations on ${page.url()}`).toEqual([]);
}

async function analyze(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
	return results.violations.map((violation) => ({
		rule: violation.id,
		impact: violation.impact,
		targets: violation.nodes.map((node) => node.target.join(' '))
	}));
}

/**
 * axe runs as a script, which a page without JavaScript cannot run. The same
 * server-rendered document is checked in a scripted page instead, with the
 * app's own scripts blocked so it stays exactly what the person saw.
 */
async function analyzeWithoutScripts(page: Page, document: Response) {
	const html = await document.text();
	// A new context would inherit the test's options, JavaScript switched off among them.
	const context = await page
		.context()
		.browser()!
		.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
	try {
		const copy = await context.newPage();
		await copy.route('**/*.js', (route) => route.abort());
		const address = page.url();
		await copy.route(
			(url) => url.href === address,
			(route) => route.fulfill({ status: 200, contentType: 'text/html', body: html })
		);
		await copy.goto(address);
		return await analyze(copy);
	} finally {
		await context.close();
	}
}
