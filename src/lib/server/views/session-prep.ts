import type { Database } from '../database/open';
import { programOfCouple } from '../programs/couple-program';
import { placementLabel, placementOf } from '../programs/homework-placement';
import type { ResponseStatus } from '../database/schema';
import type { Answers } from '../../worksheets/answers';
import { isCheckIn, type WorksheetTemplate } from '../../worksheets/template';
import { sideBySide, type SideBySideSection } from '../../worksheets/compare';
import { scaleCharts, type ScaleChart } from '../../worksheets/scale-charts';
import { jointSessionMarks, type CellMark } from '../../worksheets/joint-session-marks';
import { biggestDifferences, type ToRaise } from '../../worksheets/to-raise';
import {
	checkInPoints,
	CSI4_NORMS,
	feedbackPoints,
	inPartnerOrder,
	type CheckInPoint,
	type CheckInResponse
} from '../homework/check-ins';
import { coupleMeasures, type CoupleMeasures } from '../homework/measures';
import { countDifferences } from '../homework/differences';
import {
	disagreementFlag,
	measureFlags,
	overdueFlag,
	raisedFlag,
	type Flag
} from '../homework/flags';
import {
	CHECK_IN_LEAD_HOURS_DEFAULT,
	checkInDueAt,
	isAddressedTo,
	isHandedIn,
	isOverdue
} from '../homework/rules';
import { NOT_ON_TRACK_AFTER_DEFAULT } from '../homework/check-in-change';
import { totalOf } from '../homework/totals';
import { scoreAnswers } from '../../worksheets/scoring';
import { templateVersions } from '../library/worksheet-templates';
import { coupleFlagEscalations, stateOf } from '../casework/flag-follow-up';

export type { CheckInPoint, CellMark, ScaleChart };

/** How many differences the summary at the top names. */
export const TO_RAISE_LIMIT = 5;

// Everything a therapist needs in the minutes before a session, gathered in
// a fixed number of queries however many couples and responses exist. The
// caller has checked that the couple and session are this therapist's.

export interface PrepResponse {
	responseId: string;
	partnerId: string;
	status: ResponseStatus;
	submittedAt: string | null;
	changedAfterSubmit: boolean;
	feedback: Array<{ id: string; toPartnerId: string | null; text: string; createdAt: string }>;
}

export interface PrepWorksheet {
	assignmentId: string;
	title: string;
	/** "Step 3", "Check-in", "Outside the program" (programs/homework-placement.ts). */
	placement: string;
	private: boolean;
	template: WorksheetTemplate;
	sections: SideBySideSection[];
	/** By partner position: the first partner's, then the second's. */
	responses: [PrepResponse | null, PrepResponse | null];
	score: [number | null, number | null];
	/** The band each partner's total falls in (the PHQ-9's “Moderate”), by partner position. */
	band: [string | null, string | null];
	/** Each answer's mark for a joint session, by section, row and partner position. */
	marks: Array<Array<[CellMark, CellMark]>>;
	/** Both partners' ratings per topic, for each scale in a list of topics. */
	charts: ScaleChart[];
}

export interface SessionPrep {
	previousSessionAt: string | null;
	partners: Array<{ id: string; position: 1 | 2; displayName: string }>;
	worksheets: PrepWorksheet[];
	missing: Array<{
		assignmentId: string;
		title: string;
		partnerName: string;
		dueAt: string | null;
		overdue: boolean;
		private: boolean;
	}>;
	/** The biggest differences between the partners across the worksheets, biggest first. */
	toRaise: Array<ToRaise & { assignmentId: string; title: string }>;
	flags: Flag[];
	checkIns: CheckInPoint[];
	/** Each partner's change on the relationship check-in, the gap, a split alliance. */
	measures: CoupleMeasures;
	notes: string;
	preparedAt: string | null;
}

