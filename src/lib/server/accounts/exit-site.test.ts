import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	DEFAULT_EXIT_SITE,
	EXIT_SITE_MAX_LENGTH,
	exitSiteFor,
	exitSiteProblem,
	setExitSite
} from './exit-site';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

describe('exitSiteProblem', () => {
	it.each(['', '  ', 'https://www.bbc.com/weather', 'https://news.example.org/local?x=1'])(
		'accepts %j',
		(typed) => expect(exitSiteProblem(typed)).toBeNull()
	);

	it.each([
		['www.bbc.com/weather', 'starting with https://'],
		['http://www.bbc.com/weather', 'starting with https://'],
		['javascript:alert(1)', 'starting with https://'],
		['data:text/html,hi', 'starting with https://'],
		['https://name:secret@example.org/', 'name or password'],
		[`https://example.org/${'a'.repeat(EXIT_SITE_MAX_LENGTH)}`, `at most ${EXIT_SITE_MAX_LENGTH}`]
	])('refuses %j with a message', (typed, says) => {
		expect(exitSiteProblem(typed)).toContain(says);
	});
});

describe('the exit site', () => {
	let t: TestDatabase;
	let reyes: string;
	let other: string;
	let coupleId: string;

	beforeEach(async () => {
		t = await createTestDatabase();
		reyes = (await insertTestUser(t.db, { role: 'therapist' })).id;
		other = (await insertTestUser(t.db, { role: 'therapist' })).id;
		coupleId = await insertTestCouple(t.db, reyes);
	});

	afterEach(async () => {
		await t.cleanup();
	});

	const partnerOf = (id: string | null) => ({ id: 'p', role: 'partner' as const, coupleId: id });

	it('is the default until the therapist chooses one', async () => {
		expect(await exitSiteFor(t.db, partnerOf(coupleId))).toBe(DEFAULT_EXIT_SITE);
		expect(await exitSiteFor(t.db, partnerOf(null))).toBe(DEFAULT_EXIT_SITE);
	});

	it('is the couple’s therapist’s choice for their partners only, and each change is audited', async () => {
		expect(await setExitSite(t.db, by(reyes), ' https://news.example.org/local ', now)).toBe(true);
		expect(await exitSiteFor(t.db, partnerOf(coupleId))).toBe('https://news.example.org/local');
		expect(await exitSiteFor(t.db, { id: reyes, role: 'therapist', coupleId: null })).toBe(
			'https://news.example.org/local'
		);
		expect(await exitSiteFor(t.db, partnerOf(await insertTestCouple(t.db, other)))).toBe(
			DEFAULT_EXIT_SITE
		);
		// The same again changes nothing; empty goes back to the default.
		expect(await setExitSite(t.db, by(reyes), 'https://news.example.org/local', now)).toBe(false);
		expect(await setExitSite(t.db, by(reyes), '', now)).toBe(true);
		expect(await exitSiteFor(t.db, partnerOf(coupleId))).toBe(DEFAULT_EXIT_SITE);
		const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).execute();
		expect(audit).toEqual([
			{ action: 'exit-site.change', user_id: reyes },
			{ action: 'exit-site.change', user_id: reyes }
		]);
	});

	it('refuses a bad address and a partner, whoever calls', async () => {
		await expect(setExitSite(t.db, by(reyes), 'javascript:alert(1)', now)).rejects.toThrow(
			RangeError
		);
		const partner = (await insertTestUser(t.db, { role: 'partner' })).id;
		await expect(setExitSite(t.db, by(partner), 'https://example.org/', now)).rejects.toThrow(
			RangeError
		);
	});
});
