import type { Database } from '../database/open';
import type { Recurrence, SharedRelease } from '../database/schema';
import type { HomeworkStatus } from '../../homework-status';

export type { HomeworkStatus };
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { notifyPartners } from '../mail/notify';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { latestBuiltinTemplates, templateVersions } from '../library/worksheet-templates';
import { ownTemplates } from '../library/own-templates';
import { isOwnTemplateId } from '../../worksheets/own-template-id';
import { wallTimeToUtc } from '../../time';
import { isCheckIn, type WorksheetTemplate } from '../../worksheets/template';
import { addressedTo, checkInDueAt, isAddressedTo, isOverdue } from './rules';
import { couplesOf } from '../casework/couples';
import { currentResponse, listedForPartner, titleForPartner } from './private-check-in';
import { defaultReleaseFor, readRelease } from './release';
import type { StepPlacement } from '../programs/couple-program';

// Assigning homework, and who may know about it. The rule for partners lives
// here and only here: a partner knows of an assignment only when it is
// addressed to them (to both partners, or to them alone). A private
// worksheet (the safety check-in) is always addressed to one partner, so the
// other never learns it exists: not in a list, a count or a status.

export const NOTE_MAX = 2000;

export interface AssignmentInput {
	templateId: string;
	/** 'both', or a partner's id. */
	who: string;
	dueDate: string;
	dueTime: string;
	note: string;
	recurrence: string;
	/** When the other partner may read what is shared (release.ts); absent or 'worksheet': the worksheet's default. */
	release?: string;
}

export type AssignmentProblems = Partial<
	Record<'templateId' | 'who' | 'dueDate' | 'note' | 'recurrence' | 'release', string>
>;

export interface ValidAssignment {
	template: WorksheetTemplate;
	/** One entry per assignment to create: null for both partners, or one partner's id. */
	addressees: Array<string | null>;
	dueAt: string | null;
	note: string;
	recurrence: Recurrence;
	/** When the other partner may read what is shared; absent: the worksheet's default. */
	release?: SharedRelease;
	/**
	 * The step of the couple's program it goes under (programs/couple-program.ts);
	 * left out, the built-in step the worksheet belongs to.
	 */
	step?: StepPlacement | null;
}

/**
 * Checks the assignment form. The due date is read in the therapist's zone;
 * left empty, it is the couple's next session. A private worksheet for both
 * partners becomes one assignment each, so neither sees the other's.
 */
export function readAssignmentInput(
	input: AssignmentInput,
	context: {
		partnerIds: string[];
		templates: Map<string, WorksheetTemplate>;
		zone: string;
		nextSessionAt: string | null;
	}
): { problems: AssignmentProblems; assignment: ValidAssignment | null } {
	const problems: AssignmentProblems = {};
	const template = context.templates.get(input.templateId);
	if (!template) problems.templateId = 'Choose a worksheet.';
	if (input.who !== 'both' && !context.partnerIds.includes(input.who))
		problems.who = 'Choose who does this homework.';
	const recurrence: Recurrence =
		input.recurrence === 'before-each-session' ? 'before-each-session' : 'once';
	if (input.recurrence !== 'once' && input.recurrence !== 'before-each-session')
		problems.recurrence = 'Choose once or before every session.';
	if (recurrence === 'before-each-session' && template && !template.scoring)
		problems.recurrence = 'Only a check-in can repeat before every session.';

	let dueAt: string | null = null;
	if (recurrence === 'once') {
		if (input.dueDate === '' && input.dueTime === '') {
			dueAt = context.nextSessionAt;
			if (dueAt === null)
				problems.dueDate = 'Choose a due date, or schedule the next session first.';
		} else {
			const due = wallTimeToUtc(
				input.dueDate,
				input.dueTime === '' ? '09:00' : input.dueTime,
				context.zone
			);
			if (!due)
				problems.dueDate = 'Enter a real date, for example 2026-12-01, and a time such as 18:00.';
			else dueAt = due.toISOString();
		}
	}
	const release = template ? readRelease(input.release, template) : null;
	if (template && !release) problems.release = 'Choose when the other partner may read it.';
	if ([...input.note].length > NOTE_MAX)
		problems.note = `Keep the note to ${NOTE_MAX.toLocaleString('en')} characters.`;
	if (Object.keys(problems).length > 0 || !template || !release)
		return { problems, assignment: null };

	const addressees: Array<string | null> =
		input.who === 'both'
			? template.privacy === 'private'
				? [...context.partnerIds]
				: [null]
			: [input.who];
	return {
		problems,
		assignment: { template, addressees, dueAt, note: input.note.trim(), recurrence, release }
	};
}