export async function sessionPrep(
	db: Database,
	coupleId: string,
	session: { id: string; startsAt: string },
	now: Date
): Promise<SessionPrep> {
	const [partners, sessions, assignments, responses, notes, flags, escalations, program] =
		await Promise.all([
			db
				.selectFrom('partners')
				.innerJoin('couples', 'couples.id', 'partners.couple_id')
				.select([
					'partners.id',
					'partners.position',
					'partners.display_name',
					'couples.not_on_track_after',
					'couples.check_in_lead_hours'
				])
				.where('partners.couple_id', '=', coupleId)
				.orderBy('partners.position')
				.execute(),
			db
				.selectFrom('therapy_sessions')
				.select(['id', 'starts_at', 'status', 'prepared_at'])
				.where('couple_id', '=', coupleId)
				.orderBy('starts_at')
				.execute(),
			db
				.selectFrom('assignments')
				.select([
					'id',
					'template_id',
					'step',
					'program_step_id',
					'partner_id',
					'due_at',
					'recurrence',
					'created_at'
				])
				.where('couple_id', '=', coupleId)
				.where('cancelled_at', 'is', null)
				.execute(),
			db
				.selectFrom('responses')
				.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
				.select([
					'responses.id',
					'responses.assignment_id',
					'responses.partner_id',
					'responses.occurrence',
					'responses.template_version',
					'responses.answers',
					'responses.status',
					'responses.submitted_at',
					'responses.changed_after_submit_at',
					'responses.total',
					'responses.share_therapist_fields',
					'responses.share_shared_fields',
					'assignments.template_id',
					'assignments.recurrence'
				])
				.where('assignments.couple_id', '=', coupleId)
				.execute(),
			db
				.selectFrom('session_notes')
				.select('text')
				.where('session_id', '=', session.id)
				.executeTakeFirst(),
			db
				.selectFrom('flags')
				.leftJoin('responses', 'responses.id', 'flags.response_id')
				.select([
					'flags.id',
					'flags.kind',
					'flags.tier',
					'flags.partner_id',
					'flags.raised_at',
					'flags.acknowledged_at',
					'flags.resolved_at',
					'responses.assignment_id'
				])
				.where('flags.couple_id', '=', coupleId)
				.where('flags.resolved_at', 'is', null)
				.orderBy('flags.raised_at')
				.execute(),
			coupleFlagEscalations(db, coupleId),
			programOfCouple(db, coupleId)
		]);

	const previous =
		sessions
			.filter(
				(candidate) => candidate.starts_at < session.startsAt && candidate.status !== 'cancelled'
			)
			.at(-1) ?? null;
	const since = previous?.starts_at ?? '';
	// The templates of every assignment, not only those with responses: homework nobody has started still needs its title.
	const templateIds = [
		...new Set([
			...assignments.map((assignment) => assignment.template_id),
			...responses.map((response) => response.template_id)
		])
	];
	const [versions, feedback] = await Promise.all([
		templateVersions(db, templateIds),
		responses.length === 0
			? Promise.resolve([])
			: db
					.selectFrom('feedback')
					.select(['id', 'response_id', 'to_partner_id', 'text', 'created_at'])
					.where(
						'response_id',
						'in',
						responses.map((response) => response.id)
					)
					.orderBy('created_at')
					.execute()
	]);
	const templates = versions.byVersion;
	// The newest stored version of a template, for titles of homework nobody has started.
	const latestTemplate = (templateId: string) => versions.newest.get(templateId)?.template;
	const nameOf = (partnerId: string) =>
		partners.find((partner) => partner.id === partnerId)?.display_name ?? '';

	// What came in since the previous session, up to now; a response sent back
	// for revision stays, showing where it has got to.
	const recent = responses.filter(
		(response) => response.submitted_at !== null && response.submitted_at > since
	);
	const worksheets: PrepWorksheet[] = [];
	for (const assignment of assignments) {
		const mine = recent.filter((response) => response.assignment_id === assignment.id);
		if (mine.length === 0) continue;
		// A recurring check-in may have several occurrences: the latest of each partner's.
		const byPartner = partners.map(
			(partner) =>
				mine
					.filter((response) => response.partner_id === partner.id)
					.sort((a, b) => (a.submitted_at! < b.submitted_at! ? 1 : -1))[0] ?? null
		);
		const template = templates.get(`${mine[0]!.template_id}@${mine[0]!.template_version}`);
		if (!template) continue;
		const answers = byPartner.map((response) =>
			response ? (JSON.parse(response.answers) as Answers) : null
		);
		const sections = sideBySide(template, answers[0] ?? null, answers[1] ?? null);
		const marked = byPartner.map((response) =>
			response
				? {
						status: response.status,
						sharing: {
							therapistFields: response.share_therapist_fields === 1,
							sharedFields: response.share_shared_fields === 1
						}
					}
				: null
		);
		worksheets.push({
			assignmentId: assignment.id,
			title: template.title,
			// Its place in the couple's program today.
			placement: placementLabel(
				placementOf(program, {
					step: assignment.step,
					programStepId: assignment.program_step_id,
					checkIn: isCheckIn(template)
				})
			),
			private: template.privacy === 'private',
			template,
			sections,
			marks: jointSessionMarks(template, sections, [marked[0] ?? null, marked[1] ?? null]),
			charts: scaleCharts(template, sections),
			responses: byPartner.map((response) =>
				response
					? {
							responseId: response.id,
							partnerId: response.partner_id,
							status: response.status,
							submittedAt: response.submitted_at,
							changedAfterSubmit: response.changed_after_submit_at !== null,
							feedback: feedback
								.filter((item) => item.response_id === response.id)
								.map((item) => ({
									id: item.id,
									toPartnerId: item.to_partner_id,
									text: item.text,
									createdAt: item.created_at
								}))
						}
					: null
			) as [PrepResponse | null, PrepResponse | null],
			score: answers.map((value) => (value ? totalOf(template, value) : null)) as [
				number | null,
				number | null
			],
			band: answers.map((value) =>
				value ? (scoreAnswers(template, value)?.band.label ?? null) : null
			) as [string | null, string | null]
		});
	}

	// Homework due by this session that is not in: one-off homework due by its start, and a
	// check-in set "before every session" (due at this one: the one handed in for it counts).
	const missing: SessionPrep['missing'] = [];
	for (const assignment of assignments) {
		const repeating = assignment.recurrence === 'before-each-session';
		const dueAt = repeating
			? checkInDueAt(
					session.startsAt,
					partners[0]?.check_in_lead_hours ?? CHECK_IN_LEAD_HOURS_DEFAULT
				)
			: assignment.due_at;
		if (dueAt === null || dueAt > session.startsAt) continue;
		if (repeating && assignment.created_at >= session.startsAt) continue;
		for (const partner of partners) {
			if (!isAddressedTo({ partnerId: assignment.partner_id }, partner.id)) continue;
			const done = responses.some(
				(response) =>
					response.assignment_id === assignment.id &&
					response.partner_id === partner.id &&
					(!repeating || response.occurrence === session.id) &&
					isHandedIn(response.status)
			);
			if (done) continue;
			const template = latestTemplate(assignment.template_id);
			missing.push({
				assignmentId: assignment.id,
				title: template?.title ?? assignment.template_id,
				partnerName: partner.display_name,
				dueAt,
				// A recurring check-in stays open until its session starts: never overdue.
				overdue: !repeating && isOverdue({ dueAt }, 'not-started', now),
				private: template?.privacy === 'private'
			});
		}
	}

	// Check-in totals over time, each partner's, oldest first (cancelled homework aside).
	const live = new Set(assignments.map((assignment) => assignment.id));
	const scored: CheckInResponse[] = responses
		.filter((response) => live.has(response.assignment_id))
		.map((response) => ({
			templateId: response.template_id,
			partnerId: response.partner_id,
			status: response.status,
			submittedAt: response.submitted_at,
			total: response.total,
			recurrence: response.recurrence,
			occurrence: response.occurrence
		}));
	const partnerIds = partners.map((partner) => partner.id);
	const checkIns = inPartnerOrder(checkInPoints(scored), partnerIds);
	const measures = coupleMeasures({
		checkIns,
		feedback: feedbackPoints(scored),
		partnerIds,
		notOnTrackAfter: partners[0]?.not_on_track_after ?? NOT_ON_TRACK_AFTER_DEFAULT,
		norms: CSI4_NORMS
	});

	return {
		previousSessionAt: previous?.starts_at ?? null,
		partners: partners.map((partner) => ({
			id: partner.id,
			position: partner.position,
			displayName: partner.display_name
		})),
		worksheets,
		missing,
		// Where both partners handed in: what they see most differently, across the worksheets.
		toRaise: worksheets
			.filter((worksheet) => !worksheet.private && worksheet.responses.every(Boolean))
			.flatMap((worksheet) =>
				biggestDifferences(withoutConfidential(worksheet), TO_RAISE_LIMIT).map((item) => ({
					...item,
					assignmentId: worksheet.assignmentId,
					title: worksheet.title
				}))
			)
			.sort((a, b) => b.gap - a.gap)
			.slice(0, TO_RAISE_LIMIT)
			.map(({ gap: _gap, ...item }) => item),
		flags: [
			...flags.map((flag) =>
				raisedFlag(flag.kind, nameOf(flag.partner_id), {
					id: flag.id,
					tier: flag.tier,
					state: stateOf(flag) === 'open' ? 'open' : 'acknowledged',
					assignmentId: flag.assignment_id,
					escalations: escalations.get(flag.id) ?? []
				})
			),
			...measureFlags(measures, nameOf),
			// Both partners' answers in and far apart: the same count the week ahead shows.
			...worksheets.flatMap((worksheet) => {
				const differences = worksheet.responses.every((response) => response !== null)
					? countDifferences(worksheet.sections)
					: 0;
				return differences > 0 ? [disagreementFlag(worksheet.title, differences)] : [];
			}),
			...missing
				.filter((item) => item.overdue)
				.map((item) => overdueFlag(item.title, item.partnerName))
		],
		checkIns,
		measures,
		notes: notes?.text ?? '',
		preparedAt: sessions.find((candidate) => candidate.id === session.id)?.prepared_at ?? null
	};
}

/** A worksheet's sections without confidential answers: the summary at the top is safe to read out. */
function withoutConfidential(worksheet: PrepWorksheet): SideBySideSection[] {
	return worksheet.sections.map((section, sectionIndex) => ({
		...section,
		rows: section.rows.filter(
			(_row, rowIndex) => !worksheet.marks[sectionIndex]?.[rowIndex]?.includes('confidential')
		)
	}));
}
