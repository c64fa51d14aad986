import type { WorksheetTemplate } from '../template';

export const reconnecting: WorksheetTemplate = {
	id: 'reconnecting',
	title: 'Getting back in touch, gently',
	intro:
		'When you start talking again, keep it light: friendly, short and low-pressure, more like getting to know each other again than sorting everything out. The heavy conversations will come, with your therapist’s help. This worksheet helps you plan an easy first step and what to do if things start to get heavy.',
	step: 4,
	minutes: 15,
	fields: [
		{
			key: 'readiness',
			kind: 'scale',
			label: 'How ready do you feel for light, friendly contact?',
			min: 0,
			max: 10,
			minLabel: 'Not ready yet',
			maxLabel: 'Ready'
		},
		{
			key: 'first-step',
			kind: 'short-text',
			label: 'A small, low-pressure first step you could take',
			help: 'For example: a short message about something that made you think of them, with no question they have to answer.',
			maxLength: 300,
			required: true
		},
		{
			key: 'easy-topics',
			kind: 'long-text',
			label: 'What could you talk about that feels easy and good?',
			help: 'A show you both like, news of a friend, something funny from your week, a plan for a coffee or a walk.'
		},
		{
			key: 'off-the-table',
			kind: 'multiple-choice',
			label: 'For now, which topics would you rather keep off the table?',
			options: [
				{ value: 'the-breakup', label: 'The breakup and whose fault it was' },
				{ value: 'other-people', label: 'Anyone either of us has seen since' },
				{ value: 'our-future', label: 'Whether and when we get back together' },
				{ value: 'money-and-property', label: 'Money and belongings' },
				{ value: 'old-hurts', label: 'Old hurts and arguments' }
			],
			other: { label: 'Another topic' }
		},
		{
			key: 'if-it-gets-heavy',
			kind: 'long-text',
			label: 'If a conversation starts sliding into heavy ground, what will you say or do?',
			help: 'For example: “I do want to talk about that, properly. Can we keep it for our next session?”',
			required: true
		},
		{
			key: 'how-it-went',
			kind: 'long-text',
			label: 'Once you have been in touch: how did it go, and what did you notice in yourself?'
		}
	]
};