/**
 * The templates a therapist can assign, newest versions: the built-ins and,
 * given the therapist, their own (archived ones only when asked: homework
 * already set on one can still be changed, but it is never offered again).
 */
export async function assignableTemplates(
	db: Database,
	therapistId?: string,
	options: { archived?: boolean } = {}
): Promise<Map<string, WorksheetTemplate>> {
	const [builtin, own] = await Promise.all([
		latestBuiltinTemplates(db),
		therapistId ? ownTemplates(db, therapistId) : []
	]);
	return new Map([
		...[...builtin].map(([id, entry]) => [id, entry.template] as const),
		...own
			.filter((entry) => options.archived || !entry.archived)
			.map((entry) => [entry.template.id, entry.template] as const)
	]);
}

export async function assignHomework(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	assignment: ValidAssignment,
	now: Date
): Promise<string[] | null> {
	return assignSeveral(db, actor, coupleId, [assignment], now);
}

/**
 * Several worksheets set at once, with one due date and note: all or none
 * in one transaction, and the mail about new homework queued once per
 * partner, not once per worksheet. Null when the couple is not this
 * therapist's.
 */
export async function assignSeveral(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	assignments: readonly ValidAssignment[],
	now: Date
): Promise<string[] | null> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const couple = await trx
			.selectFrom('couples')
			.select('id')
			.where('id', '=', coupleId)
			.where('therapist_id', '=', therapistId)
			.executeTakeFirst();
		if (!couple) return null;
		const ids: string[] = [];
		for (const assignment of assignments) {
			// Under a therapist's program the step's id names it (its place may change); under the
			// built-in steps, its number.
			const step =
				assignment.step === undefined
					? { step: assignment.template.step, programStepId: null }
					: assignment.step?.programStepId
						? { step: null, programStepId: assignment.step.programStepId }
						: { step: assignment.step?.step ?? null, programStepId: null };
			// Homework set on a therapist's own worksheet keeps the version it was set with, whatever
			// they change later. A built-in's unstarted homework takes the newest: a release's
			// corrections reach it (a response, once started, keeps its version either way).
			const version = isOwnTemplateId(assignment.template.id)
				? await trx
						.selectFrom('worksheet_template_versions')
						.select(({ fn }) => fn.max('version').as('newest'))
						.where('template_id', '=', assignment.template.id)
						.executeTakeFirst()
				: undefined;
			for (const partnerId of assignment.addressees) {
				const id = newId();
				await trx
					.insertInto('assignments')
					.values({
						id,
						couple_id: coupleId,
						step: step.step,
						// Left to its default (null) under the built-in steps.
						...(step.programStepId ? { program_step_id: step.programStepId } : {}),
						template_id: assignment.template.id,
						// Written only when pinned, so a built-in's homework is stored as it always was.
						...(version ? { template_version: version.newest } : {}),
						partner_id: partnerId,
						due_at: assignment.dueAt,
						note: assignment.note,
						recurrence: assignment.recurrence,
						release_shared: assignment.release ?? defaultReleaseFor(assignment.template),
						cancelled_at: null,
						created_by: therapistId,
						created_at: now.toISOString(),
						updated_at: now.toISOString()
					})
					.execute();
				ids.push(id);
			}
		}
		const created = ids.map((id) => ({ type: 'assignment', id }));
		await recordAudit(trx, actor, 'assignment.create', created, now);
		const addressees = [...new Set(assignments.flatMap((assignment) => assignment.addressees))];
		await notifyPartners(trx, coupleId, addressees, 'new-homework', now);
		return ids;
	});
}

/** Changes the timing, the note and when shared answers are released, of one of this therapist's assignments. */
export async function updateAssignment(
	db: Database,
	actor: SignedInActor,
	assignmentId: string,
	change: { dueAt: string | null; note: string; recurrence: Recurrence; release?: SharedRelease },
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('assignments')
			.set({
				due_at: change.dueAt,
				note: change.note,
				recurrence: change.recurrence,
				...(change.release ? { release_shared: change.release } : {}),
				updated_at: now.toISOString()
			})
			.where('id', '=', assignmentId)
			.where('couple_id', 'in', couplesOf(therapistId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(
			trx,
			actor,
			'assignment.change',
			{ type: 'assignment', id: assignmentId },
			now
		);
		return true;
	});
}

export async function cancelAssignment(
	db: Database,
	actor: SignedInActor,
	assignmentId: string,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('assignments')
			.set({ cancelled_at: now.toISOString(), updated_at: now.toISOString() })
			.where('id', '=', assignmentId)
			.where('cancelled_at', 'is', null)
			.where('couple_id', 'in', couplesOf(therapistId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(
			trx,
			actor,
			'assignment.cancel',
			{ type: 'assignment', id: assignmentId },
			now
		);
		return true;
	});
}

