import type { Database } from '../database/open';
import type { ResponseStatus } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { latestBuiltinTemplate, templateVersion } from '../library/worksheet-templates';
import type { HomeworkStatus } from './assignments';
import type { Answers } from '../../worksheets/answers';
import type { WorksheetTemplate } from '../../worksheets/template';
import { validateAnswers, type Problems } from '../../worksheets/validate';
import { isConcerning } from '../../worksheets/concern';
import {
	answersForOtherPartner,
	DEFAULT_SHARING,
	fieldsForOtherPartner,
	type SharingChoice
} from '../../worksheets/audience';
import { recordDifferences } from './differences';
import { totalOf } from './totals';
import { addressedTo, handedIn } from './rules';

// A partner's own writing: reading it back, saving drafts, submitting. Every
// function takes the partner from the session and finds the assignment only
// among those addressed to them; anything else is "not found".

export interface PartnerRef {
	partnerId: string;
	coupleId: string;
}

export interface WorksheetState {
	assignmentId: string;
	title: string;
	step: number | null;
	note: string;
	dueAt: string | null;
	template: WorksheetTemplate;
	version: number;
	/** 'once', or the session a recurring check-in is for. */
	occurrence: string;
	responseId: string | null;
	answers: Answers;
	/** 0 before anything is saved; every save adds one. */
	revision: number;
	status: HomeworkStatus;
	submittedAt: string | null;
	updatedAt: string | null;
	sharing: SharingChoice;
	/** What the therapist asked to be revised, when they sent it back. */
	reopenNote: string | null;
}

/** The worksheet a partner is asked to fill in, with what they have written so far, or null. */
export async function worksheetForPartner(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	now: Date
): Promise<WorksheetState | null> {
	const assignment = await db
		.selectFrom('assignments')
		.select(['id', 'template_id', 'step', 'note', 'due_at', 'recurrence'])
		.where('id', '=', assignmentId)
		.where('couple_id', '=', partner.coupleId)
		.where('cancelled_at', 'is', null)
		.where((eb) => addressedTo(eb.ref('partner_id'), partner.partnerId))
		.executeTakeFirst();
	if (!assignment) return null;

	let occurrence = 'once';
	let dueAt = assignment.due_at;
	if (assignment.recurrence === 'before-each-session') {
		const next = await db
			.selectFrom('therapy_sessions')
			.select(['id', 'starts_at'])
			.where('couple_id', '=', partner.coupleId)
			.where('status', '=', 'scheduled')
			.where('starts_at', '>=', now.toISOString())
			.orderBy('starts_at')
			.limit(1)
			.executeTakeFirst();
		occurrence = next?.id ?? 'unscheduled';
		dueAt = next?.starts_at ?? null;
	}

	let response = await db
		.selectFrom('responses')
		.selectAll()
		.where('assignment_id', '=', assignment.id)
		.where('partner_id', '=', partner.partnerId)
		.where('occurrence', '=', occurrence)
		.executeTakeFirst();
	if (!response && assignment.recurrence === 'before-each-session') {
		// A check-in started for a session that has since passed, or before one was booked,
		// is carried forward to the next one rather than left behind.
		response = await db
			.selectFrom('responses')
			.selectAll()
			.where('assignment_id', '=', assignment.id)
			.where('partner_id', '=', partner.partnerId)
			.where('status', '=', 'draft')
			.orderBy('updated_at', 'desc')
			.limit(1)
			.executeTakeFirst();
	}
	// A response keeps the template version it was started with.
	const stored = response
		? {
				template: await templateVersion(db, assignment.template_id, response.template_version),
				version: response.template_version
			}
		: await latestBuiltinTemplate(db, assignment.template_id);
	if (!stored?.template) return null;

	return {
		assignmentId: assignment.id,
		title: stored.template.title,
		step: assignment.step,
		note: assignment.note,
		dueAt,
		template: stored.template,
		version: stored.version,
		occurrence,
		responseId: response?.id ?? null,
		answers: response ? (JSON.parse(response.answers) as Answers) : {},
		revision: response?.revision ?? 0,
		status: response?.status ?? 'not-started',
		submittedAt: response?.submitted_at ?? null,
		updatedAt: response?.updated_at ?? null,
		sharing: response
			? {
					therapistFields: response.share_therapist_fields === 1,
					sharedFields: response.share_shared_fields === 1
				}
			: DEFAULT_SHARING,
		reopenNote: response?.status === 'draft' ? (response.reopen_note ?? null) : null
	};
}

