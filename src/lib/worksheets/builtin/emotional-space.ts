import type { WorksheetTemplate } from '../template';

export const emotionalSpace: WorksheetTemplate = {
	id: 'emotional-space',
	title: 'Giving each other room',
	intro:
		'Some time with less contact gives you both room to feel what happened and make sense of it. It is a pause, not a goodbye. This worksheet helps you notice when the pull to reach out is strongest, decide what contact feels right for now, and plan what to do with the urge when it comes.',
	step: 2,
	minutes: 15,
	fields: [
		{
			key: 'how-space-feels',
			kind: 'single-choice',
			label: 'How is the time apart feeling at the moment?',
			options: [
				{ value: 'mostly-relief', label: 'Mostly a relief' },
				{ value: 'mixed', label: 'A mix of relief and pain' },
				{ value: 'mostly-painful', label: 'Mostly painful' },
				{ value: 'hard-to-say', label: 'Hard to say' }
			]
		},
		{
			key: 'when-the-pull-comes',
			kind: 'long-text',
			label:
				'When do you most feel the pull to get in touch on impulse, and what are you hoping for when you do?',
			help: 'For example: late at night, after a drink, after seeing a photo, after a hard day. You might be hoping for reassurance, an apology, or just to hear their voice.',
			required: true
		},
		{
			key: 'what-helps',
			kind: 'multiple-choice',
			label: 'What could help you ride out the urge? Choose any you would try.',
			options: [
				{ value: 'call-a-friend', label: 'Call or message a friend instead' },
				{ value: 'write-not-send', label: 'Write the message down without sending it' },
				{ value: 'move', label: 'Go for a walk or move my body' },
				{ value: 'wait-a-day', label: 'Wait a day, then decide whether to send it' },
				{ value: 'bring-to-session', label: 'Save it to bring to a session' }
			],
			other: { label: 'Something else that works for me' }
		},
		{
			key: 'contact-for-now',
			kind: 'long-text',
			label: 'What contact feels right for now?',
			help: 'How often, by what means, and about what. Practical matters such as children, pets or shared bills may need some contact; say what you would like to keep off-limits.',
			required: true
		},
		{
			key: 'what-i-am-working-through',
			kind: 'long-text',
			label: 'What are you using this time to think through or heal from?'
		},
		{
			key: 'steadiness',
			kind: 'scale',
			label: 'How steady have you felt day to day this past week?',
			min: 0,
			max: 10,
			minLabel: 'Very shaken',
			maxLabel: 'Steady'
		}
	]
};
