import type { WorksheetTemplate } from '../../worksheets/template';
import type { HomeworkStatus, ResponseStatus } from '../../homework-status';
import { formatDay } from '../../time';
import { isHandedIn } from './rules';

// What of a private worksheet (the safety check-in, and any other template
// marked private) a partner's own device may show. Many partners share a phone
// or have it checked, so once a check-in is sent nothing on the partner's pages
// names it or shows its answers: it leaves their lists, its page says only when
// it was sent, and its title is a neutral "Check-in" wherever they see it. Each
// sending is kept for the therapist: a partner sends another instead of
// changing one already sent.

/** The one title a partner ever sees for a private worksheet. */
export const PRIVATE_TITLE = 'Check-in';

export function isPrivate(template: Pick<WorksheetTemplate, 'privacy'> | undefined): boolean {
	return template?.privacy === 'private';
}

/** The title a partner sees for homework: neutral for a private worksheet. */
export function titleForPartner(title: string, isPrivateWorksheet: boolean): string {
	return isPrivateWorksheet ? PRIVATE_TITLE : title;
}

/** A private worksheet leaves the partner's lists once sent; an open one stays, so it can be found. */
export function listedForPartner(isPrivateWorksheet: boolean, status: HomeworkStatus): boolean {
	return !(isPrivateWorksheet && isHandedIn(status));
}

/**
 * The template a partner fills in: its title made neutral when it is
 * private, and without what is for the therapist alone. Which answers raise
 * a concern, and the note on reading them, never reach the partner's phone,
 * where whoever holds it could learn which answers to avoid.
 */
export function templateForPartner(template: WorksheetTemplate): WorksheetTemplate {
	const {
		concernRules: _rules,
		skippedMeans: _skipped,
		helpAfterConcern: _help,
		therapistNote: _note,
		...forPartner
	} = template;
	return isPrivate(template) ? { ...forPartner, title: PRIVATE_TITLE } : forPartner;
}

/**
 * A partner may send another of a one-off private check-in; one set before
 * every session starts afresh for the next session instead.
 */
export function canSendAnother(worksheet: {
	template: Pick<WorksheetTemplate, 'privacy'>;
	recurring: boolean;
}): boolean {
	return isPrivate(worksheet.template) && !worksheet.recurring;
}

/**
 * The occurrence of a further sending of a one-off private check-in: the
 * first is 'once', the next 'again-2', 'again-3' and so on, so each is its own
 * response and none is written over.
 */
export function nextOccurrence(existing: number): string {
	return `again-${existing + 1}`;
}

/**
 * Of a partner's responses to one one-off assignment, the one that stands for
 * it. To the partner: an open draft if there is one (a private check-in has at
 * most one, started after the last was sent), so they can find it again. To
 * the therapist: the one handed in last, so a further check-in still being
 * written never makes one already sent look unsent (nor overdue).
 */
export function currentResponse<
	T extends { status: ResponseStatus; submitted_at: string | null; started_at: string }
>(responses: T[], seenBy: 'partner' | 'therapist'): T | undefined {
	const draft = responses.find((response) => response.status === 'draft');
	const handedIn = responses
		.filter((response) => isHandedIn(response.status))
		.sort((a, b) => (b.submitted_at ?? '').localeCompare(a.submitted_at ?? ''));
	return seenBy === 'partner' ? (draft ?? handedIn[0]) : (handedIn[0] ?? draft);
}

/**
 * All a partner's page may hold of a private check-in once sent: its neutral
 * title, the day it was sent, and that another can be sent. Never its
 * answers, its template or its real title, in the page or its data.
 */
export function sentCheckIn(
	worksheet: { submittedAt: string | null; updatedAt: string | null },
	zone: string
): { title: string; sentOn: string } {
	const sentAt = worksheet.submittedAt ?? worksheet.updatedAt;
	return {
		title: PRIVATE_TITLE,
		sentOn: sentAt ? `Sent on ${formatDay(sentAt, zone)}` : 'Sent'
	};
}
