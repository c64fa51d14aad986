import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';

// The devices a person is signed in on, one per session, so they can see
// where they are signed in and end any of it. A session's id is the SHA-256 of
// its token and never leaves the server: each row is named by a handle
// derived from it one way, which opens nothing and is looked up only among
// the asker's own sessions.

export interface SignedInDevice {
	handle: string;
	/** The browser, as its owner would recognise it; older sessions have none. */
	device: string;
	firstUsedAt: Date;
	lastUsedAt: Date;
	isThisDevice: boolean;
}

function deviceHandle(sessionId: string): string {
	return encodeHexLowerCase(
		sha256(new TextEncoder().encode(`common-ground device handle:${sessionId}`))
	).slice(0, 32);
}

/** The person's signed-in devices, most recently used first. */
export async function signedInDevices(
	db: Database,
	userId: string,
	thisSessionId: string
): Promise<SignedInDevice[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'device', 'created_at', 'last_active_at'])
		.where('user_id', '=', userId)
		.orderBy('last_active_at', 'desc')
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((row) => ({
		handle: deviceHandle(row.id),
		device: row.device ?? 'A browser',
		firstUsedAt: new Date(row.created_at),
		lastUsedAt: new Date(row.last_active_at),
		isThisDevice: row.id === thisSessionId
	}));
}

export type DeviceSignOut = 'signed-out' | 'signed-out-this-device' | 'not-found';

/**
 * Signs the person out on one of their own devices. A handle that is not one
 * of theirs (another person's, made up, already ended) finds nothing.
 */
export async function signOutDevice(
	db: Database,
	actor: SignedInActor,
	handle: string,
	thisSessionId: string,
	now: Date
): Promise<DeviceSignOut> {
	return writeTransaction(db, async (trx) => {
		const sessions = await trx
			.selectFrom('sessions')
			.select('id')
			.where('user_id', '=', actor.userId)
			.execute();
		const session = sessions.find((row) => deviceHandle(row.id) === handle);
		if (!session) return 'not-found';
		await trx
			.deleteFrom('sessions')
			.where('id', '=', session.id)
			.where('user_id', '=', actor.userId)
			.execute();
		await recordAudit(trx, actor, 'sign-out.device', { type: 'device', id: handle }, now);
		return session.id === thisSessionId ? 'signed-out-this-device' : 'signed-out';
	});
}

/** Ends every session of the person, this one too. Returns how many ended. */
export async function signOutEverywhere(
	db: Database,
	actor: SignedInActor,
	now: Date
): Promise<number> {
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.deleteFrom('sessions')
			.where('user_id', '=', actor.userId)
			.executeTakeFirst();
		await recordAudit(trx, actor, 'sign-out.everywhere', { type: 'user', id: actor.userId }, now);
		return Number(result.numDeletedRows);
	});
}
