import type { Database } from '../database/open';
import type { FlagTier, StoredFlagKind } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { couplesOf } from './couples';
import { newId } from '../database/ids';
import { formatStamp } from '../../time';
import { groupBy } from '../../group-by';
import { isMoreUrgent } from '../../worksheets/concern';
import { CONCERN_TIERS } from '../../worksheets/template';

// How the therapist follows up a raised flag: open → acknowledged →
// resolved, each step with a short record, written with its audit entry in
// one transaction. The one home of the follow-up rules. Steps only go
// forward. Resolving straight from open is allowed: a therapist who has
// called the partner, assessed risk and made a plan in one contact should
// not have to click "acknowledge" first to record it; the record then shows
// there was no separate acknowledgement. One step goes back: a flag that
// grows more urgent (escalateFlag) is open again, since what the therapist
// acknowledged was a lesser concern; the acknowledgement it set aside is kept
// with the escalation, for the record. A follow-up says which tier the
// therapist saw (readSeenTier) and is refused when the flag has escalated
// since, so that no record covers a concern the therapist has not read.

export type FlagState = 'open' | 'acknowledged' | 'resolved';

export const ACKNOWLEDGEMENT_MAX = 500;
export const CONTACT_MAX = 200;
export const RESOLUTION_NOTE_MAX = 2000;

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const JOINT_SESSION_DECISIONS = ['continue', 'pause', 'individual-only'] as const;
export type JointSessionDecision = (typeof JOINT_SESSION_DECISIONS)[number];

export interface Acknowledgement {
	note: string;
}

/** What was done about a safety flag. */
export interface SafetyResolution {
	kind: 'safety';
	contactMade: boolean;
	/** When and how the partner was reached on their own; empty when no contact was made. */
	contact: string;
	riskAssessed: boolean;
	riskLevel: RiskLevel | null;
	safetyPlanMade: boolean;
	jointSessions: JointSessionDecision;
	note: string;
}

/** What was done about any other flag: a note. */
export interface NoteResolution {
	kind: 'note';
	note: string;
}

export type Resolution = SafetyResolution | NoteResolution;

export type FollowUpProblems = Partial<
	Record<
		| 'note'
		| 'contactMade'
		| 'contact'
		| 'riskAssessed'
		| 'riskLevel'
		| 'safetyPlanMade'
		| 'jointSessions',
		string
	>
>;

const length = (text: string) => [...text.trim()].length;

/** Checks the acknowledgement form: a short note is the record. */
export function readAcknowledgement(form: { note: string }): {
	problems: FollowUpProblems;
	acknowledgement: Acknowledgement | null;
} {
	if (length(form.note) === 0)
		return {
			problems: { note: 'Say in a line what you are doing about it.' },
			acknowledgement: null
		};
	if (length(form.note) > ACKNOWLEDGEMENT_MAX)
		return {
			problems: { note: `Keep it to ${ACKNOWLEDGEMENT_MAX} characters.` },
			acknowledgement: null
		};
	return { problems: {}, acknowledgement: { note: form.note.trim() } };
}

export interface ResolutionForm {
	note: string;
	contactMade?: string;
	contact?: string;
	riskAssessed?: string;
	riskLevel?: string;
	safetyPlanMade?: string;
	jointSessions?: string;
}

const yesNo = (value: string | undefined) =>
	value === 'yes' ? true : value === 'no' ? false : null;

/**
 * Checks the resolution form. A safety flag needs the whole record (contact,
 * risk, plan, the decision on joint sessions); a note is optional beside it.
 * Any other flag needs a note.
 */
