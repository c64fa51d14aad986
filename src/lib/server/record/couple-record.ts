import type { Database } from '../database/open';
import type { FlagTier, StoredFlagKind } from '../database/schema';
import { templateVersion } from '../library/worksheet-templates';
import { coupleProgress } from '../views/progress';
import { handedIn } from '../homework/rules';
import type { Answers } from '../../worksheets/answers';
import { sideBySide, type SideBySideSection } from '../../worksheets/compare';
import type { WorksheetTemplate } from '../../worksheets/template';
import type { DayRange } from '../../day-range';
import {
	acknowledgementOf,
	coupleFlagEscalations,
	resolutionOf,
	type Resolution
} from '../casework/flag-follow-up';

// A couple's record for a range of days, as the therapist files it: the
// sessions, the homework set, every handed-in response with both partners'
// answers lined up where both did it (worksheets/compare.ts, as on the prep
// page), the concerns and how they were resolved, and the check-in totals.
// The therapist's own session notes only when asked for. Who may ask is
// decided by the caller's guard (access/therapist.ts).

export interface RecordSession {
	startsAt: string;
	status: string;
	format: string;
	notes: string | null;
}

export interface RecordWorksheet {
	title: string;
	/** The partners who handed it in, by id, with when. */
	handedIn: Array<{ partnerId: string; at: string }>;
	sections: SideBySideSection[];
	/** Response ids, for the audit log. */
	responseIds: string[];
}

export interface RecordFlag {
	partnerId: string;
	kind: StoredFlagKind;
	/** The tier now; `escalations` says how it got there. */
	tier: FlagTier;
	raisedAt: string;
	/** Each time it grew more urgent, oldest first, with the acknowledgement that set aside. */
	escalations: Array<{
		at: string;
		fromTier: FlagTier;
		toTier: FlagTier;
		acknowledgedAt: string | null;
		acknowledgement: string | null;
	}>;
	acknowledgedAt: string | null;
	/** The therapist's note on acknowledging it. */
	acknowledgement: string | null;
	resolvedAt: string | null;
	/** What was done about it, as the therapist recorded it. */
	resolution: Resolution | null;
}

export interface CoupleRecord {
	partners: Array<{ id: string; displayName: string }>;
	sessions: RecordSession[];
	homework: Array<{
		title: string;
		forPartnerId: string | null;
		createdAt: string;
		dueAt: string | null;
		cancelled: boolean;
	}>;
	worksheets: RecordWorksheet[];
	flags: RecordFlag[];
	checkIns: Array<{ partnerId: string; at: string; total: number }>;
}

const within = (range: DayRange, at: string | null) =>
	at !== null &&
	(!range.from || at >= range.from.toISOString()) &&
	(!range.until || at < range.until.toISOString());

export async function coupleRecord(
	db: Database,
	coupleId: string,
	range: DayRange,
	options: { withNotes: boolean }
): Promise<CoupleRecord> {
	const from = range.from?.toISOString() ?? '';
	const until = range.until?.toISOString() ?? '9999';
	const [progress, sessions, assignments, responses, flags, escalations] = await Promise.all([
		coupleProgress(db, coupleId),
		db
			.selectFrom('therapy_sessions')
			.leftJoin('session_notes', 'session_notes.session_id', 'therapy_sessions.id')
			.select(['starts_at', 'status', 'format', 'session_notes.text as notes'])
			.where('couple_id', '=', coupleId)
			.where('starts_at', '>=', from)
			.where('starts_at', '<', until)
			.orderBy('starts_at')
			.execute(),
		db
			.selectFrom('assignments')
			.select(['id', 'template_id', 'partner_id', 'created_at', 'due_at', 'cancelled_at'])
			.where('couple_id', '=', coupleId)
			.where('created_at', '>=', from)
			.where('created_at', '<', until)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'responses.id',
				'responses.assignment_id',
				'responses.occurrence',
				'responses.partner_id',
				'responses.answers',
				'responses.template_version',
				'responses.submitted_at',
				'assignments.template_id'
			])
			.where('assignments.couple_id', '=', coupleId)
			.where((eb) => handedIn(eb.ref('responses.status')))
			.where('responses.submitted_at', '>=', from)
			.where('responses.submitted_at', '<', until)
			.orderBy('responses.submitted_at')
			.execute(),
		db
			.selectFrom('flags')
			.selectAll()
			.where('couple_id', '=', coupleId)
			.where('raised_at', '>=', from)
			.where('raised_at', '<', until)
			.orderBy('raised_at')
			.execute(),
		coupleFlagEscalations(db, coupleId)
	]);

	const [first, second] = progress.partners;
	// One entry per piece of homework (and occurrence of a repeated one), both partners together.
	const groups = new Map<string, typeof responses>();
	for (const response of responses) {
		const key = `${response.assignment_id}|${response.occurrence}`;
		groups.set(key, [...(groups.get(key) ?? []), response]);
	}
	const worksheets: RecordWorksheet[] = [];
	const titles = new Map<string, string>();
	for (const group of groups.values()) {
		const head = group[0]!;
		const template = await templateVersion(db, head.template_id, head.template_version);
		if (!template) continue;
		titles.set(head.template_id, template.title);
		const answersOf = (partnerId: string | undefined) => {
			const found = group.find((response) => response.partner_id === partnerId);
			return found ? (JSON.parse(found.answers) as Answers) : null;
		};
		worksheets.push({
			title: template.title,
			handedIn: group.map((response) => ({
				partnerId: response.partner_id,
				at: response.submitted_at!
			})),
			sections: answeredSections(template, answersOf(first?.id), answersOf(second?.id)),
			responseIds: group.map((response) => response.id)
		});
	}
	for (const assignment of assignments) {
		if (titles.has(assignment.template_id)) continue;
		const template = await templateVersion(db, assignment.template_id, 1);
		titles.set(assignment.template_id, template?.title ?? assignment.template_id);
	}

	return {
		partners: progress.partners,
		sessions: sessions.map((session) => ({
			startsAt: session.starts_at,
			status: session.status,
			format: session.format,
			notes: options.withNotes && session.notes ? session.notes : null
		})),
		homework: assignments.map((assignment) => ({
			title: titles.get(assignment.template_id) ?? assignment.template_id,
			forPartnerId: assignment.partner_id,
			createdAt: assignment.created_at,
			dueAt: assignment.due_at,
			cancelled: assignment.cancelled_at !== null
		})),
		worksheets,
		flags: flags.map((flag) => ({
			partnerId: flag.partner_id,
			kind: flag.kind,
			tier: flag.tier,
			raisedAt: flag.raised_at,
			escalations: (escalations.get(flag.id) ?? []).map((escalation) => ({
				at: escalation.at,
				fromTier: escalation.fromTier,
				toTier: escalation.toTier,
				acknowledgedAt: escalation.acknowledgedAt,
				acknowledgement: escalation.acknowledgement?.note ?? null
			})),
			acknowledgedAt: flag.acknowledged_at,
			acknowledgement: acknowledgementOf(flag.acknowledgement)?.note ?? null,
			resolvedAt: flag.resolved_at,
			resolution: resolutionOf(flag.resolution)
		})),
		checkIns: progress.checkIns.filter((point) => within(range, point.at))
	};
}

/** The side-by-side sections, less questions neither partner answered. */
function answeredSections(
	template: WorksheetTemplate,
	first: Answers | null,
	second: Answers | null
): SideBySideSection[] {
	return sideBySide(template, first, second)
		.map((section) => ({
			...section,
			rows: section.rows.filter((row) => row.first !== undefined || row.second !== undefined)
		}))
		.filter((section) => section.rows.length > 0);
}
