import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database/open';
import type { DB } from '../database/schema';
import type { DayRange } from '../../day-range';

// The audit trail of one couple, as their therapist reads it: every row about
// the couple or anything of theirs (homework, responses, sessions, flags,
// invitations, the partners' places), and everything the partners did
// (signing in included). Rows hold identifiers only, so this never reveals
// what anyone wrote. Who may read it is decided by the caller's guard
// (access/therapist.ts); this module only gathers.

export interface TrailFilter {
	/** A user id, or null for everyone. */
	personId: string | null;
	action: string | null;
	range: DayRange;
}

export interface TrailEntry {
	id: number;
	at: string;
	personId: string | null;
	action: string;
	objectType: string | null;
	objectId: string | null;
	clientAddress: string | null;
}

export interface TrailPerson {
	id: string;
	name: string;
	/** 'therapist', 'partner', or 'other' (a supervisor, once practices exist). */
	role: 'therapist' | 'partner' | 'other';
}

/** Rows that concern the couple: about their things, or done by one of the partners. */
function aboutCouple(coupleId: string) {
	return (eb: ExpressionBuilder<DB, 'audit_log'>) => {
		const partnerUsers = eb
			.selectFrom('partners')
			.select('user_id')
			.where('couple_id', '=', coupleId)
			.where('user_id', 'is not', null);
		const objectIn = (type: string, ids: Parameters<typeof eb>[2]) =>
			eb.and([eb('audit_log.object_type', '=', type), eb('audit_log.object_id', 'in', ids)]);
		return eb.or([
			eb.and([
				eb('audit_log.object_type', 'in', ['couple', 'progress']),
				eb('audit_log.object_id', '=', coupleId)
			]),
			objectIn(
				'assignment',
				eb.selectFrom('assignments').select('id').where('couple_id', '=', coupleId)
			),
			objectIn(
				'response',
				eb
					.selectFrom('responses')
					.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
					.select('responses.id')
					.where('assignments.couple_id', '=', coupleId)
			),
			objectIn(
				'therapy-session',
				eb.selectFrom('therapy_sessions').select('id').where('couple_id', '=', coupleId)
			),
			objectIn('flag', eb.selectFrom('flags').select('id').where('couple_id', '=', coupleId)),
			objectIn('partner', eb.selectFrom('partners').select('id').where('couple_id', '=', coupleId)),
			objectIn(
				'invitation',
				eb
					.selectFrom('invitations')
					.innerJoin('partners', 'partners.id', 'invitations.partner_id')
					.select('invitations.id')
					.where('partners.couple_id', '=', coupleId)
			),
			objectIn('user', partnerUsers),
			eb('audit_log.user_id', 'in', partnerUsers)
		]);
	};
}

/** What a row of the log shows as an entry: the couple's trail and the practice's sign-ins alike. */
export const ENTRY_COLUMNS = [
	'id',
	'at',
	'user_id as personId',
	'action',
	'object_type as objectType',
	'object_id as objectId',
	'client_address as clientAddress'
] as const;

/** A filter's person, action and days as one condition on rows of the log; each left out when not given. */
export function matching(
	eb: ExpressionBuilder<DB, 'audit_log'>,
	filter: { personId: string | null; action?: string | null; range: DayRange }
) {
	return eb.and([
		...(filter.personId ? [eb('user_id', '=', filter.personId)] : []),
		...(filter.action ? [eb('action', '=', filter.action)] : []),
		...(filter.range.from ? [eb('at', '>=', filter.range.from.toISOString())] : []),
		...(filter.range.until ? [eb('at', '<', filter.range.until.toISOString())] : [])
	]);
}

/** The couple's trail, newest first, filtered; at most `limit` rows (all when null). */
export async function coupleTrail(
	db: Database,
	coupleId: string,
	filter: TrailFilter,
	limit: number | null
): Promise<TrailEntry[]> {
	let query = db
		.selectFrom('audit_log')
		.select(ENTRY_COLUMNS)
		.where(aboutCouple(coupleId))
		.where((eb) => matching(eb, filter))
		.orderBy('at', 'desc')
		.orderBy('id', 'desc');
	if (limit !== null) query = query.limit(limit);
	return query.execute();
}

/** The actions that appear in the couple's trail, for the filter's choices. */
export async function coupleTrailActions(db: Database, coupleId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('audit_log')
		.select('action')
		.distinct()
		.where(aboutCouple(coupleId))
		.orderBy('action')
		.execute();
	return rows.map((row) => row.action);
}

/**
 * Everyone who appears in the couple's trail, named as the therapist knows
 * them: the partners by the names the therapist gave them, the therapist by
 * theirs, anyone else by their account's address.
 */
export async function coupleTrailPeople(
	db: Database,
	coupleId: string,
	therapistId: string
): Promise<TrailPerson[]> {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.user_id')
		.leftJoin('partners', (join) =>
			join
				.onRef('partners.user_id', '=', 'audit_log.user_id')
				.on('partners.couple_id', '=', coupleId)
		)
		.select([
			'audit_log.user_id as id',
			'users.display_name as userName',
			'users.email as email',
			'partners.display_name as partnerName'
		])
		.distinct()
		.where(aboutCouple(coupleId))
		.where('audit_log.user_id', 'is not', null)
		.execute();
	return rows
		.map((row): TrailPerson => {
			if (row.partnerName) return { id: row.id!, name: row.partnerName, role: 'partner' };
			if (row.id === therapistId)
				return { id: row.id, name: row.userName ?? 'You', role: 'therapist' };
			return { id: row.id!, name: row.userName ?? row.email ?? 'Someone removed', role: 'other' };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}
