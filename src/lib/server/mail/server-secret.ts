import type { Database } from '../database/open';

// Keys the server makes for itself the first time it needs them and keeps
// in the database, so that a restart or a second server process signs the
// same way. Nothing outside the server ever reads them.

const known = new WeakMap<Database, Map<string, Uint8Array>>();

export async function serverSecret(
	db: Database,
	name: string,
	now = new Date()
): Promise<Uint8Array> {
	const cached = known.get(db)?.get(name);
	if (cached) return cached;
	const fresh = new Uint8Array(32);
	crypto.getRandomValues(fresh);
	// Two processes making it at once: the first row written wins, and both read that one.
	await db
		.insertInto('server_secrets')
		.values({ name, value: Buffer.from(fresh).toString('base64'), created_at: now.toISOString() })
		.onConflict((conflict) => conflict.column('name').doNothing())
		.execute();
	const row = await db
		.selectFrom('server_secrets')
		.select('value')
		.where('name', '=', name)
		.executeTakeFirstOrThrow();
	const secret = new Uint8Array(Buffer.from(row.value, 'base64'));
	if (!known.has(db)) known.set(db, new Map());
	known.get(db)?.set(name, secret);
	return secret;
}
