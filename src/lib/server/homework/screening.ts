import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { recordAudit } from '../audit/audit';
import { notifyPartners } from '../mail/notify';

// Screening for every couple: couples-therapy practice screens each partner
// privately, on their own, and again over time, because what a partner can
// say changes. So a private check-in goes to each partner when the couple is
// added and again every few weeks (a per-couple setting), unless the
// therapist turned screening off for that couple. The one home of that rule.

export const SCREENING_TEMPLATE_ID = 'safety-check-in';
export const SCREENING_EVERY_WEEKS_DEFAULT = 6;
export const SCREENING_EVERY_WEEKS_MIN = 1;
export const SCREENING_EVERY_WEEKS_MAX = 52;
/** A screening is due a week after it is assigned: soon, without being pressing. */
const DUE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface ScreeningSetting {
	on: boolean;
	everyWeeks: number;
}

/** Reads the screening fields of the couple forms; a problem goes beside "every N weeks". */
export function readScreening(form: { screeningOn: string; screeningEveryWeeks: string }): {
	screening: ScreeningSetting;
	problem: string | null;
} {
	const on = form.screeningOn === 'yes';
	const text = form.screeningEveryWeeks.trim();
	const weeks = text === '' ? SCREENING_EVERY_WEEKS_DEFAULT : Number(text);
	const valid =
		Number.isInteger(weeks) &&
		weeks >= SCREENING_EVERY_WEEKS_MIN &&
		weeks <= SCREENING_EVERY_WEEKS_MAX;
	return {
		screening: { on, everyWeeks: valid ? weeks : SCREENING_EVERY_WEEKS_DEFAULT },
		problem: valid
			? null
			: `Enter a whole number of weeks from ${SCREENING_EVERY_WEEKS_MIN} to ${SCREENING_EVERY_WEEKS_MAX}.`
	};
}

/**
 * Assigns a private check-in to each partner of the couple, one each, as
 * the system on the therapist's behalf: `created_by` is the couple's
 * therapist (a user must own every assignment); the audit entry has no user
 * and its own action, so the log shows no one clicked "assign". Call it inside
 * the transaction that decided it was due.
 */
export async function assignScreening(
	trx: Database,
	couple: { id: string; therapistId: string },
	now: Date
): Promise<string[]> {
	const partners = await trx
		.selectFrom('partners')
		.select('id')
		.where('couple_id', '=', couple.id)
		.orderBy('position')
		.execute();
	const ids: string[] = [];
	for (const partner of partners) {
		const id = newId();
		await trx
			.insertInto('assignments')
			.values({
				id,
				couple_id: couple.id,
				step: null,
				template_id: SCREENING_TEMPLATE_ID,
				partner_id: partner.id,
				due_at: new Date(now.getTime() + DUE_AFTER_MS).toISOString(),
				note: '',
				recurrence: 'once',
				cancelled_at: null,
				created_by: couple.therapistId,
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.execute();
		ids.push(id);
	}
	await recordAudit(
		trx,
		{ userId: null, clientAddress: null },
		'screening.assign',
		ids.map((id) => ({ type: 'assignment', id })),
		now
	);
	await notifyPartners(
		trx,
		couple.id,
		partners.map((partner) => partner.id),
		'new-homework',
		now
	);
	return ids;
}

/**
 * Each active couple with screening on whose latest private check-in was
 * assigned `screening_every_weeks` weeks ago or more gets a new one for each
 * partner. A couple never screened (added before screening existed) counts
 * from when it was added. Run by the mail worker's round with the server's
 * clock. Returns how many couples were screened.
 */
export async function assignDueScreenings(db: Database, now: Date): Promise<number> {
	const couples = await db
		.selectFrom('couples')
		.select((eb) => [
			'couples.id',
			'couples.therapist_id',
			'couples.screening_every_weeks',
			'couples.created_at',
			eb
				.selectFrom('assignments')
				.select((inner) => inner.fn.max('assignments.created_at').as('latest'))
				.whereRef('assignments.couple_id', '=', 'couples.id')
				.where('assignments.template_id', '=', SCREENING_TEMPLATE_ID)
				.where('assignments.cancelled_at', 'is', null)
				.as('latest')
		])
		.where('couples.archived_at', 'is', null)
		.where('couples.screening_on', '=', 1)
		.execute();
	let screened = 0;
	for (const couple of couples) {
		if (!isDue(couple.latest ?? couple.created_at, couple.screening_every_weeks, now)) continue;
		const done = await writeTransaction(db, async (trx) => {
			// Asked again inside the write lock: another round may have screened the couple meanwhile.
			const latest = await trx
				.selectFrom('assignments')
				.select((eb) => eb.fn.max('created_at').as('latest'))
				.where('couple_id', '=', couple.id)
				.where('template_id', '=', SCREENING_TEMPLATE_ID)
				.where('cancelled_at', 'is', null)
				.executeTakeFirst();
			const since = latest?.latest ?? couple.created_at;
			if (!isDue(since, couple.screening_every_weeks, now)) return false;
			await assignScreening(trx, { id: couple.id, therapistId: couple.therapist_id }, now);
			return true;
		});
		if (done) screened += 1;
	}
	return screened;
}

function isDue(latest: string, everyWeeks: number, now: Date): boolean {
	return now.getTime() - new Date(latest).getTime() >= everyWeeks * WEEK_MS;
}
