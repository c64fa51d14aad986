import type { WorksheetTemplate } from '../template';

export const allOutcomes: WorksheetTemplate = {
	id: 'all-outcomes',
	title: 'Ready for either outcome',
	intro:
		'No one can promise how this will turn out, and thinking about both possibilities is not giving up. This worksheet asks where you are now, how you want to act whichever way things go, and what you will carry forward from this work either way.',
	step: 10,
	minutes: 20,
	fields: [
		{
			key: 'where-i-am',
			kind: 'single-choice',
			label: 'Which comes closest to where I am right now?',
			options: [
				{ value: 'hopeful', label: 'Hopeful that we will make it' },
				{ value: 'uncertain', label: 'Genuinely unsure' },
				{ value: 'doubtful', label: 'Doubtful that it will last' },
				{ value: 'at-peace', label: 'At peace with either outcome' }
			],
			required: true
		},
		{
			key: 'if-we-stay',
			kind: 'long-text',
			label: 'If we stay together, what will I keep doing to look after the relationship?',
			help: 'Think about what has helped so far, and how to keep it going once therapy ends.'
		},
		{
			key: 'if-we-part',
			kind: 'long-text',
			label: 'If we part, how do I want to have behaved?',
			help: 'How you would like to treat your partner, yourself and anyone else affected, such as children, family and friends. For example: “I want to be able to say I was honest with you, and that I never used the children to get at you.”'
		},
		{
			key: 'what-i-will-keep',
			kind: 'long-text',
			label: 'What from this work will I keep, whatever happens?',
			required: true
		},
		{
			key: 'support',
			kind: 'short-text',
			label: 'Who will I lean on if it gets hard?',
			maxLength: 300
		},
		{
			key: 'acceptance',
			kind: 'scale',
			label: 'How able do I feel to accept whichever way this goes?',
			min: 0,
			max: 10,
			minLabel: 'Not at all',
			maxLabel: 'Fully'
		}
	]
};