export function readResolution(
	kind: StoredFlagKind,
	form: ResolutionForm
): { problems: FollowUpProblems; resolution: Resolution | null } {
	const problems: FollowUpProblems = {};
	if (length(form.note) > RESOLUTION_NOTE_MAX)
		problems.note = `Keep the note to ${RESOLUTION_NOTE_MAX.toLocaleString('en')} characters.`;
	if (kind !== 'safety') {
		if (length(form.note) === 0) problems.note = 'Say what was done about it.';
		if (Object.keys(problems).length > 0) return { problems, resolution: null };
		return { problems, resolution: { kind: 'note', note: form.note.trim() } };
	}
	const contactMade = yesNo(form.contactMade);
	const riskAssessed = yesNo(form.riskAssessed);
	const safetyPlanMade = yesNo(form.safetyPlanMade);
	const contact = (form.contact ?? '').trim();
	const riskLevel = RISK_LEVELS.find((level) => level === form.riskLevel) ?? null;
	const jointSessions = JOINT_SESSION_DECISIONS.find((decision) => decision === form.jointSessions);
	if (contactMade === null)
		problems.contactMade = 'Say whether you reached this partner on their own.';
	else if (contactMade && length(contact) === 0)
		problems.contact = 'Say when and how, for example “1 Dec, phone call”.';
	if (length(contact) > CONTACT_MAX) problems.contact = `Keep it to ${CONTACT_MAX} characters.`;
	if (riskAssessed === null) problems.riskAssessed = 'Say whether you assessed the risk.';
	else if (riskAssessed && riskLevel === null) problems.riskLevel = 'Choose the level of risk.';
	if (safetyPlanMade === null) problems.safetyPlanMade = 'Say whether a safety plan was made.';
	if (!jointSessions) problems.jointSessions = 'Choose what happens with joint sessions.';
	if (Object.keys(problems).length > 0 || !jointSessions) return { problems, resolution: null };
	return {
		problems,
		resolution: {
			kind: 'safety',
			contactMade: contactMade!,
			contact: contactMade ? contact : '',
			riskAssessed: riskAssessed!,
			riskLevel: riskAssessed ? riskLevel : null,
			safetyPlanMade: safetyPlanMade!,
			jointSessions,
			note: form.note.trim()
		}
	};
}

/**
 * The tier the therapist saw when they opened the follow-up form, as the form
 * carries it back, or null when it is missing or not a tier. The tier is the
 * whole token: every escalation raises it and nothing lowers it, so the same
 * tier means the flag has not escalated since.
 */
export function readSeenTier(posted: string): FlagTier | null {
	return CONCERN_TIERS.find((tier) => tier === posted) ?? null;
}

/**
 * `changed`: the flag escalated after the therapist opened the form, so what
 * they wrote answers a lesser concern; nothing is written, nothing audited.
 */
export type FollowUpOutcome = 'done' | 'not-found' | 'changed' | 'out-of-order';

/** Acknowledges an open flag of one of this therapist's couples, at the tier the therapist saw. */
export async function acknowledgeFlag(
	db: Database,
	actor: SignedInActor,
	flagId: string,
	seenTier: FlagTier,
	acknowledgement: Acknowledgement,
	now: Date
): Promise<FollowUpOutcome> {
	return writeTransaction(db, async (trx) => {
		const flag = await flagOfTherapist(trx, actor.userId, flagId);
		if (!flag) return 'not-found';
		if (flag.tier !== seenTier) return 'changed';
		if (stateOf(flag) !== 'open') return 'out-of-order';
		await trx
			.updateTable('flags')
			.set({
				acknowledged_at: now.toISOString(),
				acknowledged_by: actor.userId,
				acknowledgement: JSON.stringify(acknowledgement)
			})
			.where('id', '=', flagId)
			.where('acknowledged_at', 'is', null)
			.execute();
		await recordAudit(trx, actor, 'flag.acknowledge', { type: 'flag', id: flagId }, now);
		return 'done';
	});
}

/**
 * Resolves an open or acknowledged flag at the tier the therapist saw, with a
 * record that fits its kind (readResolution).
 */
export async function resolveFlag(
	db: Database,
	actor: SignedInActor,
	flagId: string,
	seenTier: FlagTier,
	resolution: Resolution,
	now: Date
): Promise<FollowUpOutcome> {
	return writeTransaction(db, async (trx) => {
		const flag = await flagOfTherapist(trx, actor.userId, flagId);
		if (!flag) return 'not-found';
		if (flag.tier !== seenTier) return 'changed';
		if (stateOf(flag) === 'resolved') return 'out-of-order';
		// The record must be the one for the flag's kind; the form is built from it, a forged post is not.
		if ((flag.kind === 'safety') !== (resolution.kind === 'safety')) return 'out-of-order';
		await trx
			.updateTable('flags')
			.set({
				resolved_at: now.toISOString(),
				resolved_by: actor.userId,
				resolution: JSON.stringify(resolution)
			})
			.where('id', '=', flagId)
			.where('resolved_at', 'is', null)
			.execute();
		await recordAudit(trx, actor, 'flag.resolve', { type: 'flag', id: flagId }, now);
		return 'done';
	});
}

export type EscalationOutcome = 'escalated' | 'unchanged';

