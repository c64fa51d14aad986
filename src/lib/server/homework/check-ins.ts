import type { ResponseStatus } from '../database/schema';

// What counts as a check-in on the trend: one rule for the week ahead, the
// prep page and the progress page. The totals themselves are worked out once,
// when a check-in is handed in (totals.ts).

/** The CSI-4's line: a total below 13.5 suggests relationship distress (Funk & Rogge, 2007). */
export const DISTRESS_LINE = 13.5;
/** A fall of this many points from one check-in to the next is worth raising. */
export const CHECK_IN_DROP = 3;

export interface CheckInPoint {
	partnerId: string;
	at: string;
	total: number;
}

/**
 * The check-in whose totals make the trend: the CSI-4. Another scored
 * check-in set before each session (the PHQ-9) has a scale of its own, and
 * must not be read against the distress line.
 */
export const TREND_CHECK_IN = 'satisfaction-check-in';

export interface CheckInResponse {
	templateId: string;
	partnerId: string;
	status: ResponseStatus;
	submittedAt: string | null;
	/** The total kept on the response; null when its worksheet has no scoring. */
	total: number | null;
	recurrence: 'once' | 'before-each-session';
}

/** Handed-in responses to the repeating relationship check-in, as totals, oldest first. */
export function checkInPoints(responses: readonly CheckInResponse[]): CheckInPoint[] {
	return responses
		.flatMap((response) =>
			response.templateId !== TREND_CHECK_IN ||
			response.recurrence !== 'before-each-session' ||
			response.status === 'draft' ||
			response.submittedAt === null ||
			response.total === null
				? []
				: [{ partnerId: response.partnerId, at: response.submittedAt, total: response.total }]
		)
		.sort((a, b) => a.at.localeCompare(b.at));
}