export type SaveResult =
	| { outcome: 'saved'; revision: number; savedAt: string }
	| { outcome: 'conflict'; current: { answers: Answers; revision: number } }
	| { outcome: 'invalid'; problems: Problems }
	| { outcome: 'locked'; status: ResponseStatus }
	| { outcome: 'not-found' };

export type SubmitResult =
	| { outcome: 'submitted'; revision: number; concerning: boolean }
	| Exclude<SaveResult, { outcome: 'saved' }>;

/**
 * Saves a draft. The save names the revision it was based on: if another
 * device saved in between, nothing is overwritten and the partner is shown
 * both versions. A submitted response is read-only until they choose to edit
 * it again; a reviewed one until the therapist reopens it.
 */
export async function saveDraft(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	input: unknown,
	baseRevision: number,
	now: Date
): Promise<SaveResult> {
	return writeTransaction(db, async (trx) => {
		const state = await worksheetForPartner(trx, partner, assignmentId, now);
		if (!state) return { outcome: 'not-found' };
		if (state.status === 'submitted' || state.status === 'reviewed')
			return { outcome: 'locked', status: state.status };
		if (state.revision !== baseRevision)
			return { outcome: 'conflict', current: { answers: state.answers, revision: state.revision } };
		const result = validateAnswers(state.template, input, 'draft');
		if (!result.ok) return { outcome: 'invalid', problems: result.problems };
		const revision = await store(trx, partner, state, result.answers, 'draft', null, now);
		return { outcome: 'saved', revision, savedAt: now.toISOString() };
	});
}

/** Submits to the therapist, with the author's choice of what the other partner may read. */
export async function submitResponse(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	input: unknown,
	baseRevision: number,
	sharing: SharingChoice,
	now: Date
): Promise<SubmitResult> {
	return writeTransaction(db, async (trx) => {
		const state = await worksheetForPartner(trx, partner, assignmentId, now);
		if (!state) return { outcome: 'not-found' };
		if (state.status === 'submitted' || state.status === 'reviewed')
			return { outcome: 'locked', status: state.status };
		if (state.revision !== baseRevision)
			return { outcome: 'conflict', current: { answers: state.answers, revision: state.revision } };
		const result = validateAnswers(state.template, input, 'submit');
		if (!result.ok) return { outcome: 'invalid', problems: result.problems };
		// A private check-in is never shared, whatever arrives in the form.
		const choice =
			state.template.privacy === 'private'
				? { therapistFields: false, sharedFields: false }
				: sharing;
		const revision = await store(trx, partner, state, result.answers, 'submitted', choice, now);
		const concerning = isConcerning(state.template, result.answers);
		const alreadyFlagged =
			concerning &&
			(await trx
				.selectFrom('flags')
				.innerJoin('responses', 'responses.id', 'flags.response_id')
				.select('flags.id')
				.where('responses.assignment_id', '=', assignmentId)
				.where('responses.partner_id', '=', partner.partnerId)
				.where('responses.occurrence', '=', state.occurrence)
				.where('flags.resolved_at', 'is', null)
				.executeTakeFirst()) !== undefined;
		// One open flag per response: submitting it again after a revision does not add another.
		if (concerning && !alreadyFlagged) {
			// Raised in the same transaction as the submission: the therapist can never miss it.
			const responseId = (
				await trx
					.selectFrom('responses')
					.select('id')
					.where('assignment_id', '=', assignmentId)
					.where('partner_id', '=', partner.partnerId)
					.where('occurrence', '=', state.occurrence)
					.executeTakeFirstOrThrow()
			).id;
			await trx
				.insertInto('flags')
				.values({
					id: newId(),
					couple_id: partner.coupleId,
					partner_id: partner.partnerId,
					response_id: responseId,
					kind: state.template.privacy === 'private' ? 'safety' : 'distress',
					raised_at: now.toISOString(),
					resolved_at: null
				})
				.execute();
		}
		// With both partners' answers in, how far apart they are, for the therapist's week ahead. A count
		// derived for the therapist must never cost a partner their submission: on failure it stays
		// empty, and the next start of the server counts it.
		await recordDifferences(trx, [assignmentId]).catch((error: unknown) =>
			console.error(`Differences for assignment ${assignmentId} not counted:`, error)
		);
		return { outcome: 'submitted', revision, concerning };
	});
}