/**
 * A newer answer behind an unresolved flag is more urgent than its tier: the
 * flag takes the new tier and is open again, so it asks for acknowledgement
 * anew. The acknowledgement it had (if any) moves to the escalation's row,
 * with when and from which tier to which. A resolved flag, or an answer no
 * more urgent, leaves the flag as it is. Called inside the hand-in's
 * transaction (homework/hand-in.ts), which alerts the therapist when urgent.
 */
export async function escalateFlag(
	trx: Database,
	actor: SignedInActor,
	flagId: string,
	tier: FlagTier,
	now: Date
): Promise<EscalationOutcome> {
	const flag = await trx
		.selectFrom('flags')
		.select(['tier', 'acknowledged_at', 'acknowledged_by', 'acknowledgement', 'resolved_at'])
		.where('id', '=', flagId)
		.executeTakeFirst();
	if (!flag || stateOf(flag) === 'resolved' || !isMoreUrgent(tier, flag.tier)) return 'unchanged';
	await trx
		.insertInto('flag_escalations')
		.values({
			id: newId(),
			flag_id: flagId,
			escalated_at: now.toISOString(),
			from_tier: flag.tier,
			to_tier: tier,
			acknowledged_at: flag.acknowledged_at,
			acknowledged_by: flag.acknowledged_by,
			acknowledgement: flag.acknowledgement
		})
		.execute();
	await trx
		.updateTable('flags')
		.set({ tier, acknowledged_at: null, acknowledged_by: null, acknowledgement: null })
		.where('id', '=', flagId)
		.execute();
	await recordAudit(trx, actor, 'flag.escalate', { type: 'flag', id: flagId }, now);
	return 'escalated';
}

/** The one rule of where a flag stands: an escalation clears the acknowledgement it set aside. */
export function stateOf(flag: {
	acknowledged_at: string | null;
	resolved_at: string | null;
}): FlagState {
	if (flag.resolved_at !== null) return 'resolved';
	if (flag.acknowledged_at !== null) return 'acknowledged';
	return 'open';
}

async function flagOfTherapist(db: Database, therapistId: string, flagId: string) {
	return db
		.selectFrom('flags')
		.select(['id', 'kind', 'tier', 'acknowledged_at', 'resolved_at'])
		.where('id', '=', flagId)
		.where('couple_id', 'in', couplesOf(therapistId))
		.executeTakeFirst();
}

/** A raised flag as the therapist follows it up: its tier, state and records. */
export interface FlagRecord {
	id: string;
	kind: StoredFlagKind;
	tier: FlagTier;
	state: FlagState;
	partnerId: string;
	partnerName: string;
	responseId: string | null;
	/** The assignment whose answers raised it, for linking to them. */
	assignmentId: string | null;
	raisedAt: string;
	acknowledgedAt: string | null;
	acknowledgement: Acknowledgement | null;
	resolvedAt: string | null;
	resolution: Resolution | null;
	/** Each time it grew more urgent, oldest first. */
	escalations: FlagEscalation[];
}

/** A flag grown more urgent, with the acknowledgement that escalation set aside. */
export interface FlagEscalation {
	at: string;
	fromTier: FlagTier;
	toTier: FlagTier;
	acknowledgedAt: string | null;
	acknowledgement: Acknowledgement | null;
}

/**
 * Every escalation of the couple's flags, by flag, oldest first. One query.
 * The caller has checked the couple is the therapist's.
 */
export async function coupleFlagEscalations(
	db: Database,
	coupleId: string
): Promise<Map<string, FlagEscalation[]>> {
	const rows = await db
		.selectFrom('flag_escalations')
		.innerJoin('flags', 'flags.id', 'flag_escalations.flag_id')
		.select([
			'flag_escalations.flag_id',
			'flag_escalations.escalated_at',
			'flag_escalations.from_tier',
			'flag_escalations.to_tier',
			'flag_escalations.acknowledged_at',
			'flag_escalations.acknowledgement'
		])
		.where('flags.couple_id', '=', coupleId)
		.orderBy('flag_escalations.escalated_at')
		.orderBy('flag_escalations.id')
		.execute();
	const byFlag = groupBy(rows, (row) => row.flag_id);
	return new Map(
		[...byFlag].map(([flagId, escalations]) => [
			flagId,
			escalations.map((row) => ({
				at: row.escalated_at,
				fromTier: row.from_tier,
				toTier: row.to_tier,
				acknowledgedAt: row.acknowledged_at,
				acknowledgement: acknowledgementOf(row.acknowledgement)
			}))
		])
	);
}

