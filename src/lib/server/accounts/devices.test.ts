import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signOutDevice, signOutEverywhere, signedInDevices } from './devices';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const MINUTE = 60_000;
const start = new Date('2026-11-27T14:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

let t: TestDatabase;
let sam: string;
let reyes: string;

beforeEach(async () => {
	t = await createTestDatabase();
	sam = (await insertTestUser(t.db, { role: 'partner' })).id;
	reyes = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

async function signIn(userId: string, device: string | null, now = start) {
	const token = generateSessionToken();
	const session = await createSession(t.db, token, { id: userId, role: 'partner' }, now, {
		keepSignedIn: false,
		device
	});
	return { token, session };
}

const stillSignedIn = async (token: string) =>
	(await validateSessionToken(t.db, token, at(2 * MINUTE))).session !== null;

async function auditActions() {
	return t.db
		.selectFrom('audit_log')
		.select(['user_id', 'action', 'object_type'])
		.orderBy('id')
		.execute();
}

describe('signedInDevices', () => {
	it('lists the person’s own devices, last used first, marks this one, and never shows a session id', async () => {
		const phone = await signIn(sam, 'Chrome on Android');
		const laptop = await signIn(sam, null, at(MINUTE));
		await signIn(reyes, 'Firefox on Linux');

		const devices = await signedInDevices(t.db, sam, phone.session.id);
		expect(devices.map(({ device, isThisDevice }) => ({ device, isThisDevice }))).toEqual([
			{ device: 'A browser', isThisDevice: false },
			{ device: 'Chrome on Android', isThisDevice: true }
		]);
		expect(devices[0]?.firstUsedAt).toEqual(at(MINUTE));
		expect(devices[1]?.lastUsedAt).toEqual(start);
		const shown = JSON.stringify(devices);
		expect(shown).not.toContain(phone.session.id);
		expect(shown).not.toContain(laptop.session.id);
		expect(shown).not.toContain(phone.token);
		expect(new Set(devices.map((device) => device.handle)).size).toBe(2);
	});
});

describe('signOutDevice', () => {
	it('signs out another of the person’s devices, and records it', async () => {
		const phone = await signIn(sam, 'Chrome on Android');
		const laptop = await signIn(sam, 'Firefox on Windows');
		const [, other] = await signedInDevices(t.db, sam, phone.session.id);
		expect(other?.device).toBe('Firefox on Windows');

		expect(await signOutDevice(t.db, by(sam), other!.handle, phone.session.id, start)).toBe(
			'signed-out'
		);
		expect(await stillSignedIn(laptop.token)).toBe(false);
		expect(await stillSignedIn(phone.token)).toBe(true);
		expect(await auditActions()).toEqual([
			{ user_id: sam, action: 'sign-out.device', object_type: 'device' }
		]);
	});

	it('says when it was this very device', async () => {
		const phone = await signIn(sam, 'Chrome on Android');
		const [mine] = await signedInDevices(t.db, sam, phone.session.id);
		expect(await signOutDevice(t.db, by(sam), mine!.handle, phone.session.id, start)).toBe(
			'signed-out-this-device'
		);
		expect(await stillSignedIn(phone.token)).toBe(false);
	});

	it('refuses another person’s device: nothing ends, nothing is recorded', async () => {
		const samsPhone = await signIn(sam, 'Chrome on Android');
		const reyesLaptop = await signIn(reyes, 'Firefox on Linux');
		const [reyesDevice] = await signedInDevices(t.db, reyes, reyesLaptop.session.id);

		expect(
			await signOutDevice(t.db, by(sam), reyesDevice!.handle, samsPhone.session.id, start)
		).toBe('not-found');
		// Nor by the session id or the token themselves.
		for (const guess of [reyesLaptop.session.id, reyesLaptop.token, '', 'x'.repeat(5000)])
			expect(await signOutDevice(t.db, by(sam), guess, samsPhone.session.id, start)).toBe(
				'not-found'
			);
		expect(await stillSignedIn(reyesLaptop.token)).toBe(true);
		expect(await stillSignedIn(samsPhone.token)).toBe(true);
		expect(await auditActions()).toEqual([]);
	});
});

describe('signOutEverywhere', () => {
	it('ends every session of the person, this one too, and no one else’s', async () => {
		const phone = await signIn(sam, 'Chrome on Android');
		const laptop = await signIn(sam, 'Firefox on Windows');
		const reyesLaptop = await signIn(reyes, 'Firefox on Linux');

		expect(await signOutEverywhere(t.db, by(sam), start)).toBe(2);
		expect(await stillSignedIn(phone.token)).toBe(false);
		expect(await stillSignedIn(laptop.token)).toBe(false);
		expect(await stillSignedIn(reyesLaptop.token)).toBe(true);
		expect(await auditActions()).toEqual([
			{ user_id: sam, action: 'sign-out.everywhere', object_type: 'user' }
		]);
	});
});
