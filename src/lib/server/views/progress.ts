import type { Database } from '../database/open';
import {
	checkInPoints,
	CSI4_NORMS,
	feedbackPoints,
	inPartnerOrder,
	TREND_CHECK_IN,
	type CheckInPoint,
	type CheckInResponse
} from '../homework/check-ins';
import { changeSummary } from '../homework/check-in-change';
import { measureFlags, type Flag } from '../homework/flags';
import { coupleMeasures, type CoupleMeasures } from '../homework/measures';
import { feedbackSplits } from '../homework/split-alliance';
import { isAddressedTo, isHandedIn } from '../homework/rules';
import type { Answers } from '../../worksheets/answers';
import {
	CSI4_ITEMS,
	RELATIONSHIP_STATUS,
	satisfactionCheckIn
} from '../../worksheets/builtin/satisfaction-check-in';
import { reliableDifference } from '../../worksheets/reliable-change';
import { programOfCouple } from '../programs/couple-program';

// A couple's progress over the weeks: each step, for each partner, when it
// was assigned, submitted and reviewed; the check-in scores; how much of the
// homework got done. The caller has checked the couple is this therapist's.

export interface StepProgress {
	/** Its place in the program it belongs to. */
	step: number;
	id: string;
	title: string;
	/** False for a step of a program the couple has since left, shown for its homework. */
	inProgram: boolean;
	byPartner: Array<{
		partnerId: string;
		assignedAt: string | null;
		submittedAt: string | null;
		reviewedAt: string | null;
	}>;
}

/** A relationship check-in as the chart and its tables show it. */
export interface ProgressCheckIn extends CheckInPoint {
	/** Apart, in contact, back together; null on check-ins written before it was asked. */
	relationshipStatus: string | null;
	/** Each CSI-4 item's points, by item key. */
	items: Record<string, number | null>;
	/** The flags this check-in carries, in words ("reliable deterioration"). */
	flags: string[];
}

/** One partner's session feedback, placed at the session it is about. */
export interface ProgressFeedback extends CheckInPoint {
	/** The start of the session it is about: the last one before it was handed in. */
	sessionAt: string | null;
	split: boolean;
}

export interface CoupleProgress {
	partners: Array<{ id: string; displayName: string }>;
	/** The title of the program the couple follows. */
	programTitle: string;
	steps: StepProgress[];
	checkIns: ProgressCheckIn[];
	feedback: ProgressFeedback[];
	measures: CoupleMeasures;
	/** One line per partner: "Alex 9 → 14: reliable improvement, crossed the line". */
	summaries: Array<{ partnerId: string; line: string }>;
	flags: Flag[];
	/** Sessions held or to come (not cancelled), for the chart's axis. */
	sessions: Array<{ id: string; startsAt: string; status: string }>;
	/** When each step was first assigned, for the chart's axis. */
	stepsAssigned: Array<{ step: number; at: string }>;
	settings: { notOnTrackAfter: number; checkInLeadHours: number };
	/** Points of change that count as reliable on the CSI-4 (1.96 · S_diff). */
	reliableDifference: number;
	completion: { done: number; addressed: number };
	/** Ids of the check-ins whose answers (item by item) are shown. */
	answersRead: string[];
}

/** The CSI-4 item scores and relationship status of one check-in's answers. */
function readCheckInAnswers(answers: Answers): {
	items: Record<string, number | null>;
	relationshipStatus: string | null;
} {
	const items: Record<string, number | null> = {};
	for (const key of CSI4_ITEMS) {
		const field = satisfactionCheckIn.fields.find((candidate) => candidate.key === key);
		const value = answers[key];
		items[key] =
			field?.kind === 'single-choice'
				? (field.options.find((option) => option.value === value)?.score ?? null)
				: null;
	}
	const status = answers[RELATIONSHIP_STATUS];
	return { items, relationshipStatus: typeof status === 'string' ? status : null };
}

