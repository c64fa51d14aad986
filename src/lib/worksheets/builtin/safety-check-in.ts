import type { ChoiceOption, WorksheetTemplate } from '../template';

// A fresh list per field, so that adapting one question never changes another.
const howOften = (): ChoiceOption[] => [
	{ value: 'never', label: 'Never' },
	{ value: 'sometimes', label: 'Sometimes' },
	{ value: 'often', label: 'Often' }
];

const notNever = ['sometimes', 'often'];

export const safetyCheckIn: WorksheetTemplate = {
	id: 'safety-check-in',
	title: 'Private check-in',
	intro:
		'These questions are for your therapist alone. Your partner will never see your answers, and will not know this check-in exists. Every partner in every couple is asked the same questions; they don’t assume anything about you or your relationship. They are about the past year. Answer what you can, as honestly as you can. If anything here worries your therapist, they will talk with you privately.',
	step: null,
	minutes: 5,
	privacy: 'private',
	fields: [
		{
			key: 'afraid',
			kind: 'single-choice',
			label: 'In the past year, have you felt afraid of your partner?',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'threatened',
			kind: 'single-choice',
			label: 'Has your partner threatened you, or made you feel threatened?',
			help: 'For example: threats to hurt you, someone you love, a pet or themselves, or warnings of what would happen if you didn’t go along with something.',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'physically-hurt',
			kind: 'single-choice',
			label: 'Has your partner pushed, grabbed, hit or otherwise hurt you physically?',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'controlled',
			kind: 'single-choice',
			label:
				'Has your partner tried to control your money, your phone, where you go or who you see?',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'sexual-pressure',
			kind: 'single-choice',
			label: 'Has your partner pressured or forced you into sexual activity you did not want?',
			options: howOften(),
			audience: 'confidential'
		},
		{
			key: 'safe-to-be-honest',
			kind: 'single-choice',
			label:
				'Do you feel safe to speak honestly in couples sessions, including after you get home?',
			options: [
				{ value: 'yes', label: 'Yes' },
				{ value: 'unsure', label: 'I’m not sure' },
				{ value: 'no', label: 'No' }
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
		{ field: 'afraid', anyOf: notNever },
		{ field: 'threatened', anyOf: notNever },
		{ field: 'physically-hurt', anyOf: notNever },
		{ field: 'controlled', anyOf: notNever },
		{ field: 'sexual-pressure', anyOf: notNever },
		{ field: 'safe-to-be-honest', anyOf: ['no', 'unsure'] }
	]
};
