import type { WorksheetTemplate } from '../template';

export const breakupReasons: WorksheetTemplate = {
	id: 'breakup-reasons',
	title: 'Looking back at what ended it',
	intro:
		'Before deciding whether to try again, it helps to look clearly at why things ended. This is not about settling who was to blame. It is about seeing what happened as fairly as you can, so that whatever you decide rests on the whole picture. Answer in your own words; short answers are fine.',
	step: 1,
	minutes: 20,
	fields: [
		{
			key: 'what-happened',
			kind: 'long-text',
			label: 'In your own words, what led to the breakup?',
			help: 'Tell it the way you would to a friend who cares about you both. Include the slow build-up as well as the last straw.',
			required: true
		},
		{
			key: 'contributing-factors',
			kind: 'multiple-choice',
			label: 'What played a part? Choose all that fit.',
			options: [
				{ value: 'money', label: 'Money worries' },
				{ value: 'work-or-study', label: 'Pressure from work or study' },
				{ value: 'family', label: 'Family or in-laws' },
				{ value: 'health', label: 'Physical or mental health' },
				{ value: 'children', label: 'Children or parenting' },
				{ value: 'distance', label: 'Distance or too little time together' },
				{ value: 'communication', label: 'We stopped talking, or talking well' },
				{ value: 'unresolved-conflict', label: 'Arguments that never got settled' },
				{ value: 'emotional-distance', label: 'Drifting apart emotionally' },
				{ value: 'trust', label: 'Broken trust' },
				{ value: 'different-futures', label: 'Wanting different things from the future' }
			],
			other: { label: 'Something else' }
		},
		{
			key: 'biggest-factor',
			kind: 'short-text',
			label: 'If you had to name the one thing that weighed most, what would it be?',
			maxLength: 200
		},
		{
			key: 'what-has-changed',
			kind: 'long-text',
			label: 'What, if anything, has changed since then?',
			help: 'In you, in your partner, or in your circumstances. For example: a new job that eased money pressure, or help you have started getting for your drinking. “Nothing yet” is an honest answer too.'
		},
		{
			key: 'what-draws-me-back',
			kind: 'long-text',
			label: 'What draws you back towards this relationship?',
			help: 'Try to tell apart what you value in this relationship from loneliness, fear of starting over, or habit. All of those are understandable; they just point in different directions.',
			required: true
		},
		{
			key: 'how-sure',
			kind: 'scale',
			label: 'Right now, how sure are you that trying again is a good idea for you?',
			min: 0,
			max: 10,
			minLabel: 'Not at all sure',
			middleLabel: 'Torn',
			maxLabel: 'Completely sure'
		},
		{
			key: 'doubts',
			kind: 'long-text',
			label: 'What gives you pause?',
			help: 'Any doubts, worries or warning signs, even ones you would rather not say out loud yet.'
		}
	]
};
