import type { WorksheetTemplate } from '../template';

export const accountability: WorksheetTemplate = {
	id: 'accountability',
	title: 'Owning my part',
	intro:
		'This worksheet is about your side of what went wrong. It is not the whole story, and it is not a verdict on who was more to blame: your partner is doing the same work about their own part. Violence, threats and intimidation are different: no one’s part causes them, and nothing here asks you to own harm that was done to you. If you have been hurt or frightened by your partner, that is not your part: leave it out, and tell your therapist on your own. Looking squarely at your own behaviour is one of the hardest and most useful things you can do in this program, so be as specific as you can, and as kind to yourself as you would be to a friend doing the same. You do not have to finish in one sitting. Nothing here reaches your partner unless you choose to share it when you submit, and your therapist will help you decide what to bring into a session, and how.',
	step: 5,
	minutes: 30,
	fields: [
		{
			key: 'behaviours',
			kind: 'repeating-group',
			label: 'My part: what I did, or didn’t do',
			help: 'One behaviour per row. Describe actions someone watching could have seen or heard, not character traits: “I looked at my phone while you were telling me about your mother’s diagnosis” rather than “I was distant”. Things you stopped doing count too, such as “I stopped asking about your day.” Two or three honest rows are worth more than a long list.',
			itemName: 'behaviour',
			nameLabel: 'Name this behaviour in a few words',
			maxRows: 10,
			required: true,
			fields: [
				{
					key: 'what-i-did',
					kind: 'long-text',
					label: 'What I did',
					help: 'Say plainly what happened, without the reasons for now. For example: “When you raised money, I would change the subject or leave the room.”',
					required: true
				},
				{
					key: 'when-and-how-often',
					kind: 'short-text',
					label: 'When, and how often',
					help: 'For example: “Most evenings last winter”, “Twice, both times after a party”, “On and off for about two years”.',
					maxLength: 200
				},
				{
					key: 'impact-on-partner',
					kind: 'long-text',
					label: 'The impact on my partner, as I understand it',
					help: 'What was it like to be on the receiving end? What might they have felt, given up, or come to believe about you or about the relationship? For example: “I think you felt you were carrying our money worries on your own, and stopped bringing them up.” It is fine to be unsure; you can check your understanding with them later.'
				}
			]
		},
		{
			key: 'what-was-going-on-for-me',
			kind: 'long-text',
			label: 'What was going on for me at the time',
			help: 'Optional. What you were feeling, fearing or needing back then can help you and your therapist understand the pattern. It explains; it doesn’t excuse. Keep it here rather than in your apology.'
		},
		{
			key: 'apology-draft',
			kind: 'long-text',
			label: 'What I am sorry for: a first draft of an apology',
			help: 'Write it as if you were speaking to your partner. Name the specific things you are sorry for and what you understand they cost them. Leave out “but”: “I’m sorry I shouted, but you had been ignoring me” takes the apology back. You don’t need to run yourself down either (“I’m a terrible person, I ruin everything”); that tends to leave your partner comforting you. A good apology doesn’t ask to be forgiven on the spot. For example: “I’m sorry I kept cancelling our plans for work last spring. I think it left you feeling you came last, and lonely in our own home.” This is a draft: your therapist will help you shape it before you share anything.',
			required: true
		},
		{
			key: 'commitments',
			kind: 'repeating-group',
			label: 'What I will do differently',
			help: 'One concrete commitment per row: something you will actually do, that you could tick off at the end of a week. “I’ll leave my phone in another room during dinner” is easier to keep, and to notice, than “I’ll be more present”. A few commitments you keep are worth more than many you don’t.',
			itemName: 'commitment',
			nameLabel: 'Name this commitment in a few words',
			maxRows: 10,
			required: true,
			fields: [
				{
					key: 'what-i-will-do',
					kind: 'long-text',
					label: 'What I will do',
					help: 'What, when and how often. For example: “When I feel myself getting heated, I’ll say I need twenty minutes, and then come back and finish the conversation.”',
					required: true
				},
				{
					key: 'how-partner-will-notice',
					kind: 'long-text',
					label: 'How my partner will notice',
					help: 'What will they see or hear that is different? If the change would be invisible to them, think about how to make it visible, for example by telling them when you are taking your twenty minutes.'
				},
				{
					key: 'obstacles-and-plan',
					kind: 'long-text',
					label: 'What might get in the way, and my plan for that',
					help: 'Be honest about the hard moments: tiredness, old habits, a stressful week, feeling criticised. For example: “On nights I’m exhausted I’ll want to skip our check-in. I’ll suggest a five-minute one instead of cancelling.”'
				}
			]
		},
		{
			key: 'for-partner-to-reflect-on',
			kind: 'long-text',
			label: 'What I hope my partner will reflect on about their own part',
			help: 'Accountability works best when both people look at themselves. Never ask your partner to own a part in violence, threats or intimidation (such as “what you did to set me off”): no one’s part causes them. If violence or fear is part of your story, tell your therapist on your own instead. Write what you would gently invite your partner to consider, in words you could say with them in the room. Describe what happened between you and how it affected you, rather than what is wrong with them: “When I raised worries about money, our talks often ended before we’d settled anything, and after a while I stopped raising them” rather than “You never listen.” Your therapist will help decide when and how this comes up.'
		},
		{
			key: 'readiness-to-share',
			kind: 'scale',
			label: 'How ready do I feel to share this in a session?',
			help: 'There is no wrong answer. If you are not ready yet, your therapist can help you get there at a pace that works for you.',
			min: 0,
			max: 10,
			minLabel: 'Not ready yet',
			middleLabel: 'Partly ready',
			maxLabel: 'Ready'
		},
		{
			key: 'what-would-help-me-share',
			kind: 'short-text',
			label: 'What would make sharing it easier?',
			help: 'For example: reading it out rather than speaking freely, sharing one part at a time, or having the therapist open the conversation.',
			maxLength: 300
		}
	]
};
