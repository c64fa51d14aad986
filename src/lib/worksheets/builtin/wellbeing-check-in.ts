import type { ChoiceOption, Field, WorksheetTemplate } from '../template';

// The PHQ-9. Item wording, option labels and scores are the published ones
// and must stay exactly as they are: only then does the 0–27 total mean
// what its severity bands say. Item 9 (thoughts of death or self-harm) is
// read on its own: any answer above "not at all" is urgent, whatever the total.

const overTwoWeeks = (): ChoiceOption[] => [
	{ value: 'not-at-all', label: 'Not at all', score: 0 },
	{ value: 'several-days', label: 'Several days', score: 1 },
	{ value: 'more-than-half-the-days', label: 'More than half the days', score: 2 },
	{ value: 'nearly-every-day', label: 'Nearly every day', score: 3 }
];

const ITEMS: Array<[key: string, label: string]> = [
	['little-interest', 'Little interest or pleasure in doing things'],
	['feeling-down', 'Feeling down, depressed, or hopeless'],
	['sleep', 'Trouble falling or staying asleep, or sleeping too much'],
	['tired', 'Feeling tired or having little energy'],
	['appetite', 'Poor appetite or overeating'],
	[
		'feeling-bad-about-yourself',
		'Feeling bad about yourself — or that you are a failure or have let yourself or your family down'
	],
	[
		'concentrating',
		'Trouble concentrating on things, such as reading the newspaper or watching television'
	],
	[
		'moving-or-speaking',
		'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual'
	],
	[
		'better-off-dead',
		'Thoughts that you would be better off dead or of hurting yourself in some way'
	]
];

/** The field of item 9, whose every answer above "not at all" is urgent. */
export const SELF_HARM_ITEM = 'better-off-dead';

const items: Field[] = ITEMS.map(([key, label], index) => ({
	key,
	kind: 'single-choice',
	label: `${index + 1}. ${label}`,
	required: true,
	options: overTwoWeeks(),
	audience: 'confidential'
}));

export const wellbeingCheckIn: WorksheetTemplate = {
	id: 'wellbeing-check-in',
	title: 'Wellbeing check-in',
	intro: `Over the last 2 weeks, how often have you been bothered by any of the following problems?

These questions are about you, not your relationship, and only your therapist reads your answers. If you are having thoughts of hurting yourself, you will be shown where to find help straight away after you send it.`,
	step: null,
	minutes: 5,
	privacy: 'private',
	credit:
		'Patient Health Questionnaire (PHQ-9), developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute. Kroenke, Spitzer & Williams, “The PHQ-9: validity of a brief depression severity measure”, Journal of General Internal Medicine, 16(9), 606–613 (2001).',
	therapistNote:
		'Scored 0–27: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe. Any answer above “not at all” to item 9 raises an urgent safety flag (you are alerted at once) and shows the partner your crisis help straight away. A screen, not a diagnosis. Drafts are never flagged.',
	fields: [
		...items,
		{
			key: 'difficulty',
			kind: 'single-choice',
			label:
				'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
			options: [
				{ value: 'not-difficult', label: 'Not difficult at all' },
				{ value: 'somewhat-difficult', label: 'Somewhat difficult' },
				{ value: 'very-difficult', label: 'Very difficult' },
				{ value: 'extremely-difficult', label: 'Extremely difficult' }
			],
			audience: 'confidential'
		}
	],
	scoring: {
		items: ITEMS.map(([key]) => ({ key })),
		bands: [
			{ below: 5, label: 'Minimal' },
			{ below: 10, label: 'Mild' },
			{ below: 15, label: 'Moderate', concerning: true },
			{ below: 20, label: 'Moderately severe', concerning: true },
			{ below: null, label: 'Severe', concerning: true }
		]
	},
	concernRules: [
		{
			field: SELF_HARM_ITEM,
			anyOf: ['several-days', 'more-than-half-the-days', 'nearly-every-day'],
			tier: 'urgent'
		}
	],
	helpAfterConcern: 'crisis-help'
};
