import type { WorksheetTemplate } from '../template';

export const personalGrowth: WorksheetTemplate = {
	id: 'personal-growth',
	title: 'Growing on your own',
	intro:
		'This worksheet is about you, not the relationship. Pick a few areas you would like to grow in, describe one pattern of your own you want to change, and keep track of what you are actually doing about it. Small, steady changes count for more than big promises.',
	step: 3,
	minutes: 20,
	fields: [
		{
			key: 'growth-areas',
			kind: 'multiple-choice',
			label: 'Which areas do you most want to grow in? Choose up to three.',
			options: [
				{
					value: 'strong-feelings',
					label: 'Handling strong feelings such as anger, hurt or panic'
				},
				{ value: 'listening', label: 'Listening without jumping in or defending' },
				{ value: 'saying-what-i-need', label: 'Saying clearly what I need' },
				{ value: 'conflict', label: 'Disagreeing without attacking or shutting down' },
				{ value: 'following-through', label: 'Following through on what I say I will do' },
				{ value: 'health', label: 'Looking after my health: sleep, exercise, drinking' },
				{ value: 'own-life', label: 'Building a life of my own: friends, interests' },
				{ value: 'past-patterns', label: 'Understanding patterns I learned earlier in life' }
			],
			maxSelected: 3,
			required: true
		},
		{
			key: 'pattern-to-change',
			kind: 'long-text',
			label: 'Describe one pattern of your own that you would like to change.',
			help: 'Describe what you do rather than what kind of person you are. “When I feel criticised, I go quiet for days” is easier to work with than “I’m bad at communicating.”',
			required: true
		},
		{
			key: 'practices',
			kind: 'repeating-group',
			label: 'What you are doing about it',
			help: 'One row per thing you are trying: therapy of your own, journaling, a course, a new habit.',
			itemName: 'practice',
			nameLabel: 'Name this practice',
			maxRows: 8,
			fields: [
				{
					key: 'how-often',
					kind: 'short-text',
					label: 'How often, and when',
					help: 'For example: “Ten minutes of journaling before bed, most nights.”',
					maxLength: 200
				},
				{
					key: 'how-established',
					kind: 'scale',
					label: 'How much part of your life is it so far?',
					min: 0,
					max: 10,
					minLabel: 'Just starting',
					maxLabel: 'A settled habit'
				}
			]
		},
		{
			key: 'changes-so-far',
			kind: 'long-text',
			label: 'What has changed in you so far, however small?'
		},
		{
			key: 'how-partner-would-notice',
			kind: 'long-text',
			label: 'How might your partner notice the change without you having to point it out?',
			help: 'For example: “I’d stay in the room when we disagree, instead of walking out.”'
		},
		{
			key: 'support',
			kind: 'short-text',
			label: 'Who or what is supporting you in this?',
			maxLength: 300
		}
	]
};
