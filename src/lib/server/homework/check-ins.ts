import type { ResponseStatus } from '../database/schema';

// What counts as a check-in on the trend: one rule for the week ahead, the
// prep page and the progress page. The totals themselves are worked out once,
// when a check-in is handed in (totals.ts).

export { CSI4_NORMS } from '../../worksheets/builtin/satisfaction-check-in';

export interface CheckInPoint {
	partnerId: string;
	at: string;
	total: number;
	/** The session the check-in was handed in for: the two partners' check-ins for one session pair up. */
	occurrence: string;
}

/**
 * The check-in whose totals make the trend: the CSI-4. Another scored
 * check-in set before each session (the PHQ-9) has a scale of its own, and
 * must not be read against the distress line.
 */
export const TREND_CHECK_IN = 'satisfaction-check-in';

/** The session-feedback (alliance) check-in, charted on a line of its own. */
export const FEEDBACK_CHECK_IN = 'session-feedback';

export interface CheckInResponse {
	templateId: string;
	partnerId: string;
	status: ResponseStatus;
	submittedAt: string | null;
	/** The total kept on the response; null when its worksheet has no scoring. */
	total: number | null;
	recurrence: 'once' | 'before-each-session';
	occurrence: string;
}

/** Handed-in responses to one repeating check-in, as totals, oldest first. */
function pointsOf(templateId: string, responses: readonly CheckInResponse[]): CheckInPoint[] {
	return responses
		.flatMap((response) =>
			response.templateId !== templateId ||
			response.recurrence !== 'before-each-session' ||
			response.status === 'draft' ||
			response.submittedAt === null ||
			response.total === null
				? []
				: [
						{
							partnerId: response.partnerId,
							at: response.submittedAt,
							total: response.total,
							occurrence: response.occurrence
						}
					]
		)
		.sort((a, b) => a.at.localeCompare(b.at));
}

/** Handed-in responses to the repeating relationship check-in, as totals, oldest first. */
export function checkInPoints(responses: readonly CheckInResponse[]): CheckInPoint[] {
	return pointsOf(TREND_CHECK_IN, responses);
}

/** Handed-in session feedback, as totals, oldest first. */
export function feedbackPoints(responses: readonly CheckInResponse[]): CheckInPoint[] {
	return pointsOf(FEEDBACK_CHECK_IN, responses);
}

/**
 * Oldest first, and two handed in at the same moment in the partners' order,
 * so a table of them reads the same each time.
 */
export function inPartnerOrder(
	points: readonly CheckInPoint[],
	partnerIds: readonly string[]
): CheckInPoint[] {
	return [...points].sort(
		(a, b) =>
			a.at.localeCompare(b.at) || partnerIds.indexOf(a.partnerId) - partnerIds.indexOf(b.partnerId)
	);
}
