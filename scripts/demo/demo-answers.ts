import type { Answers } from '../../src/lib/worksheets/answers';

// What the demo partners wrote, by worksheet and partner position in their
// couple (the first couple's, unless the key says otherwise). Made up,
// but written the way partners in couples work do write, so the therapist's
// pages and the privacy rules have something real to show and protect.

export const DEMO_ANSWERS: Record<string, Partial<Record<1 | 2, Answers>>> = {
	accountability: {
		1: {
			behaviours: {
				rows: [
					{
						name: 'Going quiet about money',
						answers: {
							'what-i-did':
								'When Sam raised money worries, I changed the subject or said we would talk later, and we never did.',
							'when-and-how-often': 'Most weeks for about a year',
							'impact-on-partner':
								'I think Sam felt alone with the bills and stopped bringing them up, and then felt resentful that I seemed not to care.'
						}
					},
					{
						name: 'Working late without saying',
						answers: {
							'what-i-did':
								'I stayed late at work and texted at the last minute, often after Sam had cooked.',
							'when-and-how-often': 'Two or three evenings a week last winter',
							'impact-on-partner':
								'Sam felt they came after my job, and that our evenings did not matter to me.'
						}
					}
				]
			},
			'apology-draft':
				'I am sorry that I left you to carry our money worries on your own, and that I let work take the evenings we had planned. I can see that it left you lonely in our own home.',
			commitments: {
				rows: [
					{
						name: 'A money evening',
						answers: {
							'what-i-will-do':
								'One evening a month we sit down with the accounts together, and I put it in my calendar first.',
							'how-partner-will-notice': 'I will be the one who suggests the date.',
							'obstacles-and-plan': 'If work runs late that week, I will move it, not skip it.'
						}
					}
				]
			},
			'readiness-to-share': 7
		},
		2: {
			behaviours: {
				rows: [
					{
						name: 'Keeping score',
						answers: {
							'what-i-did': 'I brought up old arguments whenever we disagreed about something new.',
							'impact-on-partner':
								'Alex felt that nothing could ever be settled or forgiven, so there was no point trying.'
						}
					}
				]
			},
			'apology-draft':
				'I am sorry for bringing the past into every disagreement. It made it impossible for us to finish anything.',
			commitments: {
				rows: [
					{
						name: 'One topic at a time',
						answers: {
							'what-i-will-do':
								'When we disagree, I will stick to the one thing we are discussing, and ask for a separate time for anything older.'
						}
					}
				]
			},
			'for-partner-to-reflect-on':
				'When I raised money, our talks often ended before we had settled anything, and after a while I stopped raising it.'
		}
	},
	'core-issues': {
		1: {
			areas: {
				rows: [
					{
						name: 'Communication',
						answers: {
							'how-serious': 6,
							'what-it-looks-like': 'We talk past each other when we are tired.',
							'what-i-need': 'To finish one conversation before starting another.'
						}
					},
					{
						name: 'Trust',
						answers: {
							'how-serious': 2,
							'what-it-looks-like': 'I trust Sam; I think this is mostly fine for me.'
						}
					},
					{
						name: 'Money',
						answers: {
							'how-serious': 8,
							'what-it-looks-like': 'We avoid the subject until it explodes.',
							'what-i-can-offer': 'A monthly money evening.'
						}
					}
				]
			},
			'priority-1': 'Money',
			'priority-2': 'Communication',
			'for-therapist-only':
				'I sometimes check Sam’s banking app because I am scared about our debts.'
		},
		2: {
			areas: {
				rows: [
					{
						name: 'Communication',
						answers: {
							'how-serious': 7,
							'what-i-need': 'To be asked how my day was, and for the answer to matter.'
						}
					},
					{
						name: 'Trust',
						answers: {
							'how-serious': 8,
							'what-it-looks-like': 'I feel watched about money.',
							'what-i-can-offer': 'To tell Alex about big spending before it happens.'
						}
					},
					{ name: 'Emotional needs', answers: { 'how-serious': 6 } }
				]
			},
			'priority-1': 'Trust',
			'priority-2': 'Communication'
		}
	},
	'taking-it-slow': {
		2: { 'next-small-step': 'Maybe a film night at home, nothing more yet.' }
	},
	'breakup-reasons': {
		1: {
			'what-happened':
				'We stopped making time for each other and argued about money without ever settling anything.',
			'contributing-factors': { selected: ['money', 'work-or-study', 'unresolved-conflict'] },
			'what-draws-me-back':
				'The friendship underneath it all, and how we laugh when things are good.',
			'how-sure': 6
		},
		2: {
			'what-happened': 'I felt I was always last on the list, after work and after everyone else.',
			'contributing-factors': {
				selected: ['work-or-study', 'emotional-distance'],
				other: 'Feeling unheard'
			},
			'what-draws-me-back': 'I still trust that we both want this to work.',
			'how-sure': 4
		}
	},
	// Latest of a history (demo-practice.ts): Alex up to 14, Sam down to 9.
	'satisfaction-check-in': {
		1: {
			happiness: 'happy',
			'warm-and-comfortable': 'almost-completely-true',
			rewarding: 'mostly',
			satisfied: 'almost-completely',
			'relationship-status': 'back-together'
		},
		2: {
			happiness: 'a-little-unhappy',
			'warm-and-comfortable': 'somewhat-true',
			rewarding: 'mostly',
			satisfied: 'somewhat',
			'relationship-status': 'back-together'
		}
	},
	// After last week's session: Alex at ease (14 of 16), Sam much less so (8): a split alliance.
	'session-feedback': {
		1: {
			heard: 'completely',
			fair: 'mostly',
			'what-mattered': 'mostly',
			'coming-back': 'completely'
		},
		2: {
			heard: 'somewhat',
			fair: 'a-little',
			'what-mattered': 'somewhat',
			'coming-back': 'mostly',
			'anything-else': 'It felt like we spent most of the hour on what I did wrong.'
		}
	},
	// Sam's screening: a watch concern (the phone and the bank app), nothing urgent.
	'safety-check-in': {
		2: {
			'insulted-past-year': 'sometimes',
			'insulted-ever': 'sometimes',
			'screamed-at-past-year': 'rarely',
			'screamed-at-ever': 'sometimes',
			'physically-hurt-past-year': 'never',
			'physically-hurt-ever': 'never',
			'threatened-past-year': 'never',
			'threatened-ever': 'never',
			'sexual-coercion-past-year': 'never',
			'sexual-coercion-ever': 'never',
			'afraid-past-year': 'rarely',
			'afraid-ever': 'rarely',
			'strangled-past-year': 'never',
			'strangled-ever': 'never',
			'weapon-past-year': 'never',
			'weapon-ever': 'never',
			'threats-to-kill-past-year': 'never',
			'threats-to-kill-ever': 'never',
			'monitored-past-year': 'fairly-often',
			'monitored-ever': 'fairly-often',
			'pressure-to-return-past-year': 'never',
			'pressure-to-return-ever': 'never',
			'self-harm-threats-past-year': 'never',
			'self-harm-threats-ever': 'never',
			'used-force-past-year': 'never',
			'used-force-ever': 'never',
			'injured-past-year': 'no',
			'afraid-now': 'no',
			'anything-else':
				'When we argue about money Alex checks my bank app on my phone. I have not said this in a session.'
		}
	},
	reconnecting: {
		1: { 'first-step': 'A short walk on Sunday morning, an hour at most.' }
	}
};

