import type { WorksheetTemplate } from '../template';

export const relationshipGoals: WorksheetTemplate = {
	id: 'relationship-goals',
	title: 'New goals, together',
	intro:
		'This worksheet is meant for both of you. Each of you fills it in separately; the goals, habits, boundaries and picture of the future are marked to be shared with your partner, and you will see exactly what will be shown before you submit. The last two questions are for your therapist. Write goals you would be glad to hear your partner say yes to.',
	step: 8,
	minutes: 25,
	fields: [
		{
			key: 'shared-goals',
			kind: 'repeating-group',
			label: 'Goals I would like us to share',
			help: 'Big or small, near or far: where you would like to live, children, money, how you spend your weekends, how you look after each other. One goal per row.',
			itemName: 'goal',
			nameLabel: 'Name this goal',
			maxRows: 10,
			required: true,
			audience: 'shared',
			fields: [
				{
					key: 'in-practice',
					kind: 'long-text',
					label: 'What this would look like in practice',
					help: 'For example: “We spend one evening a week together with no screens, and take turns choosing what we do.”'
				},
				{
					key: 'timeframe',
					kind: 'single-choice',
					label: 'When',
					options: [
						{ value: 'next-few-months', label: 'In the next few months' },
						{ value: 'within-a-year', label: 'Within a year' },
						{ value: 'longer-term', label: 'Longer term' }
					]
				},
				{
					key: 'first-step',
					kind: 'short-text',
					label: 'One first step',
					maxLength: 300
				}
			]
		},
		{
			key: 'communication-habits',
			kind: 'multiple-choice',
			label: 'Habits for talking and listening I would like us to try',
			options: [
				{ value: 'weekly-check-in', label: 'A short check-in once a week about how we are doing' },
				{ value: 'pause-word', label: 'An agreed word for “let’s pause and come back to this”' },
				{
					value: 'ask-before-advising',
					label: 'Asking “do you want ideas or just an ear?” before giving advice'
				},
				{ value: 'daily-appreciation', label: 'Saying one thing we appreciate each day' },
				{ value: 'money-talk', label: 'A set time each month to talk about money' },
				{ value: 'phones-away', label: 'Phones away during meals' }
			],
			other: { label: 'Another habit' },
			audience: 'shared'
		},
		{
			key: 'boundaries',
			kind: 'long-text',
			label: 'Boundaries that matter to me',
			help: 'What you need in order to feel safe, respected and like yourself. For example: “I need an evening a week with my own friends” or “I’d like us to keep our problems between us and our therapist, not our families.”',
			audience: 'shared'
		},
		{
			key: 'what-success-looks-like',
			kind: 'long-text',
			label: 'What a good relationship between us looks like, a year from now',
			help: 'Describe an ordinary week rather than a perfect one: how you spend your evenings, how you handle a disagreement, what you do at the weekend.',
			required: true,
			audience: 'shared'
		},
		{
			key: 'how-close-our-pictures-are',
			kind: 'scale',
			label: 'How close do I think my picture of the future is to my partner’s right now?',
			help: 'For your therapist. Your partner reads this only if you share the whole worksheet.',
			min: 0,
			max: 10,
			minLabel: 'Far apart',
			middleLabel: 'Some overlap',
			maxLabel: 'Very close'
		},
		{
			key: 'worries-about-goals',
			kind: 'long-text',
			label: 'Anything about these goals that worries me',
			help: 'For your therapist. Your partner reads this only if you share the whole worksheet.'
		}
	]
};
