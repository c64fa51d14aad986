import type { Database } from '../database/open';
import type { ResponseStatus, SharedRelease } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { groupedWrite } from '../database/group-commit';
import { homeworkTemplate, templateVersion } from '../library/worksheet-templates';
import type { HomeworkStatus } from './assignments';
import type { Answers } from '../../worksheets/answers';
import type { WorksheetTemplate } from '../../worksheets/template';
import { validateAnswers, type Problems } from '../../worksheets/validate';
import { DEFAULT_SHARING, type SharingChoice } from '../../worksheets/audience';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { handIn, storeDraft, type PartnerRef, type ResponseTarget } from './hand-in';
import { addressedTo, checkInDueAt, isHandedIn } from './rules';
import { canSendAnother, currentResponse, isPrivate, nextOccurrence } from './private-check-in';

export type { PartnerRef };

// A partner's own writing, as their pages ask for it: reading the worksheet
// back, saving a draft, submitting, opening it again. The worksheet is found
// only among homework addressed to the partner from the session; anything
// else is "not found". The writes themselves go through hand-in.ts.

export interface WorksheetState {
	assignmentId: string;
	title: string;
	step: number | null;
	/** The step of a therapist's program it was set under (programs/couple-program.ts). */
	programStepId: string | null;
	note: string;
	dueAt: string | null;
	template: WorksheetTemplate;
	version: number;
	/** 'once' (or 'again-<n>' for a private check-in sent again), or the session a recurring check-in is for. */
	occurrence: string;
	/** Set before every session rather than once. */
	recurring: boolean;
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
	/** When the other partner may read what is shared (release.ts). */
	release: SharedRelease;
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
		.select([
			'id',
			'template_id',
			'template_version',
			'step',
			'note',
			'due_at',
			'recurrence',
			'release_shared',
			'program_step_id'
		])
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
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select(['therapy_sessions.id', 'therapy_sessions.starts_at', 'couples.check_in_lead_hours'])
			.where('therapy_sessions.couple_id', '=', partner.coupleId)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', now.toISOString())
			.orderBy('therapy_sessions.starts_at')
			.limit(1)
			.executeTakeFirst();
		occurrence = next?.id ?? 'unscheduled';
		dueAt = next ? checkInDueAt(next.starts_at, next.check_in_lead_hours) : null;
	}

	let response =
		assignment.recurrence === 'once'
			? // One-off homework: a private check-in may have been sent more than once.
				currentResponse(
					await db
						.selectFrom('responses')
						.selectAll()
						.where('assignment_id', '=', assignment.id)
						.where('partner_id', '=', partner.partnerId)
						.execute(),
					'partner'
				)
			: await db
					.selectFrom('responses')
					.selectAll()
					.where('assignment_id', '=', assignment.id)
					.where('partner_id', '=', partner.partnerId)
					.where('occurrence', '=', occurrence)
					.executeTakeFirst();
	if (response && assignment.recurrence === 'once') occurrence = response.occurrence;
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
		: await homeworkTemplate(db, assignment.template_id, assignment.template_version);
	if (!stored?.template) return null;

	return {
		assignmentId: assignment.id,
		title: stored.template.title,
		step: assignment.step,
		programStepId: assignment.program_step_id,
		note: assignment.note,
		dueAt,
		template: stored.template,
		version: stored.version,
		occurrence,
		recurring: assignment.recurrence === 'before-each-session',
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
		reopenNote: response?.status === 'draft' ? (response.reopen_note ?? null) : null,
		release: assignment.release_shared
	};
}

export type SaveResult =
	| { outcome: 'saved'; revision: number; savedAt: string }
	| { outcome: 'conflict'; current: { answers: Answers; revision: number } }
	| { outcome: 'invalid'; problems: Problems }
	| { outcome: 'locked'; status: ResponseStatus }
	| { outcome: 'not-found' };

export type SubmitResult =
	| { outcome: 'submitted'; responseId: string; revision: number; concerning: boolean }
	| Exclude<SaveResult, { outcome: 'saved' }>;

/**
 * What is stored now for the response a worksheet was read with, asked under
 * the write lock: the worksheet itself (read by the page's guard) is not read
 * again. 'gone' when the homework was cancelled in between.
 */
async function storedNow(
	trx: Database,
	partner: PartnerRef,
	worksheet: WorksheetState
): Promise<'gone' | { target: ResponseTarget; status: HomeworkStatus; answers: Answers }> {
	const live = await trx
		.selectFrom('assignments')
		.select('id')
		.where('id', '=', worksheet.assignmentId)
		.where('cancelled_at', 'is', null)
		.executeTakeFirst();
	if (!live) return 'gone';
	const row = await trx
		.selectFrom('responses')
		.select(['id', 'revision', 'status', 'answers'])
		.$if(worksheet.responseId !== null, (query) => query.where('id', '=', worksheet.responseId!))
		.$if(worksheet.responseId === null, (query) =>
			query
				.where('assignment_id', '=', worksheet.assignmentId)
				.where('partner_id', '=', partner.partnerId)
				.where('occurrence', '=', worksheet.occurrence)
		)
		.executeTakeFirst();
	return {
		target: { ...worksheet, responseId: row?.id ?? null, revision: row?.revision ?? 0 },
		status: row?.status ?? 'not-started',
		answers: row ? (JSON.parse(row.answers) as Answers) : {}
	};
}

/** Why a write may not go ahead. */
type Refusal = Extract<SaveResult, { outcome: 'not-found' | 'locked' | 'conflict' }>;

