import type { ResponseStatus } from '../database/schema';

// What counts as a check-in on the trend: one rule for the week ahead, the
// prep page and the progress page. The totals themselves are worked out once,
// when a check-in is handed in (totals.ts).

export interface CheckInPoint {
	partnerId: string;
	at: string;
	total: number;
}

export interface CheckInResponse {
	partnerId: string;
	status: ResponseStatus;
	submittedAt: string | null;
	/** The total kept on the response; null when its worksheet has no scoring. */
	total: number | null;
	recurrence: 'once' | 'before-each-session';
}

/** Handed-in responses to a repeating, scored check-in, as totals, oldest first. */
export function checkInPoints(responses: readonly CheckInResponse[]): CheckInPoint[] {
	return responses
		.flatMap((response) =>
			response.recurrence !== 'before-each-session' ||
			response.status === 'draft' ||
			response.submittedAt === null ||
			response.total === null
				? []
				: [{ partnerId: response.partnerId, at: response.submittedAt, total: response.total }]
		)
		.sort((a, b) => a.at.localeCompare(b.at));
}