/** Opens a submitted response for changes again, until the therapist has reviewed it. */
export async function editAgain(
	db: Database,
	partner: PartnerRef,
	assignmentId: string,
	now: Date
): Promise<'editing' | 'reviewed' | 'not-found'> {
	return writeTransaction(db, async (trx) => {
		const state = await worksheetForPartner(trx, partner, assignmentId, now);
		if (!state || !state.responseId) return 'not-found';
		if (state.status === 'reviewed') return 'reviewed';
		if (state.status === 'submitted') {
			await trx
				.updateTable('responses')
				.set({
					status: 'draft',
					changed_after_submit_at: now.toISOString(),
					updated_at: now.toISOString()
				})
				.where('id', '=', state.responseId)
				.execute();
		}
		return 'editing';
	});
}

async function store(
	db: Database,
	partner: PartnerRef,
	state: WorksheetState,
	answers: Answers,
	status: ResponseStatus,
	sharing: SharingChoice | null,
	now: Date
): Promise<number> {
	const revision = state.revision + 1;
	const shares = sharing
		? {
				share_therapist_fields: sharing.therapistFields ? (1 as const) : (0 as const),
				share_shared_fields: sharing.sharedFields ? (1 as const) : (0 as const)
			}
		: {};
	// A submission answers the therapist's request for revision: its note is not shown again. A scored
	// worksheet's total is worked out once, here, from the answers as handed in.
	const submittedAt =
		status === 'submitted'
			? {
					submitted_at: now.toISOString(),
					reopen_note: null,
					total: totalOf(state.template, answers)
				}
			: {};
	if (state.responseId) {
		await db
			.updateTable('responses')
			.set({
				answers: JSON.stringify(answers),
				revision,
				status,
				occurrence: state.occurrence,
				updated_at: now.toISOString(),
				...shares,
				...submittedAt
			})
			.where('id', '=', state.responseId)
			.execute();
	} else {
		await db
			.insertInto('responses')
			.values({
				id: newId(),
				assignment_id: state.assignmentId,
				partner_id: partner.partnerId,
				occurrence: state.occurrence,
				template_version: state.version,
				answers: JSON.stringify(answers),
				revision,
				status,
				started_at: now.toISOString(),
				updated_at: now.toISOString(),
				submitted_at: null,
				reviewed_at: null,
				changed_after_submit_at: null,
				...shares,
				...submittedAt
			})
			.execute();
	}
	return revision;
}

export interface SharedWorksheet {
	responseId: string;
	title: string;
	authorName: string;
	submittedAt: string;
	/** Only the fields the reader may see. */
	template: WorksheetTemplate;
	answers: Answers;
}

/**
 * What the other partner chose to share with this one: submitted responses of
 * non-private worksheets, cut down on the server to the fields the author
 * shared. Confidential fields and private check-ins never appear.
 */
export async function sharedWithPartner(
	db: Database,
	partner: PartnerRef
): Promise<SharedWorksheet[]> {
	const rows = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.innerJoin('partners', 'partners.id', 'responses.partner_id')
		.select([
			'responses.id',
			'responses.answers',
			'responses.template_version',
			'responses.submitted_at',
			'responses.share_therapist_fields',
			'responses.share_shared_fields',
			'assignments.template_id',
			'partners.display_name'
		])
		.where('assignments.couple_id', '=', partner.coupleId)
		.where('assignments.cancelled_at', 'is', null)
		.where('responses.partner_id', '!=', partner.partnerId)
		.where((eb) => handedIn(eb.ref('responses.status')))
		.orderBy('responses.submitted_at', 'desc')
		.execute();

	const shared: SharedWorksheet[] = [];
	for (const row of rows) {
		const template = await templateVersion(db, row.template_id, row.template_version);
		if (!template) continue;
		const choice = {
			therapistFields: row.share_therapist_fields === 1,
			sharedFields: row.share_shared_fields === 1
		};
		const answers = answersForOtherPartner(template, JSON.parse(row.answers) as Answers, choice);
		if (!answers || Object.keys(answers).length === 0) continue;
		const fields = fieldsForOtherPartner(template, choice);
		shared.push({
			responseId: row.id,
			title: template.title,
			authorName: row.display_name,
			submittedAt: row.submitted_at ?? '',
			template: { ...template, fields, concernRules: undefined, scoring: undefined },
			answers
		});
	}
	return shared;
}