/**
 * What a write builds on, if it may: the homework is still set, the response
 * is not handed in, and it is at the revision the write names. Otherwise the
 * refusal, with the saved answers for a conflict.
 */
async function writableNow(
	trx: Database,
	partner: PartnerRef,
	worksheet: WorksheetState,
	baseRevision: number
): Promise<{ refusal: Refusal } | { target: ResponseTarget }> {
	const stored = await storedNow(trx, partner, worksheet);
	if (stored === 'gone') return { refusal: { outcome: 'not-found' } };
	if (stored.status === 'submitted' || stored.status === 'reviewed')
		return { refusal: { outcome: 'locked', status: stored.status } };
	if (stored.target.revision !== baseRevision)
		return {
			refusal: {
				outcome: 'conflict',
				current: { answers: stored.answers, revision: stored.target.revision }
			}
		};
	return { target: stored.target };
}

/**
 * Saves a draft. The save names the revision it was based on: if another
 * device saved in between, nothing is overwritten and the partner is shown
 * both versions. A submitted response is read-only until they choose to edit
 * it again; a reviewed one until the therapist reopens it.
 */
export async function saveDraft(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	worksheet: WorksheetState,
	input: unknown,
	baseRevision: number,
	now: Date
): Promise<SaveResult> {
	// Saved together with the other drafts arriving at the same moment: one commit for all.
	return groupedWrite(db, async (trx) => {
		const writable = await writableNow(trx, partner, worksheet, baseRevision);
		if ('refusal' in writable) return writable.refusal;
		const result = validateAnswers(worksheet.template, input, 'draft');
		if (!result.ok) return { outcome: 'invalid', problems: result.problems };
		const revision = await storeDraft(trx, actor, partner, writable.target, result.answers, now);
		return { outcome: 'saved', revision, savedAt: now.toISOString() };
	});
}

/** Submits to the therapist, with the author's choice of what the other partner may read. */
export async function submitResponse(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	worksheet: WorksheetState,
	input: unknown,
	baseRevision: number,
	sharing: SharingChoice,
	now: Date
): Promise<SubmitResult> {
	return writeTransaction(db, async (trx) => {
		const writable = await writableNow(trx, partner, worksheet, baseRevision);
		if ('refusal' in writable) return writable.refusal;
		const result = validateAnswers(worksheet.template, input, 'submit');
		if (!result.ok) return { outcome: 'invalid', problems: result.problems };
		const { responseId, revision, concerning } = await handIn(
			trx,
			actor,
			partner,
			writable.target,
			result.answers,
			sharing,
			now
		);
		return { outcome: 'submitted', responseId, revision, concerning };
	});
}

/**
 * Opens a submitted response for changes again, until the therapist has
 * reviewed it. Never a private check-in: each one sent is kept as it was, and
 * the partner sends another instead (startAnother).
 */
export async function editAgain(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	worksheet: WorksheetState,
	now: Date
): Promise<'editing' | 'reviewed' | 'private' | 'not-found'> {
	return writeTransaction(db, async (trx) => {
		const stored = await storedNow(trx, partner, worksheet);
		if (stored === 'gone' || stored.target.responseId === null) return 'not-found';
		if (isPrivate(worksheet.template)) return 'private';
		if (stored.status === 'reviewed') return 'reviewed';
		// A draft is already open for changes: nothing changes, nothing is recorded.
		if (stored.status !== 'submitted') return 'editing';
		await trx
			.updateTable('responses')
			.set({
				status: 'draft',
				changed_after_submit_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.where('id', '=', stored.target.responseId)
			.execute();
		await recordAudit(
			trx,
			actor,
			'response.edit-again',
			{ type: 'assignment', id: worksheet.assignmentId },
			now
		);
		return 'editing';
	});
}

/**
 * Starts a further private check-in after the last was sent: a new, empty
 * response of its own, so every one sent stays as it was for the therapist.
 * Only for a one-off private check-in (a repeating one starts afresh before
 * each session anyway), and only once the last one is sent.
 */
export async function startAnother(
	db: Database,
	actor: SignedInActor,
	partner: PartnerRef,
	worksheet: WorksheetState,
	now: Date
): Promise<'started' | 'open' | 'not-found'> {
	if (!canSendAnother(worksheet)) return 'not-found';
	return writeTransaction(db, async (trx) => {
		const assignment = await trx
			.selectFrom('assignments')
			.select(['recurrence', 'template_id'])
			.where('id', '=', worksheet.assignmentId)
			.where('cancelled_at', 'is', null)
			.executeTakeFirst();
		if (!assignment || assignment.recurrence !== 'once') return 'not-found';
		const sent = await trx
			.selectFrom('responses')
			.select('status')
			.where('assignment_id', '=', worksheet.assignmentId)
			.where('partner_id', '=', partner.partnerId)
			.execute();
		// One open at a time: a second tap, or a second device, finds the one already started.
		if (sent.length === 0 || sent.some((response) => !isHandedIn(response.status))) return 'open';
		const latest = await homeworkTemplate(trx, assignment.template_id, null);
		const fresh = latest ?? { template: worksheet.template, version: worksheet.version };
		await storeDraft(
			trx,
			actor,
			partner,
			{
				assignmentId: worksheet.assignmentId,
				template: fresh.template,
				version: fresh.version,
				occurrence: nextOccurrence(sent.length),
				responseId: null,
				revision: 0
			},
			{},
			now
		);
		return 'started';
	});
}
