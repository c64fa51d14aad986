import type { Database } from '../database/open';
import { expressionBuilder, type NotNull } from 'kysely';
import type { DB, SecretsPolicy } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { SECRETS_POLICIES } from '../../secrets-policy';
import { groupBy } from '../../group-by';
import { overdueForSomeone } from '../homework/rules';
import { assignScreening, type ScreeningSetting } from '../homework/screening';

// Couples belong to one therapist. Every query here names the therapist from
// the session, so a therapist can neither see nor touch another's couples.

export const COUPLE_NAME_MAX = 80;
export const PARTNER_NAME_MAX = 60;
export const POLICY_TEXT_MAX = 4000;

export interface CoupleInput {
	name: string;
	partnerNames: [string, string];
	secretsPolicy: string;
	policyText: string;
	/**
	 * Private check-ins for each partner, now and every few weeks
	 * (homework/screening.ts). The couple forms always send it. Left out, the
	 * stored defaults apply (on, every 6 weeks) but nothing is assigned at
	 * once: the mail worker screens the couple when the weeks have passed.
	 */
	screening?: ScreeningSetting;
}

export type CoupleProblems = Partial<
	Record<'name' | 'partner1' | 'partner2' | 'secretsPolicy' | 'policyText', string>
>;

export function coupleProblems(input: CoupleInput): CoupleProblems {
	const problems: CoupleProblems = {};
	const length = (text: string) => [...text.trim()].length;
	if (length(input.name) === 0)
		problems.name = 'Give the couple a name you will recognise, for example “Alex & Sam”.';
	else if (length(input.name) > COUPLE_NAME_MAX)
		problems.name = `Use at most ${COUPLE_NAME_MAX} characters.`;
	input.partnerNames.forEach((name, index) => {
		const key = index === 0 ? 'partner1' : 'partner2';
		if (length(name) === 0) problems[key] = 'Enter the name this partner will see in the app.';
		else if (length(name) > PARTNER_NAME_MAX)
			problems[key] = `Use at most ${PARTNER_NAME_MAX} characters.`;
	});
	if (!SECRETS_POLICIES.some((policy) => policy.value === input.secretsPolicy))
		problems.secretsPolicy = 'Choose the secrets policy for this couple.';
	if (length(input.policyText) === 0)
		problems.policyText = 'Write the policy as the partners will read it.';
	else if (length(input.policyText) > POLICY_TEXT_MAX)
		problems.policyText = `Use at most ${POLICY_TEXT_MAX.toLocaleString('en')} characters.`;
	return problems;
}

const eb = expressionBuilder<DB, never>();

/**
 * The ids of a therapist's couples: a write names it in its own statement
 * (`couple_id in couplesOf(therapist)`), so it can never touch another
 * therapist's casework. A therapist sees only their own couples.
 */
export function couplesOf(therapistId: string) {
	return eb.selectFrom('couples').select('id').where('therapist_id', '=', therapistId);
}

export async function createCouple(
	db: Database,
	actor: SignedInActor,
	input: CoupleInput,
	now: Date
): Promise<string> {
	const therapistId = actor.userId;
	const id = newId();
	await writeTransaction(db, async (trx) => {
		await trx
			.insertInto('couples')
			.values({
				id,
				therapist_id: therapistId,
				name: input.name.trim(),
				secrets_policy: input.secretsPolicy as SecretsPolicy,
				policy_text: input.policyText.trim(),
				created_at: now.toISOString(),
				archived_at: null,
				...(input.screening
					? {
							screening_on: input.screening.on ? (1 as const) : (0 as const),
							screening_every_weeks: input.screening.everyWeeks
						}
					: {})
			})
			.execute();
		for (const [index, name] of input.partnerNames.entries()) {
			await trx
				.insertInto('partners')
				.values({
					id: newId(),
					couple_id: id,
					position: index === 0 ? 1 : 2,
					display_name: name.trim(),
					user_id: null,
					joined_at: null,
					policy_acknowledged_at: null
				})
				.execute();
		}
		await recordAudit(trx, actor, 'couple.create', { type: 'couple', id }, now);
		if (input.screening?.on) await assignScreening(trx, { id, therapistId }, now);
	});
	return id;
}

/**
 * Changes a couple; false when it is not this therapist's. A partner's name is
 * stored only in their place, so a new name shows everywhere at once,
 * in the partner's own header too.
 */
export async function updateCouple(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	input: CoupleInput,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('couples')
			.set({
				name: input.name.trim(),
				secrets_policy: input.secretsPolicy as SecretsPolicy,
				policy_text: input.policyText.trim(),
				...(input.screening
					? {
							screening_on: input.screening.on ? (1 as const) : (0 as const),
							screening_every_weeks: input.screening.everyWeeks
						}
					: {})
			})
			.where('id', '=', coupleId)
			.where('therapist_id', '=', therapistId)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		for (const [index, name] of input.partnerNames.entries()) {
			await trx
				.updateTable('partners')
				.set({ display_name: name.trim() })
				.where('couple_id', '=', coupleId)
				.where('position', '=', index === 0 ? 1 : 2)
				.execute();
		}
		await recordAudit(trx, actor, 'couple.change', { type: 'couple', id: coupleId }, now);
		return true;
	});
}

