import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { recordRetentionYears } from '../startup/config';
import { normalizePracticeName, practiceNameProblem } from './practice-name';

// A practice and its policies. A new practice requires two-step sign-in for
// its therapists: a stolen password alone must not open every couple. How
// long a closed record is kept is the practice's choice; until it makes one,
// the server's default (RECORD_RETENTION_YEARS) applies. So are the longest a
// partner's "keep me signed in" lasts, and the practice's name on its mail.

export interface PracticePolicies {
	twoStepRequired: boolean;
	/** Years a closed couple's record is kept before the server deletes it. */
	retentionYears: number;
	/** The longest, in days, a partner who ticked "keep me signed in" stays signed in unused. */
	partnerKeepSignedInDays: number;
	/** The sender name of the practice's mail; null: the app's name. */
	name: string | null;
}

/** How long a partner's "keep me signed in" may last: a day at least, thirty at most. */
export const KEEP_SIGNED_IN_DAYS = { least: 1, most: 30 } as const;

/** The keep-signed-in limit as typed on the policies form, or the message beside the field. */
export function readKeepSignedInDays(typed: string): { days: number } | { problem: string } {
	const text = typed.trim();
	if (!/^[0-9]{1,3}$/.test(text)) return { problem: 'Enter a whole number of days, like 14.' };
	const days = Number(text);
	if (days < KEEP_SIGNED_IN_DAYS.least || days > KEEP_SIGNED_IN_DAYS.most)
		return {
			problem: `Choose between ${KEEP_SIGNED_IN_DAYS.least} and ${KEEP_SIGNED_IN_DAYS.most} days.`
		};
	return { days };
}

/** The periods an administrator may choose: at least a year, at most thirty. */
export const RETENTION_YEARS = { least: 1, most: 30 } as const;

/** The retention period as typed on the policies form, or the message beside the field. */
export function readRetentionYears(typed: string): { years: number } | { problem: string } {
	const text = typed.trim();
	if (!/^[0-9]{1,3}$/.test(text)) return { problem: 'Enter a whole number of years, like 7.' };
	const years = Number(text);
	if (years < RETENTION_YEARS.least || years > RETENTION_YEARS.most)
		return {
			problem: `Choose between ${RETENTION_YEARS.least} and ${RETENTION_YEARS.most} years.`
		};
	return { years };
}

export async function createPractice(
	trx: Database,
	policies: Pick<PracticePolicies, 'twoStepRequired'>,
	now: Date
): Promise<string> {
	const id = newId();
	await trx
		.insertInto('practices')
		.values({
			id,
			created_at: now.toISOString(),
			two_step_required: policies.twoStepRequired ? 1 : 0
		})
		.execute();
	return id;
}

export async function practicePolicies(
	db: Database,
	practiceId: string
): Promise<PracticePolicies> {
	const row = await db
		.selectFrom('practices')
		.select(['two_step_required', 'retention_years', 'partner_keep_signed_in_days', 'name'])
		.where('id', '=', practiceId)
		.executeTakeFirstOrThrow();
	return {
		twoStepRequired: row.two_step_required === 1,
		retentionYears: row.retention_years ?? recordRetentionYears(),
		partnerKeepSignedInDays: row.partner_keep_signed_in_days,
		name: row.name
	};
}

/**
 * The administrator's choice, with its audit row; a new retention period
 * gets a row of its own, since it decides when records are deleted. The
 * caller has checked each value (readRetentionYears, readKeepSignedInDays,
 * practiceNameProblem); a value out of range here is a bug, and throws.
 */
export async function setPracticePolicies(
	db: Database,
	administrator: SignedInActor,
	practiceId: string,
	policies: PracticePolicies,
	now: Date
): Promise<void> {
	const name = policies.name === null ? null : normalizePracticeName(policies.name);
	if (policies.name !== null && practiceNameProblem(policies.name))
		throw new RangeError('Not a practice name.');
	await writeTransaction(db, async (trx) => {
		const before = await practicePolicies(trx, practiceId);
		await trx
			.updateTable('practices')
			.set({
				two_step_required: policies.twoStepRequired ? 1 : 0,
				retention_years: policies.retentionYears,
				partner_keep_signed_in_days: policies.partnerKeepSignedInDays,
				name
			})
			.where('id', '=', practiceId)
			.execute();
		const practice = { type: 'practice', id: practiceId };
		await recordAudit(trx, administrator, 'practice.policies-change', practice, now);
		if (before.retentionYears !== policies.retentionYears)
			await recordAudit(trx, administrator, 'practice.retention-change', practice, now);
	});
}

/**
 * The longest a partner's kept session lasts unused, from their therapist's
 * practice; the most allowed when they have none (a partner not yet placed).
 */
export async function partnerKeepSignedInDays(db: Database, userId: string): Promise<number> {
	const row = await db
		.selectFrom('partners')
		.innerJoin('couples', 'couples.id', 'partners.couple_id')
		.innerJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		.innerJoin('practices', 'practices.id', 'therapist.practice_id')
		.select('practices.partner_keep_signed_in_days')
		.where('partners.user_id', '=', userId)
		.executeTakeFirst();
	return row?.partner_keep_signed_in_days ?? KEEP_SIGNED_IN_DAYS.most;
}
