import type { Database } from '../database/open';
import type { DayRange } from '../../day-range';
import type { AuditAction } from './audit';
import { ENTRY_COLUMNS, matching, type TrailEntry, type TrailPerson } from './trail';

// A practice's sign-in events, as its administrator reads them: the sign-ins,
// failures, two-step steps and sign-outs of the practice's therapists. Only
// rows done by or against an account of one of those therapists: never a
// partner's, never another practice's, and nothing about any couple. Who may
// read it is decided by the caller's guard (access/administrator.ts).
//
// An attempt throttled by address and a session that ended on its own are
// written before anyone is known (no account on the row), so they cannot be
// told apart by practice and are not shown here.

export const SIGN_IN_ACTIONS = [
	'sign-in.success',
	'sign-in.password',
	'sign-in.failure',
	'two-step.failure',
	'two-step.recovery-code',
	'sign-out',
	'sign-out.device',
	'sign-out.everywhere'
] as const satisfies readonly AuditAction[];

export interface SignInFilter {
	/** A colleague's user id, or null for every therapist of the practice. */
	personId: string | null;
	range: DayRange;
}

/** The practice's sign-in events, newest first: `limit` rows after skipping `offset` (all when null). */
export async function practiceSignIns(
	db: Database,
	practiceId: string,
	filter: SignInFilter,
	page: { limit: number; offset: number } | null
): Promise<TrailEntry[]> {
	let query = db
		.selectFrom('audit_log')
		.select(ENTRY_COLUMNS)
		.where('action', 'in', SIGN_IN_ACTIONS)
		.where('user_id', 'in', (eb) =>
			eb
				.selectFrom('users')
				.select('users.id')
				.where('practice_id', '=', practiceId)
				.where('role', '=', 'therapist')
		)
		.where((eb) => matching(eb, filter))
		.orderBy('at', 'desc')
		.orderBy('id', 'desc');
	if (page) query = query.limit(page.limit).offset(page.offset);
	return query.execute();
}

/** The practice's therapists, for the filter and to name the rows (deactivated ones included). */
export async function practiceSignInPeople(
	db: Database,
	practiceId: string
): Promise<TrailPerson[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'email'])
		.where('practice_id', '=', practiceId)
		.where('role', '=', 'therapist')
		.orderBy('display_name')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.display_name || row.email,
		role: 'therapist'
	}));
}
