import type { ResponseStatus } from './database/schema';
import type { Answers } from '../worksheets/answers';
import { scoreAnswers } from '../worksheets/scoring';
import type { WorksheetTemplate } from '../worksheets/template';

// What counts as a check-in on the trend, and its total: one rule for the
// week ahead, the prep page and the progress page.

export interface CheckInPoint {
	partnerId: string;
	at: string;
	total: number;
}

export interface CheckInResponse {
	partnerId: string;
	status: ResponseStatus;
	submittedAt: string | null;
	/** The response's answers as stored (JSON). */
	answers: string;
	recurrence: 'once' | 'before-each-session';
	/** The template version the response was written against, if it is known. */
	template: WorksheetTemplate | undefined;
}

/** Handed-in responses to a repeating, scored check-in, as totals, oldest first. */
export function checkInPoints(responses: readonly CheckInResponse[]): CheckInPoint[] {
	return responses
		.flatMap((response) => {
			if (response.recurrence !== 'before-each-session' || response.status === 'draft' || response.submittedAt === null || !response.template) return [];
			const score = scoreAnswers(response.template, JSON.parse(response.answers) as Answers);
			return score ? [{ partnerId: response.partnerId, at: response.submittedAt, total: score.total }] : [];
		})
		.sort((a, b) => a.at.localeCompare(b.at));
}
