import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { NOT_ON_TRACK_AFTER_DEFAULT } from '../homework/check-in-change';
import { CHECK_IN_LEAD_HOURS, CHECK_IN_LEAD_HOURS_DEFAULT } from '../homework/rules';

// A couple's measurement settings, chosen by their therapist on the progress
// page: after how many sessions a partner is "not on track", and how long
// before each session a recurring check-in is due.

export const NOT_ON_TRACK_AFTER_MIN = 1;
export const NOT_ON_TRACK_AFTER_MAX = 20;

export interface MeasurementSettings {
	notOnTrackAfter: number;
	checkInLeadHours: 24 | 48;
}

export type MeasurementProblems = Partial<Record<'notOnTrackAfter' | 'checkInLeadHours', string>>;

/** Reads the settings form; a problem goes beside its field. */
export function readMeasurementSettings(form: {
	notOnTrackAfter: string;
	checkInLeadHours: string;
}): {
	settings: MeasurementSettings | null;
	problems: MeasurementProblems;
} {
	const problems: MeasurementProblems = {};
	const text = form.notOnTrackAfter.trim();
	const after = text === '' ? NOT_ON_TRACK_AFTER_DEFAULT : Number(text);
	if (!Number.isInteger(after) || after < NOT_ON_TRACK_AFTER_MIN || after > NOT_ON_TRACK_AFTER_MAX)
		problems.notOnTrackAfter = `Enter a whole number of sessions from ${NOT_ON_TRACK_AFTER_MIN} to ${NOT_ON_TRACK_AFTER_MAX}.`;
	const lead =
		form.checkInLeadHours === '' ? CHECK_IN_LEAD_HOURS_DEFAULT : Number(form.checkInLeadHours);
	const leadHours = CHECK_IN_LEAD_HOURS.find((choice) => choice === lead);
	if (leadHours === undefined) problems.checkInLeadHours = 'Choose 24 or 48 hours.';
	return {
		settings:
			Object.keys(problems).length === 0 && leadHours !== undefined
				? { notOnTrackAfter: after, checkInLeadHours: leadHours }
				: null,
		problems
	};
}

/** Saves one of this therapist's couples' settings; false when the couple is not theirs. */
export async function saveMeasurementSettings(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	settings: MeasurementSettings,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('couples')
			.set({
				not_on_track_after: settings.notOnTrackAfter,
				check_in_lead_hours: settings.checkInLeadHours
			})
			.where('id', '=', coupleId)
			.where('therapist_id', '=', actor.userId)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(trx, actor, 'couple.change', { type: 'couple', id: coupleId }, now);
		return true;
	});
}