/** The second couple's words, where they differ from the first's. */
export const SECOND_COUPLE_ANSWERS: Record<string, Partial<Record<1 | 2, Answers>>> = {
	accountability: {
		2: {
			behaviours: {
				rows: [
					{
						name: 'Walking out of arguments',
						answers: {
							'what-i-did':
								'When a conversation got heated I left the house without saying when I would be back.',
							'impact-on-partner':
								'Jordan was left not knowing whether I was coming back, and stopped starting hard conversations.'
						}
					}
				]
			},
			'apology-draft':
				'I am sorry for walking out in the middle of our arguments and leaving you not knowing when I would come back.',
			commitments: {
				rows: [
					{
						name: 'Time-outs with a time',
						answers: {
							'what-i-will-do':
								'When I need to stop, I will say how long I need and come back to finish.'
						}
					}
				]
			}
		}
	},
	reconnecting: DEMO_ANSWERS.reconnecting!,
	// Latest of a flat history (demo-practice.ts): Jordan at 11, Casey at 15.
	'satisfaction-check-in': {
		1: {
			happiness: 'a-little-unhappy',
			'warm-and-comfortable': 'somewhat-true',
			rewarding: 'mostly',
			satisfied: 'almost-completely',
			'relationship-status': 'in-contact'
		},
		2: {
			happiness: 'happy',
			'warm-and-comfortable': 'almost-completely-true',
			rewarding: 'almost-completely',
			satisfied: 'almost-completely',
			'relationship-status': 'in-contact'
		}
	}
};
