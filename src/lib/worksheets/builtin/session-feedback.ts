import type { ChoiceOption, Field, WorksheetTemplate } from '../template';

// Session feedback: how the last session was for each partner, read by the
// therapist alone, so a split alliance (one partner at ease, the other not)
// shows before it turns into a missed session. The published short alliance
// measures were not shipped: the ORS and SRS need a licence, and for the
// others (the WAI-SR, the couple therapy alliance scales) no licence allowing
// use in software could be established. These are the project's own
// questions, and not a validated instrument: the total is a rough guide.

const agreement = (): ChoiceOption[] => [
	{ value: 'not-at-all', label: 'Not at all', score: 0 },
	{ value: 'a-little', label: 'A little', score: 1 },
	{ value: 'somewhat', label: 'Somewhat', score: 2 },
	{ value: 'mostly', label: 'Mostly', score: 3 },
	{ value: 'completely', label: 'Completely', score: 4 }
];

/** The scored questions, in order. */
export const SESSION_FEEDBACK_ITEMS: Array<[key: string, label: string]> = [
	['heard', 'In the last session, I felt heard and understood by the therapist.'],
	['fair', 'The therapist was fair to both of us.'],
	['what-mattered', 'We spent the time on what mattered to me.'],
	['coming-back', 'I want to come back for the next session.']
];

const items: Field[] = SESSION_FEEDBACK_ITEMS.map(([key, label]) => ({
	key,
	kind: 'single-choice',
	label,
	required: true,
	options: agreement(),
	audience: 'confidential'
}));

export const sessionFeedback: WorksheetTemplate = {
	id: 'session-feedback',
	title: 'Session feedback',
	intro:
		'Four quick questions about your last session, a few minutes at most. Only your therapist reads your answers, never your partner, and there are no wrong ones: if something did not work for you, saying so helps your therapist change it.',
	step: null,
	minutes: 5,
	credit:
		'The project’s own questions, not a validated instrument. Published alliance measures were left out on purpose: the Outcome and Session Rating Scales need a licence, and no licence allowing other short alliance measures in software could be established.',
	therapistNote:
		'Scored 0–16, higher is a better session for this partner. Not a validated instrument: read it as a prompt to ask, not a score. A split alliance is flagged when one partner’s total for a session is 4 or more points below the other’s. Assign it “before every session”: it opens once a session is over, asks about that session, and is charted at the session it is about.',
	fields: [
		...items,
		{
			key: 'anything-else',
			kind: 'long-text',
			label: 'Anything you would like your therapist to know about the last session?',
			maxLength: 2000,
			audience: 'confidential'
		}
	],
	scoring: {
		items: SESSION_FEEDBACK_ITEMS.map(([key]) => ({ key })),
		bands: [{ below: null, label: 'Session feedback' }]
	}
};