export async function coupleProgress(db: Database, coupleId: string): Promise<CoupleProgress> {
	const [partners, assignments, responses, sessions, couple, coupleProgram] = await Promise.all([
		db
			.selectFrom('partners')
			.select(['id', 'display_name'])
			.where('couple_id', '=', coupleId)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('assignments')
			.select(['id', 'step', 'program_step_id', 'partner_id', 'recurrence', 'created_at'])
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
				'responses.status',
				'responses.submitted_at',
				'responses.reviewed_at',
				'responses.total',
				'responses.occurrence',
				'assignments.template_id',
				'assignments.recurrence'
			])
			// The answers of the relationship check-in only, for its items and status: other
			// worksheets' words are not needed here.
			.select((eb) =>
				eb
					.case()
					.when('assignments.template_id', '=', TREND_CHECK_IN)
					.then(eb.ref('responses.answers'))
					.else(null)
					.end()
					.as('check_in_answers')
			)
			.where('assignments.couple_id', '=', coupleId)
			.where('assignments.cancelled_at', 'is', null)
			.execute(),
		db
			.selectFrom('therapy_sessions')
			.select(['id', 'starts_at', 'status'])
			.where('couple_id', '=', coupleId)
			.where('status', '!=', 'cancelled')
			.orderBy('starts_at')
			.execute(),
		db
			.selectFrom('couples')
			.select(['not_on_track_after', 'check_in_lead_hours'])
			.where('id', '=', coupleId)
			.executeTakeFirstOrThrow(),
		programOfCouple(db, coupleId)
	]);
	// Each assignment's step, in the couple's program or the one it was set under.
	const stepOf = new Map(
		assignments.map((assignment) => [
			assignment.id,
			coupleProgram.stepOf({
				step: assignment.step,
				programStepId: assignment.program_step_id
			})
		])
	);
	const offProgram = new Map(
		[...stepOf.values()]
			.filter((step) => step !== null && !step.inProgram)
			.map((step) => [step!.id, step!])
	);

	const earliest = (values: Array<string | null>) =>
		values.filter((value): value is string => value !== null).sort()[0] ?? null;
	const steps: StepProgress[] = [
		...coupleProgram.program.steps.map((step) => ({ ...step, inProgram: true })),
		...offProgram.values()
	].map((step) => {
		const forStep = assignments.filter((assignment) => stepOf.get(assignment.id)?.id === step.id);
		return {
			step: step.number,
			id: step.id,
			title: step.title,
			inProgram: step.inProgram,
			byPartner: partners.map((partner) => {
				const addressed = forStep.filter((assignment) =>
					isAddressedTo({ partnerId: assignment.partner_id }, partner.id)
				);
				const own = responses.filter(
					(response) =>
						response.partner_id === partner.id &&
						addressed.some((assignment) => assignment.id === response.assignment_id)
				);
				return {
					partnerId: partner.id,
					assignedAt: earliest(addressed.map((assignment) => assignment.created_at)),
					submittedAt: earliest(
						own
							.filter((response) => isHandedIn(response.status))
							.map((response) => response.submitted_at)
					),
					reviewedAt: earliest(own.map((response) => response.reviewed_at))
				};
			})
		};
	});

	const scored: CheckInResponse[] = responses.map((response) => ({
		templateId: response.template_id,
		partnerId: response.partner_id,
		status: response.status,
		submittedAt: response.submitted_at,
		total: response.total,
		recurrence: response.recurrence,
		occurrence: response.occurrence
	}));
	const partnerIds = partners.map((partner) => partner.id);
	const points = inPartnerOrder(checkInPoints(scored), partnerIds);
	const feedback = inPartnerOrder(feedbackPoints(scored), partnerIds);
	const measures = coupleMeasures({
		checkIns: points,
		feedback,
		partnerIds,
		notOnTrackAfter: couple.not_on_track_after,
		norms: CSI4_NORMS
	});
	const nameOf = (partnerId: string) =>
		partners.find((partner) => partner.id === partnerId)?.display_name ?? '';

	// Which check-ins carry a flag: each partner's latest for their change, the latest pair for the gap.
	const flagsAt = new Map<string, string[]>();
	const mark = (point: CheckInPoint | undefined, words: string) => {
		if (!point) return;
		const key = `${point.partnerId} ${point.occurrence}`;
		flagsAt.set(key, [...(flagsAt.get(key) ?? []), words]);
	};
	for (const change of measures.changes) {
		const latest = points.filter((point) => point.partnerId === change.partnerId).at(-1);
		if (change.label === 'reliable-deterioration') mark(latest, 'reliable deterioration');
		if (change.notOnTrack) mark(latest, 'not on track');
	}
	const widening = measures.gapWideningFlag ? measures.gaps.at(-1) : undefined;
	if (widening)
		for (const point of points)
			if (point.occurrence === widening.occurrence) mark(point, 'gap wide and widening');

	const answersOf = new Map(
		responses
			.filter((response) => response.check_in_answers !== null && isHandedIn(response.status))
			.map((response) => [
				`${response.partner_id} ${response.occurrence}`,
				{ id: response.id, answers: response.check_in_answers! }
			])
	);
	// The check-ins whose answers the item table shows: the caller records reading them.
	const answersRead: string[] = [];
	const checkIns: ProgressCheckIn[] = points.map((point) => {
		const read = answersOf.get(`${point.partnerId} ${point.occurrence}`);
		if (read) answersRead.push(read.id);
		return {
			...point,
			...readCheckInAnswers(read ? (JSON.parse(read.answers) as Answers) : {}),
			flags: flagsAt.get(`${point.partnerId} ${point.occurrence}`) ?? []
		};
	});

	const [first, second] = partnerIds;
	const splitAt = new Set(
		first && second
			? feedbackSplits(feedback, [first, second])
					.filter((entry) => entry.split)
					.map((entry) => entry.occurrence)
			: []
	);
	const held = sessions.filter((session) => session.status !== 'scheduled');
	const feedbackShown: ProgressFeedback[] = feedback.map((point) => ({
		...point,
		sessionAt: held.filter((session) => session.starts_at < point.at).at(-1)?.starts_at ?? null,
		split: splitAt.has(point.occurrence)
	}));

	const stepsAssigned = [
		...new Map(
			[...assignments]
				.filter((assignment) => stepOf.get(assignment.id)?.inProgram)
				.sort((a, b) => a.created_at.localeCompare(b.created_at))
				.reverse()
				.map((assignment) => [stepOf.get(assignment.id)!.number, assignment.created_at])
		)
	]
		.map(([step, at]) => ({ step, at }))
		.sort((a, b) => a.at.localeCompare(b.at));

	// One piece of homework per assignment and partner it is addressed to (recurring check-ins aside).
	const once = assignments.filter((assignment) => assignment.recurrence === 'once');
	const addressed = once.flatMap((assignment) =>
		partners
			.filter((partner) => isAddressedTo({ partnerId: assignment.partner_id }, partner.id))
			.map((partner) => ({ assignment, partner }))
	);
	const done = addressed.filter(({ assignment, partner }) =>
		responses.some(
			(response) =>
				response.assignment_id === assignment.id &&
				response.partner_id === partner.id &&
				isHandedIn(response.status)
		)
	).length;

	return {
		partners: partners.map((partner) => ({ id: partner.id, displayName: partner.display_name })),
		programTitle: coupleProgram.program.title,
		steps,
		checkIns,
		feedback: feedbackShown,
		measures,
		summaries: measures.changes.map((change) => ({
			partnerId: change.partnerId,
			line: changeSummary(nameOf(change.partnerId), change)
		})),
		flags: measureFlags(measures, nameOf),
		sessions: sessions.map((session) => ({
			id: session.id,
			startsAt: session.starts_at,
			status: session.status
		})),
		stepsAssigned,
		settings: {
			notOnTrackAfter: couple.not_on_track_after,
			checkInLeadHours: couple.check_in_lead_hours
		},
		reliableDifference: reliableDifference(CSI4_NORMS),
		completion: { done, addressed: addressed.length },
		answersRead
	};
}
