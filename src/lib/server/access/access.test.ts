import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeFor, safeNextPath } from './next-path';
import { requirePartner } from './partner';
import { requireUser } from './signed-in';
import { requireTherapist } from './therapist';
import type { SessionUser } from '../accounts/session';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

describe('safeNextPath', () => {
	it.each(['/home', '/couples/abc123?tab=homework', '/practice#notes', '/'])(
		'keeps the path %j on this site',
		(path) => {
			expect(safeNextPath(path)).toBe(path);
		}
	);

	it.each([
		['another origin', 'https://x'],
		['a protocol-relative URL', '//x'],
		['a backslash that browsers read as a slash', '/\\x'],
		['a javascript: URL', 'javascript:alert(1)'],
		['a relative path', 'home'],
		['nothing', ''],
		['a tab that browsers drop, leaving //', '/\t/evil.example'],
		['a line break that browsers drop, leaving //', '/\n/evil.example'],
		['a carriage return that browsers drop, leaving /\\', '/\r\\evil.example']
	])('refuses %s', (_kind, next) => {
		expect(safeNextPath(next)).toBeNull();
	});

	it('refuses null', () => {
		expect(safeNextPath(null)).toBeNull();
	});

	it('only ever returns a path that stays on this origin when a browser follows it', () => {
		const origin = 'https://app.example';
		const candidates = ['/ok', '/a/b?c=d', '/ /x', '/%2F/x.example', '/.//x', '/%5C%5Cx'];
		// Every ASCII character between the first slash and another slash or backslash.
		for (let code = 0; code < 128; code += 1) {
			const c = String.fromCharCode(code);
			candidates.push(
				`/${c}/x.example`,
				`/${c}\\x.example`,
				`/${c}${c}/x.example`,
				`${c}//x.example`
			);
		}
		for (const candidate of candidates) {
			const next = safeNextPath(candidate);
			if (next !== null)
				expect(new URL(next, origin).origin, JSON.stringify(candidate)).toBe(origin);
		}
	});
});

describe('homeFor', () => {
	it('sends therapists to the practice and partners home', () => {
		expect(homeFor({ role: 'therapist' })).toBe('/practice');
		expect(homeFor({ role: 'partner' })).toBe('/home');
	});
});

describe('the role guards', () => {
	let t: TestDatabase;
	const therapist: SessionUser = {
		id: 't1',
		email: 't@example.com',
		displayName: 'T',
		role: 'therapist',
		coupleId: null,
		partnerId: null,
		timeZone: 'Europe/London',
		practiceId: 'practice-1',
		practiceRole: 'member',
		mustSetUpTwoStep: false
	};
	const partner: SessionUser = {
		id: 'p1',
		email: 'p@example.com',
		displayName: 'P',
		role: 'partner',
		coupleId: 'c1',
		partnerId: 'place1',
		timeZone: 'UTC',
		practiceId: null,
		practiceRole: null,
		mustSetUpTwoStep: false
	};

	beforeAll(async () => {
		t = await createTestDatabase();
	});

	afterAll(async () => {
		await t.cleanup();
	});

	type GuardedEvent = Parameters<typeof requireUser>[0];

	function event(
		user: SessionUser | null,
		path: string,
		options: { method?: string; routeId?: string; ended?: 'inactivity' } = {}
	): GuardedEvent {
		const url = new URL(path, 'http://localhost');
		return {
			locals: { user, session: null, sessionEnded: options.ended ?? null, secondStep: null },
			url,
			// Route ids are typed as the app's routes; these tests also use made-up ones.
			route: { id: (options.routeId ?? url.pathname) as GuardedEvent['route']['id'] },
			getClientAddress: () => '203.0.113.7',
			request: new Request(url, { method: options.method ?? 'GET' })
		};
	}

	async function thrown(run: () => unknown): Promise<unknown> {
		try {
			await run();
		} catch (error) {
			return error;
		}
		throw new Error('expected the guard to refuse');
	}

	async function refusals() {
		return t.db
			.selectFrom('audit_log')
			.select(['user_id', 'action', 'object_type', 'object_id', 'client_address'])
			.where('action', '=', 'access.refused')
			.execute();
	}

	it('let the right role through', async () => {
		expect(await requireTherapist(event(therapist, '/practice'), t.db)).toBe(therapist);
		expect(await requirePartner(event(partner, '/home'), t.db)).toBe(partner);
		expect(requireUser(event(partner, '/account/password'))).toBe(partner);
	});

	it('send an anonymous visitor to sign in, and back to the page afterwards', async () => {
		const redirect = await thrown(() =>
			requireTherapist(event(null, '/couples/abc?tab=notes'), t.db)
		);
		expect(isRedirect(redirect) && redirect.status).toBe(303);
		expect(isRedirect(redirect) && redirect.location).toBe(
			'/sign-in?next=%2Fcouples%2Fabc%3Ftab%3Dnotes'
		);
	});

	it('say why the session ended, and come back to the page rather than the form action', async () => {
		const redirect = await thrown(() =>
			requireUser(event(null, '/account/password?/change', { method: 'POST', ended: 'inactivity' }))
		);
		expect(isRedirect(redirect) && redirect.location).toBe(
			'/sign-in?ended=inactivity&next=%2Faccount%2Fpassword'
		);
	});

	it('answer 401 to an anonymous API request instead of redirecting', async () => {
		const error = await thrown(() =>
			requireUser(event(null, '/api/export', { routeId: '/api/export' }))
		);
		expect(isHttpError(error) && error.status).toBe(401);
	});

	it('refuse the other role with 404, as if the page did not exist, and record it', async () => {
		const before = (await refusals()).length;
		const asPartner = await thrown(() =>
			requireTherapist(event(partner, '/couples/abc', { method: 'POST' }), t.db)
		);
		expect(isHttpError(asPartner) && asPartner.status).toBe(404);
		const asTherapist = await thrown(() => requirePartner(event(therapist, '/home'), t.db));
		expect(isHttpError(asTherapist) && asTherapist.status).toBe(404);

		expect((await refusals()).slice(before)).toEqual([
			{
				user_id: 'p1',
				action: 'access.refused',
				object_type: 'route',
				object_id: 'POST /couples/abc',
				client_address: '203.0.113.7'
			},
			{
				user_id: 't1',
				action: 'access.refused',
				object_type: 'route',
				object_id: 'GET /home',
				client_address: '203.0.113.7'
			}
		]);
	});

	it('refuse a partner account that has no couple', async () => {
		const error = await thrown(() =>
			requirePartner(event({ ...partner, coupleId: null }, '/home'), t.db)
		);
		expect(isHttpError(error) && error.status).toBe(404);
	});

	it('refuse a partner account that holds no place in its couple', async () => {
		const error = await thrown(() =>
			requirePartner(event({ ...partner, partnerId: null }, '/home'), t.db)
		);
		expect(isHttpError(error) && error.status).toBe(404);
	});
});
