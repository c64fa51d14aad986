import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	startSession
} from './session-cookie';
import { PARTNER_SESSION_LENGTH_MS, validateSessionToken } from './session';
import { createTestDatabase, insertTestUser } from '../testing/test-database';

function recordingCookies() {
	const calls: Array<{ method: 'set' | 'delete'; name: string; value?: string; options: unknown }> =
		[];
	const cookies = {
		set: (name: string, value: string, options: unknown) =>
			void calls.push({ method: 'set', name, value, options }),
		delete: (name: string, options: unknown) => void calls.push({ method: 'delete', name, options })
	} as unknown as Cookies;
	return { cookies, calls };
}

const expiresAt = new Date('2026-12-27T14:00:00.000Z');

describe('setSessionCookie', () => {
	it('sets an HttpOnly, SameSite=Lax cookie for the whole site, Secure over https', () => {
		const { cookies, calls } = recordingCookies();
		setSessionCookie(cookies, new URL('https://app.example/sign-in'), 'the-token', {
			expiresAt,
			keepSignedIn: true
		});
		expect(calls).toEqual([
			{
				method: 'set',
				name: SESSION_COOKIE,
				value: 'the-token',
				options: { httpOnly: true, sameSite: 'lax', secure: true, path: '/', expires: expiresAt }
			}
		]);
	});

	it('is not marked Secure over plain http (local development)', () => {
		const { cookies, calls } = recordingCookies();
		setSessionCookie(cookies, new URL('http://localhost:5173/sign-in'), 'the-token', {
			expiresAt,
			keepSignedIn: true
		});
		expect(calls[0]?.options).toMatchObject({ secure: false, httpOnly: true });
	});
});

describe('a session not kept', () => {
	it('gets a cookie with no expiry, which the browser forgets on closing', () => {
		const { cookies, calls } = recordingCookies();
		setSessionCookie(cookies, new URL('https://app.example/sign-in'), 'the-token', {
			expiresAt,
			keepSignedIn: false
		});
		expect(calls[0]?.options).toEqual({
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			path: '/'
		});
	});
});

describe('deleteSessionCookie', () => {
	it('deletes the same cookie, with the same attributes', () => {
		const { cookies, calls } = recordingCookies();
		deleteSessionCookie(cookies, new URL('https://app.example/sign-out'));
		expect(calls).toEqual([
			{
				method: 'delete',
				name: SESSION_COOKIE,
				options: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' }
			}
		]);
	});
});

describe('startSession', () => {
	it('creates a session for the person and sets its token, and only its token, in the cookie', async () => {
		const t = await createTestDatabase();
		try {
			const partner = await insertTestUser(t.db, { role: 'partner' });
			const now = new Date('2026-11-27T14:00:00.000Z');
			const { cookies, calls } = recordingCookies();
			const session = await startSession(
				t.db,
				cookies,
				new URL('https://app.example/join/x'),
				{ id: partner.id, role: 'partner' },
				now,
				{ keepSignedIn: true, device: null }
			);
			expect(session.expiresAt).toEqual(new Date(now.getTime() + PARTNER_SESSION_LENGTH_MS));
			const token = calls[0]?.value ?? '';
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			expect(calls).toEqual([
				{
					method: 'set',
					name: SESSION_COOKIE,
					value: token,
					options: {
						httpOnly: true,
						sameSite: 'lax',
						secure: true,
						path: '/',
						expires: session.expiresAt
					}
				}
			]);
			expect(token).not.toBe(session.id);
			const validated = await validateSessionToken(t.db, token, now);
			expect(validated.session?.id).toBe(session.id);
			expect(validated.user?.id).toBe(partner.id);

			// A new token every time.
			const again = recordingCookies();
			await startSession(
				t.db,
				again.cookies,
				new URL('https://app.example/sign-in'),
				{ id: partner.id, role: 'partner' },
				now,
				{ keepSignedIn: true, device: null }
			);
			expect(again.calls[0]?.value).not.toBe(token);
		} finally {
			await t.cleanup();
		}
	});
});