/** Archives (or restores) a couple; false when it is not this therapist's. */
export async function setCoupleArchived(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	archived: boolean,
	now: Date
): Promise<boolean> {
	const therapistId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('couples')
			.set({ archived_at: archived ? now.toISOString() : null })
			.where('id', '=', coupleId)
			.where('therapist_id', '=', therapistId)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		const action = archived ? 'couple.archive' : 'couple.restore';
		await recordAudit(trx, actor, action, { type: 'couple', id: coupleId }, now);
		return true;
	});
}

export interface PartnerSummary {
	id: string;
	position: 1 | 2;
	displayName: string;
	joined: boolean;
}

export interface CoupleSummary {
	id: string;
	name: string;
	archived: boolean;
	partners: PartnerSummary[];
	/** UTC start of the next scheduled session, if any. */
	nextSessionAt: string | null;
	/** The step of the most recent homework, if any. */
	currentStep: number | null;
}

/** How many couples the therapist is seeing now (archived ones left out). */
export async function countCurrentCouples(db: Database, therapistId: string): Promise<number> {
	const row = await db
		.selectFrom('couples')
		.select((eb) => eb.fn.countAll<number>().as('couples'))
		.where('therapist_id', '=', therapistId)
		.where('archived_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.couples);
}

/**
 * Every couple the therapist is seeing now, by name, for a choice of one
 * (assigning from the library): unlike the couple list, never cut into
 * pages, since a couple left off a choice could not be chosen at all.
 */
export async function currentCoupleNames(
	db: Database,
	therapistId: string
): Promise<Array<{ id: string; name: string }>> {
	return db
		.selectFrom('couples')
		.select(['id', 'name'])
		.where('therapist_id', '=', therapistId)
		.where('archived_at', 'is', null)
		.orderBy('name')
		.orderBy('id')
		.execute();
}

/** Couples shown on one page of the couple list. */
export const COUPLES_SHOWN = 50;

/** Which couples the list shows: those seen now, those archived, or those with overdue homework. */
export type CoupleListView = 'current' | 'archived' | 'overdue';

export interface CouplePage {
	couples: Array<CoupleSummary & { overdueAssignments: number }>;
	/** How many couples the view holds, on every page. */
	total: number;
}

/**
 * One page (from 1) of a therapist's own couples by name, with what the list
 * shows about each. The page is cut in the first query, and each later one
 * asks only about the couples on it, so the cost follows the page, not the
 * size of the practice.
 */
export async function listCouplesForTherapist(
	db: Database,
	therapistId: string,
	now: Date,
	options: { view: CoupleListView; page?: number }
): Promise<CouplePage> {
	const page = Math.max(1, options.page ?? 1);
	let query = db
		.selectFrom('couples')
		.where('therapist_id', '=', therapistId)
		.where('archived_at', options.view === 'archived' ? 'is not' : 'is', null);
	if (options.view === 'overdue')
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('assignments as a')
					.select('a.id')
					.whereRef('a.couple_id', '=', 'couples.id')
					.where((inner) => overdueForSomeone(inner, now))
			)
		);
	const couples = await query
		.select((eb) => ['id', 'name', 'archived_at', eb.fn.countAll<number>().over().as('total')])
		.orderBy('name')
		.orderBy('id')
		.limit(COUPLES_SHOWN)
		.offset((page - 1) * COUPLES_SHOWN)
		.execute();
	if (couples.length === 0) {
		// A page past the end has no row to carry the count: it is asked for on its own.
		const { total } =
			page === 1
				? { total: 0 }
				: await query
						.select((eb) => eb.fn.countAll<number>().as('total'))
						.executeTakeFirstOrThrow();
		return { couples: [], total: Number(total) };
	}
	const ids = couples.map((couple) => couple.id);

	const [partners, sessions, steps, overdue] = await Promise.all([
		db
			.selectFrom('partners')
			.select(['id', 'couple_id', 'position', 'display_name', 'user_id'])
			.where('couple_id', 'in', ids)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('therapy_sessions')
			.select(['couple_id', (eb) => eb.fn.min('starts_at').as('next')])
			.where('couple_id', 'in', ids)
			.where('status', '=', 'scheduled')
			.where('starts_at', '>=', now.toISOString())
			.groupBy('couple_id')
			.execute(),
		// The current step: that of the most recently set homework; of several set together, the
		// furthest. Under a therapist's program, the step's place in it (programs/couple-program.ts).
		db
			.selectFrom(
				db
					.selectFrom('assignments')
					.leftJoin('program_steps', 'program_steps.id', 'assignments.program_step_id')
					.select((eb) => [
						'assignments.couple_id',
						eb.fn.coalesce('program_steps.position', 'assignments.step').as('step'),
						eb.fn
							.agg<number>('row_number')
							.over((over) =>
								over
									.partitionBy('assignments.couple_id')
									.orderBy('assignments.created_at', 'desc')
									.orderBy(eb.fn.coalesce('program_steps.position', 'assignments.step'), 'desc')
							)
							.as('rank')
					])
					.where('assignments.couple_id', 'in', ids)
					.where('assignments.cancelled_at', 'is', null)
					.where((eb) =>
						eb.or([
							eb('assignments.step', 'is not', null),
							eb('assignments.program_step_id', 'is not', null)
						])
					)
					.as('ranked')
			)
			.select(['couple_id', 'step'])
			.where('rank', '=', 1)
			.execute(),
		db
			.selectFrom('assignments as a')
			.select((eb) => ['a.couple_id', eb.fn.countAll<number>().as('assignments')])
			.where('a.couple_id', 'in', ids)
			.where((eb) => overdueForSomeone(eb, now))
			.groupBy('a.couple_id')
			.execute()
	]);

	const nextByCouple = new Map(sessions.map((row) => [row.couple_id, row.next]));
	const stepByCouple = new Map(steps.map((row) => [row.couple_id, row.step]));
	const overdueByCouple = new Map(overdue.map((row) => [row.couple_id, Number(row.assignments)]));
	const partnersByCouple = groupBy(partners, (partner) => partner.couple_id);
	return {
		couples: couples.map((couple) => ({
			id: couple.id,
			name: couple.name,
			archived: couple.archived_at !== null,
			partners: (partnersByCouple.get(couple.id) ?? []).map((partner) => ({
				id: partner.id,
				position: partner.position,
				displayName: partner.display_name,
				joined: partner.user_id !== null
			})),
			nextSessionAt: nextByCouple.get(couple.id) ?? null,
			currentStep: stepByCouple.get(couple.id) ?? null,
			overdueAssignments: overdueByCouple.get(couple.id) ?? 0
		})),
		total: Number(couples[0]!.total)
	};
}

