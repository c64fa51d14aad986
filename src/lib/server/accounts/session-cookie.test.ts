import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from './session-cookie';

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
		setSessionCookie(cookies, new URL('https://app.example/sign-in'), 'the-token', expiresAt);
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
		setSessionCookie(cookies, new URL('http://localhost:5173/sign-in'), 'the-token', expiresAt);
		expect(calls[0]?.options).toMatchObject({ secure: false, httpOnly: true });
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