export interface PartnerProgress {
	partnerId: string;
	partnerName: string;
	status: HomeworkStatus;
	submittedAt: string | null;
	/** Set when the partner opened a submitted response again to change it. */
	changedAfterSubmit: boolean;
}

export interface AssignmentView {
	id: string;
	coupleId: string;
	templateId: string;
	title: string;
	step: number | null;
	/** The step of a therapist's program it was set under (programs/couple-program.ts). */
	programStepId: string | null;
	/** Null when both partners do it. */
	partnerId: string | null;
	private: boolean;
	/** Its worksheet is a check-in for any step, not a step's worksheet (homework-placement.ts). */
	checkIn: boolean;
	dueAt: string | null;
	note: string;
	recurrence: Recurrence;
	/** When the other partner may read what an author shared of it. */
	release: SharedRelease;
	cancelled: boolean;
	overdue: boolean;
	progress: PartnerProgress[];
}

interface AssignmentRow {
	id: string;
	couple_id: string;
	template_id: string;
	step: number | null;
	program_step_id: string | null;
	partner_id: string | null;
	due_at: string | null;
	note: string;
	recurrence: Recurrence;
	release_shared: SharedRelease;
	cancelled_at: string | null;
	created_at: string;
}

/**
 * Assignments with each addressed partner's progress, in a fixed number of
 * queries. A recurring check-in is due at, and tracked for, the couple's next
 * session.
 */
async function withProgress(
	db: Database,
	rows: AssignmentRow[],
	now: Date,
	seenBy: 'partner' | 'therapist' = 'therapist'
): Promise<AssignmentView[]> {
	if (rows.length === 0) return [];
	const coupleIds = [...new Set(rows.map((row) => row.couple_id))];
	const [partners, responses, templates, nextSessions] = await Promise.all([
		db
			.selectFrom('partners')
			.select(['id', 'couple_id', 'display_name', 'position'])
			.where('couple_id', 'in', coupleIds)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('responses')
			.select([
				'assignment_id',
				'partner_id',
				'occurrence',
				'status',
				'submitted_at',
				'started_at',
				'changed_after_submit_at'
			])
			.where(
				'assignment_id',
				'in',
				rows.map((row) => row.id)
			)
			.execute(),
		// Any author's: a therapist's own template is private or not just as a built-in is.
		templateVersions(
			db,
			rows.map((row) => row.template_id)
		).then(({ newest }) => new Map([...newest].map(([id, entry]) => [id, entry.template]))),
		db
			.selectFrom('therapy_sessions')
			.innerJoin('couples', 'couples.id', 'therapy_sessions.couple_id')
			.select([
				'therapy_sessions.couple_id',
				'therapy_sessions.id',
				'therapy_sessions.starts_at',
				'couples.check_in_lead_hours'
			])
			.where('therapy_sessions.couple_id', 'in', coupleIds)
			.where('therapy_sessions.status', '=', 'scheduled')
			.where('therapy_sessions.starts_at', '>=', now.toISOString())
			.orderBy('therapy_sessions.starts_at', 'desc')
			.execute()
	]);
	// Descending by start: the last one set per couple is the soonest.
	const nextByCouple = new Map(nextSessions.map((session) => [session.couple_id, session]));
	// Looked up by key, not searched: a practice has tens of thousands of responses.
	const responseByKey = new Map(
		responses.map((response) => [
			`${response.assignment_id} ${response.partner_id} ${response.occurrence}`,
			response
		])
	);
	// One-off homework has one response per partner, except a private check-in sent more than
	// once: each sending is kept, and the partner is on the newest (private-check-in.ts).
	const onceByKey = new Map<string, typeof responses>();
	for (const response of responses) {
		const key = `${response.assignment_id} ${response.partner_id}`;
		onceByKey.set(key, [...(onceByKey.get(key) ?? []), response]);
	}
	const partnersByCouple = new Map<string, typeof partners>();
	for (const partner of partners)
		partnersByCouple.set(partner.couple_id, [
			...(partnersByCouple.get(partner.couple_id) ?? []),
			partner
		]);

	return rows.map((row) => {
		const next = nextByCouple.get(row.couple_id);
		const occurrence = row.recurrence === 'before-each-session' ? (next?.id ?? null) : 'once';
		const dueAt =
			row.recurrence === 'before-each-session'
				? next
					? checkInDueAt(next.starts_at, next.check_in_lead_hours)
					: null
				: row.due_at;
		const addressed = (partnersByCouple.get(row.couple_id) ?? []).filter((partner) =>
			isAddressedTo({ partnerId: row.partner_id }, partner.id)
		);
		const progress = addressed.map((partner): PartnerProgress => {
			const response =
				row.recurrence === 'once'
					? currentResponse(onceByKey.get(`${row.id} ${partner.id}`) ?? [], seenBy)
					: occurrence === null
						? undefined
						: responseByKey.get(`${row.id} ${partner.id} ${occurrence}`);
			return {
				partnerId: partner.id,
				partnerName: partner.display_name,
				status: response?.status ?? 'not-started',
				submittedAt: response?.submitted_at ?? null,
				changedAfterSubmit: response?.changed_after_submit_at != null
			};
		});
		const template = templates.get(row.template_id);
		const cancelled = row.cancelled_at !== null;
		return {
			id: row.id,
			coupleId: row.couple_id,
			templateId: row.template_id,
			title: template?.title ?? row.template_id,
			step: row.step,
			programStepId: row.program_step_id,
			partnerId: row.partner_id,
			private: template?.privacy === 'private',
			checkIn: template ? isCheckIn(template) : false,
			dueAt,
			note: row.note,
			recurrence: row.recurrence,
			release: row.release_shared,
			cancelled,
			// Overdue while any partner it is for has not handed it in.
			// A recurring check-in stays open until its session starts: never overdue.
			overdue:
				row.recurrence === 'once' &&
				progress.some((entry) => isOverdue({ dueAt, cancelled }, entry.status, now)),
			progress
		};
	});
}

