import type { WorksheetTemplate } from '../template';

export const takingItSlow: WorksheetTemplate = {
	id: 'taking-it-slow',
	title: 'Taking it slow',
	intro:
		'Trust and closeness come back a step at a time. This worksheet helps you take stock of the pace between you, plan good time together, and decide what you will say if things start moving faster than feels right. There is no prize for getting anywhere quickly.',
	step: 7,
	minutes: 15,
	fields: [
		{
			key: 'pace',
			kind: 'single-choice',
			label: 'Which best describes the pace between you at the moment?',
			options: [
				{ value: 'slower-than-i-would-like', label: 'Slower than I would like' },
				{ value: 'about-right', label: 'About right' },
				{ value: 'faster-than-comfortable', label: 'Faster than I am comfortable with' },
				{ value: 'hard-to-say', label: 'Hard to say' }
			],
			required: true
		},
		{
			key: 'trust-now',
			kind: 'scale',
			label: 'How much do you trust your partner right now?',
			min: 0,
			max: 10,
			minLabel: 'Very little',
			middleLabel: 'Somewhat',
			maxLabel: 'Completely'
		},
		{
			key: 'next-small-step',
			kind: 'long-text',
			label: 'What would a good next step together look like?',
			help: 'Something a little beyond where you are now, not a leap. For example: “A Saturday morning walk, home by lunchtime.”',
			required: true
		},
		{
			key: 'new-things-to-try',
			kind: 'long-text',
			label: 'Ideas for new things to do together',
			help: 'Things neither of you has done together before tend to feel fresh rather than loaded with the past: a class, a new walking route, cooking something unfamiliar, a day trip somewhere new.'
		},
		{
			key: 'too-fast-signs',
			kind: 'long-text',
			label: 'How will you know if things are moving too fast, and what will you say?',
			help: 'Signs in yourself, such as dread before seeing them or agreeing to things you are not sure about, and words you could use: “I’m enjoying this, and I’d like to keep it at this pace for now.”'
		},
		{
			key: 'naming-it',
			kind: 'single-choice',
			label: 'How do you feel about putting a name to what you are right now?',
			options: [
				{ value: 'not-yet', label: 'I would rather not name it yet' },
				{ value: 'open', label: 'I am open to talking about it' },
				{ value: 'want-clarity', label: 'I would like us to be clearer soon' },
				{ value: 'unsure', label: 'I am not sure' }
			]
		}
	]
};
