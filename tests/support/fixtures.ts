import { test as base } from '@playwright/test';
import { trackNoScriptDocuments } from './accessibility';

export { expect } from '@playwright/test';

/** Playwright's test, knowing which pages run without JavaScript. */
export const test = base.extend({
	page: async ({ page, javaScriptEnabled }, use) => {
		if (!javaScriptEnabled) trackNoScriptDocuments(page);
		await use(page);
	}
});
