import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../database/schema';
import type { Database } from '../database/open';

// What counts as a second step: a confirmed time-based code (users.totp_confirmed_at)
// or any passkey. Sign-in, the session and the practice's "two-step required"
// all ask the same question through this expression.

/** 1 when the account in the query's `users` row has at least one passkey, else 0. */
export function hasPasskey(eb: ExpressionBuilder<DB, 'users'>) {
	return eb
		.case()
		.when(
			eb.exists(
				eb
					.selectFrom('passkeys')
					.select('passkeys.id')
					.whereRef('passkeys.user_id', '=', 'users.id')
			)
		)
		.then(1)
		.else(0)
		.end();
}

export interface SecondSteps {
	/** Codes from an authenticator app, confirmed. */
	appCodes: boolean;
	/** At least one passkey. */
	passkeys: boolean;
}

/** Which second steps the account has; recovery codes stand in for either, so they need one. */
export async function secondStepsOf(db: Database, userId: string): Promise<SecondSteps> {
	const row = await db
		.selectFrom('users')
		.select('totp_confirmed_at')
		.select((eb) => hasPasskey(eb).as('has_passkey'))
		.where('id', '=', userId)
		.executeTakeFirst();
	return {
		appCodes: row?.totp_confirmed_at != null,
		passkeys: row?.has_passkey === 1
	};
}