const ASSIGNMENT_COLUMNS = [
	'id',
	'couple_id',
	'template_id',
	'step',
	'program_step_id',
	'partner_id',
	'due_at',
	'note',
	'recurrence',
	'release_shared',
	'cancelled_at',
	'created_at'
] as const;

/** Every assignment of a couple, for its therapist (the caller has checked ownership). */
export async function assignmentsForCouple(
	db: Database,
	coupleId: string,
	now: Date
): Promise<AssignmentView[]> {
	const rows = await db
		.selectFrom('assignments')
		.select(ASSIGNMENT_COLUMNS)
		.where('couple_id', '=', coupleId)
		.orderBy('created_at', 'desc')
		.execute();
	return withProgress(db, rows, now);
}

/** One assignment, only if it belongs to this therapist's couple. */
export async function assignmentForTherapist(
	db: Database,
	therapistId: string,
	coupleId: string,
	assignmentId: string,
	now: Date
): Promise<AssignmentView | null> {
	const rows = await db
		.selectFrom('assignments')
		.innerJoin('couples', 'couples.id', 'assignments.couple_id')
		.select(ASSIGNMENT_COLUMNS.map((column) => `assignments.${column}` as const))
		.where('assignments.id', '=', assignmentId)
		.where('assignments.couple_id', '=', coupleId)
		.where('couples.therapist_id', '=', therapistId)
		.execute();
	const [view] = await withProgress(db, rows, now);
	return view ?? null;
}

export interface PartnerHomework {
	id: string;
	templateId: string;
	title: string;
	private: boolean;
	step: number | null;
	programStepId: string | null;
	checkIn: boolean;
	dueAt: string | null;
	note: string;
	status: HomeworkStatus;
	overdue: boolean;
}

/**
 * A partner's own homework: only assignments addressed to them, and only
 * their own progress. Nothing about the other partner's work is in it. A
 * private check-in is listed as "Check-in" while open and not at all once
 * sent (private-check-in.ts).
 */
export async function homeworkForPartner(
	db: Database,
	partner: { partnerId: string; coupleId: string },
	now: Date
): Promise<PartnerHomework[]> {
	const rows = await db
		.selectFrom('assignments')
		.select(ASSIGNMENT_COLUMNS)
		.where('couple_id', '=', partner.coupleId)
		.where('cancelled_at', 'is', null)
		.where((eb) => addressedTo(eb.ref('partner_id'), partner.partnerId))
		.execute();
	const views = await withProgress(db, rows, now, 'partner');
	return views
		.map((view) => {
			const own = view.progress.find((entry) => entry.partnerId === partner.partnerId);
			const status = own?.status ?? 'not-started';
			return {
				id: view.id,
				templateId: view.templateId,
				title: titleForPartner(view.title, view.private),
				private: view.private,
				step: view.step,
				programStepId: view.programStepId,
				checkIn: view.checkIn,
				dueAt: view.dueAt,
				note: view.note,
				status,
				overdue: view.recurrence === 'once' && isOverdue(view, status, now)
			};
		})
		.filter((item) => listedForPartner(item.private, item.status))
		.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}
