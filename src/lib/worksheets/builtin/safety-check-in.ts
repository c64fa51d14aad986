import type { ChoiceOption, ConcernRule, Field, WorksheetTemplate } from '../template';

// A private screening for fear, threats and harm, asked of every partner in
// every couple, alone. Each behaviour is asked twice: for the past year and
// for ever in this relationship, on the five-point frequency scale of the
// HITS screen. Field keys are stable: `<item>-past-year` and `<item>-ever`.

// A fresh list per field, so that adapting one question never changes another.
const howOften = (): ChoiceOption[] => [
	{ value: 'never', label: 'Never' },
	{ value: 'rarely', label: 'Rarely' },
	{ value: 'sometimes', label: 'Sometimes' },
	{ value: 'fairly-often', label: 'Fairly often' },
	{ value: 'frequently', label: 'Frequently' }
];

const aboveNever = ['rarely', 'sometimes', 'fairly-often', 'frequently'];

interface Behaviour {
	key: string;
	/** What the partner did, read after "How often has your partner …". */
	label: string;
	help?: string;
	/** The highest-risk signs (Danger Assessment): any answer above "never" is urgent. */
	urgent?: boolean;
}

const BEHAVIOURS: Behaviour[] = [
	{ key: 'insulted', label: 'Insulted you or put you down' },
	{ key: 'screamed-at', label: 'Screamed or cursed at you' },
	{
		key: 'physically-hurt',
		label: 'Physically hurt you',
		help: 'For example: pushed, grabbed, slapped, kicked or hit you.'
	},
	{
		key: 'threatened',
		label: 'Threatened to harm you',
		help: 'Or someone you love, a pet, or your things.'
	},
	{
		key: 'sexual-coercion',
		label: 'Pressured or forced you into sexual activity you did not want'
	},
	{ key: 'afraid', label: 'Made you feel afraid of them' },
	{
		key: 'strangled',
		label: 'Choked or strangled you',
		help: 'Any pressure on your neck or over your mouth and nose, even for a moment, even without marks.',
		urgent: true
	},
	{
		key: 'weapon',
		label: 'Used or threatened you with a weapon',
		help: 'A gun, a knife, or anything used as one.',
		urgent: true
	},
	{ key: 'threats-to-kill', label: 'Threatened to kill you', urgent: true },
	{
		key: 'monitored',
		label: 'Followed you, or checked your phone, messages or accounts without your agreement',
		help: 'Including tracking where you are, or reading your messages or bank app.'
	},
	{
		key: 'pressure-to-return',
		label: 'Pressured or threatened you to get back together or to stay'
	},
	{
		key: 'self-harm-threats',
		label: 'Threatened to hurt or kill themselves if you left'
	}
];

function asked(behaviour: Behaviour): Field[] {
	const question = `How often has your partner: ${behaviour.label.charAt(0).toLowerCase()}${behaviour.label.slice(1)}?`;
	return [
		{
			key: `${behaviour.key}-past-year`,
			kind: 'single-choice',
			label: `${question} In the past year`,
			help: behaviour.help,
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: `${behaviour.key}-ever`,
			kind: 'single-choice',
			label: `${question} Ever in this relationship`,
			options: howOften(),
			audience: 'confidential'
		}
	];
}

function rulesFor(key: string, tier: 'urgent' | 'watch'): ConcernRule[] {
	return [
		{ field: `${key}-past-year`, anyOf: aboveNever, tier },
		{ field: `${key}-ever`, anyOf: aboveNever, tier }
	];
}

export const safetyCheckIn: WorksheetTemplate = {
	id: 'safety-check-in',
	title: 'Private check-in',
	intro: `These questions are for your therapist alone: they read your answers, and your partner is never shown them. The app does not tell your partner about this check-in. It cannot know who else uses or looks at this phone or computer, so answer when and where you feel able to, and use the quick exit at the top of the page if someone comes in.

Every partner in every couple is asked the same questions; they don’t assume anything about you or your relationship. Each question asks about the past year, and about any time in this relationship. Answer what you can, as honestly as you can; you can skip a question. If anything here worries your therapist, they will talk with you privately.`,
	step: null,
	minutes: 8,
	privacy: 'private',
	credit:
		'Items follow, in the project’s own words: HITS (Hurt, Insult, Threaten, Scream; Sherin, Sinacore, Li, Zitter & Shakil, Family Medicine 30(7), 508–512, 1998), whose five-point frequency scale is used here; check its licence with its author before other use. The highest-risk signs (strangulation, a weapon, threats to kill, following and monitoring, threats of suicide, pressure around separation) follow the risk factors of the Danger Assessment (Jacquelyn C. Campbell, dangerassessment.org); these are not the Danger Assessment itself nor its weighted scoring, and using the instrument itself needs its own terms: check them before use. The question on the partner’s own actions is in the style of the Revised Conflict Tactics Scales (CTS2; Straus, Hamby, Boney-McCoy & Sugarman, 1996), not its wording: the CTS2 is copyrighted and licensed by its publisher. Asking both the past year and ever follows the CTS2’s time frames.',
	therapistNote:
		'Urgent (you are alerted at once): any answer above “never” to strangulation, a weapon or threats to kill, an injury in the past year, or feeling afraid for their safety now (yes or not sure). Watch: any other answer above “never”, including the partner’s own pushing, hitting or threatening. Needs reading: a question left unanswered, or any words in the last box. Only a check-in the partner hands in is read: drafts are never flagged, so a half-finished check-in raises nothing until it is sent.',
	fields: [
		...BEHAVIOURS.flatMap(asked),
		{
			key: 'used-force-past-year',
			kind: 'single-choice',
			label:
				'How often have you pushed, hit or threatened your partner, or made them afraid of you? In the past year',
			help: 'Asked of everyone. An honest answer helps your therapist keep you both safe.',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'used-force-ever',
			kind: 'single-choice',
			label:
				'How often have you pushed, hit or threatened your partner, or made them afraid of you? Ever in this relationship',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'injured-past-year',
			kind: 'single-choice',
			label: 'In the past year, has your partner injured you?',
			help: 'Bruises, cuts, pain the next day, or anything you needed care for, even if you did not get it.',
			options: [
				{ value: 'no', label: 'No' },
				{ value: 'yes', label: 'Yes' }
			],
			audience: 'confidential'
		},
		{
			key: 'afraid-now',
			kind: 'single-choice',
			label: 'Are you afraid for your safety right now?',
			options: [
				{ value: 'no', label: 'No' },
				{ value: 'unsure', label: 'I’m not sure' },
				{ value: 'yes', label: 'Yes' }
			],
			audience: 'confidential'
		},
		{
			key: 'anything-else',
			kind: 'long-text',
			label: 'Anything else you want your therapist to know',
			help: 'Optional. Only your therapist will read this.',
			audience: 'confidential'
		}
	],
	concernRules: [
		...BEHAVIOURS.flatMap((behaviour) =>
			rulesFor(behaviour.key, behaviour.urgent ? 'urgent' : 'watch')
		),
		...rulesFor('used-force', 'watch'),
		{ field: 'injured-past-year', anyOf: ['yes'], tier: 'urgent' },
		{ field: 'afraid-now', anyOf: ['yes', 'unsure'], tier: 'urgent' },
		// The partner's own words may say what no question asked: the therapist reads them.
		{ field: 'anything-else', answered: true, tier: 'needs-reading' }
	],
	skippedMeans: 'needs-reading'
};
