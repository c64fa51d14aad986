import type { InstrumentNorms } from '../reliable-change';
import type { ChoiceOption, WorksheetTemplate } from '../template';

// The CSI-4. Item wording, option labels and scores are the published ones
// and must stay exactly as they are: only then do totals compare with the
// 13.5 distress line and across check-ins.

const notAtAllToCompletely = (): ChoiceOption[] => [
	{ value: 'not-at-all', label: 'Not at all', score: 0 },
	{ value: 'a-little', label: 'A little', score: 1 },
	{ value: 'somewhat', label: 'Somewhat', score: 2 },
	{ value: 'mostly', label: 'Mostly', score: 3 },
	{ value: 'almost-completely', label: 'Almost completely', score: 4 },
	{ value: 'completely', label: 'Completely', score: 5 }
];

/** The field asking where the couple stands (apart, in contact, back together). */
export const RELATIONSHIP_STATUS = 'relationship-status';

/** The four scored items, in order, as the item-level table shows them. */
export const CSI4_ITEMS = ['happiness', 'warm-and-comfortable', 'rewarding', 'satisfied'] as const;

const FUNK_ROGGE_2007 =
	'Funk & Rogge (2007), Journal of Family Psychology, 21(4), 572–583, doi:10.1037/0893-3200.21.4.572';

/**
 * The CSI-4's figures for reliable and clinically significant change. None
 * could be checked against the paper from a source readable where this was
 * written (the cut-off, 13.5, is the one the CSI-4 is known by and the app
 * always used): each is marked unverified, and must be compared
 * with the paper's own table before a practice relies on the labels. With
 * these figures a change of 3.4 points or more is reliable (4 in whole points).
 */
export const CSI4_NORMS: InstrumentNorms = {
	cutOff: 13.5,
	reliability: 0.94,
	sd: 5,
	sources: {
		// The cut-off the app has always used; the paper's text was not readable here either.
		cutOff: { citation: FUNK_ROGGE_2007, verified: false },
		// The internal consistency usually reported for the CSI-4 (coefficient alpha .94).
		reliability: { citation: FUNK_ROGGE_2007, verified: false },
		// A provisional figure, not read from the paper: replace it with the paper's SD.
		sd: { citation: `${FUNK_ROGGE_2007} (provisional, not read from the paper)`, verified: false }
	}
};

export const satisfactionCheckIn: WorksheetTemplate = {
	id: 'satisfaction-check-in',
	title: 'Relationship check-in',
	intro:
		'Four quick questions about how you feel about your relationship at the moment. There are no right answers, and it is fine if your answers change from week to week: seeing how they move over time is the point. Answer for yourself, without comparing notes with your partner.',
	step: null,
	minutes: 5,
	therapistNote:
		'Reliable change is worked out with the Jacobson–Truax index from the CSI-4’s reliability and standard deviation; clinically significant change is a reliable change that also crosses the 13.5 line. The reliability and standard deviation used have not yet been checked against the published paper. The last question (where the two of you are now) is not part of the CSI-4 and is not scored.',
	credit:
		'Couples Satisfaction Index, 4-item version (CSI-4), by Janette L. Funk and Ronald D. Rogge: “Testing the ruler with item response theory: Increasing precision of measurement for relationship satisfaction with the Couples Satisfaction Index”, Journal of Family Psychology, 21(4), 572–583 (2007). Free for clinical use.',
	fields: [
		{
			key: 'happiness',
			kind: 'single-choice',
			label:
				'Please indicate the degree of happiness, all things considered, of your relationship.',
			required: true,
			options: [
				{ value: 'extremely-unhappy', label: 'Extremely unhappy', score: 0 },
				{ value: 'fairly-unhappy', label: 'Fairly unhappy', score: 1 },
				{ value: 'a-little-unhappy', label: 'A little unhappy', score: 2 },
				{ value: 'happy', label: 'Happy', score: 3 },
				{ value: 'very-happy', label: 'Very happy', score: 4 },
				{ value: 'extremely-happy', label: 'Extremely happy', score: 5 },
				{ value: 'perfect', label: 'Perfect', score: 6 }
			]
		},
		{
			key: 'warm-and-comfortable',
			kind: 'single-choice',
			label: 'I have a warm and comfortable relationship with my partner.',
			required: true,
			options: [
				{ value: 'not-at-all-true', label: 'Not at all true', score: 0 },
				{ value: 'a-little-true', label: 'A little true', score: 1 },
				{ value: 'somewhat-true', label: 'Somewhat true', score: 2 },
				{ value: 'mostly-true', label: 'Mostly true', score: 3 },
				{ value: 'almost-completely-true', label: 'Almost completely true', score: 4 },
				{ value: 'completely-true', label: 'Completely true', score: 5 }
			]
		},
		{
			key: 'rewarding',
			kind: 'single-choice',
			label: 'How rewarding is your relationship with your partner?',
			required: true,
			options: notAtAllToCompletely()
		},
		{
			key: 'satisfied',
			kind: 'single-choice',
			label: 'In general, how satisfied are you with your relationship?',
			required: true,
			options: notAtAllToCompletely()
		},
		// Not part of the CSI-4 and never scored: the project's own question, asked because
		// the CSI-4 reads differently while partners are apart. Added in a new version, so
		// check-ins handed in before it keep the version they were written against. Not
		// required: a partner who skips it still gets their check-in in.
		{
			key: RELATIONSHIP_STATUS,
			kind: 'single-choice',
			label: 'Where are the two of you right now?',
			help: 'This helps your therapist read your answers above.',
			options: [
				{ value: 'apart', label: 'Apart' },
				{ value: 'in-contact', label: 'Apart, but in contact' },
				{ value: 'back-together', label: 'Back together' }
			]
		}
	],
	scoring: {
		items: [
			{ key: 'happiness' },
			{ key: 'warm-and-comfortable' },
			{ key: 'rewarding' },
			{ key: 'satisfied' }
		],
		bands: [
			{ below: 13.5, label: 'Below the distress line', concerning: true },
			{ below: null, label: 'Above the distress line' }
		],
		threshold: { value: 13.5, label: 'Distress line (13.5)' }
	}
};