/** A stored acknowledgement (JSON) as it was written, or null. */
export const acknowledgementOf = (stored: string | null) =>
	stored ? (JSON.parse(stored) as Acknowledgement) : null;

/** A stored resolution (JSON) as it was written, or null. */
export const resolutionOf = (stored: string | null) =>
	stored ? (JSON.parse(stored) as Resolution) : null;

/**
 * Every flag raised on a couple, newest first, resolved ones too: the
 * couple's history of concerns, with each flag's escalations. Two queries.
 * The caller has checked the couple is the therapist's.
 */
export async function coupleFlagHistory(db: Database, coupleId: string): Promise<FlagRecord[]> {
	const [rows, escalations] = await Promise.all([
		flagRows(db, coupleId),
		coupleFlagEscalations(db, coupleId)
	]);
	return rows.map((row) => flagRecord(row, escalations.get(row.id) ?? []));
}

function flagRows(db: Database, coupleId: string) {
	return db
		.selectFrom('flags')
		.innerJoin('partners', 'partners.id', 'flags.partner_id')
		.leftJoin('responses', 'responses.id', 'flags.response_id')
		.select([
			'flags.id',
			'flags.kind',
			'flags.tier',
			'flags.partner_id',
			'partners.display_name',
			'flags.response_id',
			'responses.assignment_id',
			'flags.raised_at',
			'flags.acknowledged_at',
			'flags.acknowledgement',
			'flags.resolved_at',
			'flags.resolution'
		])
		.where('flags.couple_id', '=', coupleId)
		.orderBy('flags.raised_at', 'desc')
		.execute();
}

/** One flag of a couple, or null when the couple has no such flag. */
export async function coupleFlag(
	db: Database,
	coupleId: string,
	flagId: string
): Promise<FlagRecord | null> {
	const history = await coupleFlagHistory(db, coupleId);
	return history.find((flag) => flag.id === flagId) ?? null;
}

function flagRecord(
	row: {
		id: string;
		kind: StoredFlagKind;
		tier: FlagTier;
		partner_id: string;
		display_name: string;
		response_id: string | null;
		assignment_id: string | null;
		raised_at: string;
		acknowledged_at: string | null;
		acknowledgement: string | null;
		resolved_at: string | null;
		resolution: string | null;
	},
	escalations: FlagEscalation[]
): FlagRecord {
	return {
		id: row.id,
		kind: row.kind,
		tier: row.tier,
		state: stateOf(row),
		partnerId: row.partner_id,
		partnerName: row.display_name,
		responseId: row.response_id,
		assignmentId: row.assignment_id,
		raisedAt: row.raised_at,
		acknowledgedAt: row.acknowledged_at,
		acknowledgement: acknowledgementOf(row.acknowledgement),
		resolvedAt: row.resolved_at,
		resolution: resolutionOf(row.resolution),
		escalations
	};
}

/**
 * Whether the couple has an urgent safety flag not yet resolved (an
 * acknowledged one still counts): while it does, assigning joint work that
 * opens up conflict needs the therapist's confirmation (homework/caution.ts).
 */
export async function hasOpenUrgentSafetyFlag(db: Database, coupleId: string): Promise<boolean> {
	const row = await db
		.selectFrom('flags')
		.select('id')
		.where('couple_id', '=', coupleId)
		.where('kind', '=', 'safety')
		.where('tier', '=', 'urgent')
		.where('resolved_at', 'is', null)
		.executeTakeFirst();
	return row !== undefined;
}

/** A flag with its times as the therapist reads them, in their zone. */
export function withTimes(flag: FlagRecord, zone: string) {
	return {
		...flag,
		raised: formatStamp(flag.raisedAt, zone),
		acknowledged: flag.acknowledgedAt ? formatStamp(flag.acknowledgedAt, zone) : null,
		resolved: flag.resolvedAt ? formatStamp(flag.resolvedAt, zone) : null,
		escalations: escalationsWithTimes(flag.escalations, zone)
	};
}

/** A flag's escalations with their times as the therapist reads them, in their zone. */
export function escalationsWithTimes(escalations: FlagEscalation[], zone: string) {
	return escalations.map((escalation) => ({
		...escalation,
		escalated: formatStamp(escalation.at, zone),
		acknowledged: escalation.acknowledgedAt ? formatStamp(escalation.acknowledgedAt, zone) : null
	}));
}

export type FlagEscalationWithTimes = ReturnType<typeof escalationsWithTimes>[number];

export type FlagRecordWithTimes = ReturnType<typeof withTimes>;