export interface CoupleDetail {
	id: string;
	name: string;
	secretsPolicy: SecretsPolicy;
	policyText: string;
	archived: boolean;
	/** When the record was closed; its retention period runs from here (record/retention.ts). */
	archivedAt: string | null;
	screening: ScreeningSetting;
	/** Hours before each session a recurring check-in is due (measurement-settings.ts). */
	checkInLeadHours: number;
	partners: Array<PartnerSummary & { joinedAt: string | null }>;
}

/** One couple, only if it is this therapist's; null otherwise (the caller answers 404). */
export async function coupleForTherapist(
	db: Database,
	therapistId: string,
	coupleId: string
): Promise<CoupleDetail | null> {
	const couple = await db
		.selectFrom('couples')
		.select([
			'id',
			'name',
			'secrets_policy',
			'policy_text',
			'archived_at',
			'screening_on',
			'screening_every_weeks',
			'check_in_lead_hours'
		])
		.where('id', '=', coupleId)
		.where('therapist_id', '=', therapistId)
		.executeTakeFirst();
	if (!couple) return null;
	const partners = await db
		.selectFrom('partners')
		.select(['id', 'position', 'display_name', 'user_id', 'joined_at'])
		.where('couple_id', '=', couple.id)
		.orderBy('position')
		.execute();
	return {
		id: couple.id,
		name: couple.name,
		secretsPolicy: couple.secrets_policy,
		policyText: couple.policy_text,
		archived: couple.archived_at !== null,
		archivedAt: couple.archived_at,
		screening: { on: couple.screening_on === 1, everyWeeks: couple.screening_every_weeks },
		checkInLeadHours: couple.check_in_lead_hours,
		partners: partners.map((partner) => ({
			id: partner.id,
			position: partner.position,
			displayName: partner.display_name,
			joined: partner.user_id !== null,
			joinedAt: partner.joined_at
		}))
	};
}

export interface PartnerCouple {
	therapistId: string;
	therapistName: string;
	otherPartnerName: string | null;
	secretsPolicy: SecretsPolicy;
	policyText: string;
}

/** What a partner may know of their own couple: their therapist, their partner's name, the policy. */
export async function coupleForPartner(
	db: Database,
	partner: { id: string; coupleId: string }
): Promise<PartnerCouple> {
	const couple = await db
		.selectFrom('couples')
		.innerJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		.select([
			'therapist.id as therapistId',
			'therapist.display_name as therapistName',
			'couples.secrets_policy',
			'couples.policy_text'
		])
		.where('couples.id', '=', partner.coupleId)
		// A couple's therapist is a therapist account, which always has a name (a CHECK on users).
		.$narrowType<{ therapistName: NotNull }>()
		.executeTakeFirstOrThrow();
	const other = await db
		.selectFrom('partners')
		.select('display_name')
		.where('couple_id', '=', partner.coupleId)
		.where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', partner.id)]))
		.executeTakeFirst();
	return {
		therapistId: couple.therapistId,
		therapistName: couple.therapistName,
		otherPartnerName: other?.display_name ?? null,
		secretsPolicy: couple.secrets_policy,
		policyText: couple.policy_text
	};
}
