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

export const satisfactionCheckIn: WorksheetTemplate = {
	id: 'satisfaction-check-in',
	title: 'Relationship check-in',
	intro:
		'Four quick questions about how you feel about your relationship at the moment. There are no right answers, and it is fine if your answers change from week to week: seeing how they move over time is the point. Answer for yourself, without comparing notes with your partner.',
	step: null,
	minutes: 5,
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
