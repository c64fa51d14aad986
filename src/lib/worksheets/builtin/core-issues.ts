import type { WorksheetTemplate } from '../template';

export const coreIssues: WorksheetTemplate = {
	id: 'core-issues',
	title: 'The issues underneath',
	intro:
		'Most breakups have a few deeper issues underneath the arguments. This worksheet asks you to look at each one from your side: how much it matters to you, what it looks like in daily life, what you need, and what you can bring. Four common areas are listed to start with; rate, describe, add or remove areas so the list fits your relationship. Your partner fills in their own, and your therapist will look at both side by side, so there is no need to guess what they will say.',
	step: 6,
	minutes: 30,
	fields: [
		{
			key: 'areas',
			kind: 'repeating-group',
			label: 'The core areas',
			help: 'Add any other area that matters to you, such as money, sex and intimacy, family and in-laws, parenting, or housework. If one of the four listed is not an issue for you, give it a low rating or remove it.',
			itemName: 'area',
			nameLabel: 'Name this area',
			presetRows: ['Communication', 'Trust', 'Commitment', 'Emotional needs'],
			maxRows: 12,
			required: true,
			fields: [
				{
					key: 'how-serious',
					kind: 'scale',
					label: 'How serious is this for me?',
					min: 0,
					max: 10,
					minLabel: 'Not a problem for me',
					maxLabel: 'Very serious',
					required: true
				},
				{
					key: 'what-it-looks-like',
					kind: 'long-text',
					label: 'What it looks like from my side',
					help: 'A recent, specific example helps: what happened, what you felt, what you did next. For example: “When plans change at the last minute, I find out by text, and I feel like an afterthought.”'
				},
				{
					key: 'what-i-need',
					kind: 'long-text',
					label: 'What I need',
					help: 'Say what you would like more of, not only what you would like to stop. “I need to hear about changes before they are decided” is easier to act on than “Stop ignoring me.”'
				},
				{
					key: 'what-i-can-offer',
					kind: 'long-text',
					label: 'What I can offer',
					help: 'Your own part in making this better, however small. For example: “I can tell you when I’m hurt instead of going quiet.”'
				}
			]
		},
		{
			key: 'priority-1',
			kind: 'short-text',
			label: 'The area I most want to work on',
			help: 'Use a name from your list above. You can add a few words on why.',
			maxLength: 200,
			required: true
		},
		{
			key: 'priority-2',
			kind: 'short-text',
			label: 'The second area I want to work on',
			maxLength: 200
		},
		{
			key: 'priority-3',
			kind: 'short-text',
			label: 'The third area I want to work on',
			maxLength: 200
		},
		{
			key: 'hard-to-raise',
			kind: 'long-text',
			label: 'A topic I find hard to raise, and would like my therapist’s help with',
			help: 'Something you haven’t managed to say, or that goes badly every time you try. You don’t need to know how to bring it up: your therapist will help you decide whether, when and how it comes into a session. Like the rest of this worksheet, your partner reads it only if you choose to share the worksheet when you submit.'
		},
		{
			key: 'for-therapist-only',
			kind: 'long-text',
			label: 'Anything only my therapist should ever read',
			help: 'Optional. What you write here goes to your therapist alone and is never shown to your partner, even if you share the rest of this worksheet. Your therapist’s policy on secrets, which you saw when you joined, explains what they can keep in confidence and when they might encourage you to bring something into the room.',
			audience: 'confidential'
		}
	]
};
