import type { WorksheetTemplate } from '../template';

export const therapyCommitment: WorksheetTemplate = {
	id: 'therapy-commitment',
	title: 'What I want from our therapy',
	intro:
		'You are already in couples therapy together. This worksheet is about getting the most from it: what you hope it will change, what worries you about it, what you are ready to put in, and what helps you feel heard. Honest answers, including doubts, help your therapist shape the work around both of you.',
	step: 9,
	minutes: 15,
	fields: [
		{
			key: 'hopes',
			kind: 'long-text',
			label: 'What I hope will be different by the time our therapy ends',
			help: 'Be as concrete as you can. For example: “We can disagree about money without it turning into a row that lasts all weekend.”',
			required: true
		},
		{
			key: 'worries',
			kind: 'multiple-choice',
			label: 'Worries I have about our sessions',
			options: [
				{ value: 'being-blamed', label: 'Being blamed, or feeling outnumbered' },
				{ value: 'therapist-taking-sides', label: 'The therapist taking sides' },
				{ value: 'making-things-worse', label: 'That talking will make things worse' },
				{ value: 'saying-the-wrong-thing', label: 'Saying the wrong thing' },
				{ value: 'partner-not-committed', label: 'That my partner won’t take it seriously' },
				{
					value: 'not-ready-for-topics',
					label: 'Things coming up that I am not ready to talk about'
				},
				{ value: 'time-or-cost', label: 'The time or cost' }
			],
			other: { label: 'Another worry' }
		},
		{
			key: 'my-commitment',
			kind: 'long-text',
			label: 'What I am willing to commit to',
			help: 'For example: coming to every session, doing the homework a few days before rather than just before we go in, and saying so when something the therapist suggests doesn’t sit right with me.',
			required: true
		},
		{
			key: 'how-committed',
			kind: 'scale',
			label: 'How committed do I feel to this therapy right now?',
			min: 0,
			max: 10,
			minLabel: 'Hardly at all',
			middleLabel: 'Willing to see',
			maxLabel: 'Fully committed'
		},
		{
			key: 'feeling-heard',
			kind: 'long-text',
			label: 'What helps me feel heard in a session, and what gets in the way?',
			help: 'For example: time to finish a thought, being asked directly, a moment to calm down, or not being interrupted.'
		},
		{
			key: 'for-the-therapist',
			kind: 'long-text',
			label: 'Anything I would like my therapist to know or do differently'
		}
	]
};
