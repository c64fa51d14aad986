// The ten steps of the reconciliation program, as a built-in library the
// therapist assigns from (in any order). The summaries are the project's own
// words, written to be read by partners and therapists alike.

export interface ProgramStep {
	number: number;
	title: string;
	summary: string;
	/** Ids of the built-in worksheets for this step, the usual one first. */
	worksheetIds: string[];
}

export const PROGRAM_STEPS: readonly ProgramStep[] = [
	{
		number: 1,
		title: 'Evaluate the reasons for the breakup',
		summary:
			'Before deciding whether to try again, each of you looks back at what actually ended the relationship: pressures from outside, the ways you stopped reaching each other, arguments that were never settled, distance that grew. The aim is a clear view rather than a verdict, so that any choice to reconcile rests on what really happened and not only on missing each other.',
		worksheetIds: ['breakup-reasons']
	},
	{
		number: 2,
		title: 'Allow for emotional space',
		summary:
			'A stretch of time with less contact gives each of you room to feel what happened and think it through. It is a pause, not a goodbye. Easing off anxious or impulsive contact now means that when you do talk, it can come from a steadier place.',
		worksheetIds: ['emotional-space']
	},
	{
		number: 3,
		title: 'Focus on personal growth',
		summary:
			'Time apart is also time to work on yourself: your health, how you handle strong feelings, how you listen and how you say what you need. Each of you picks a few areas, practises in them, and looks for changes your partner could notice for themselves rather than simply be told about.',
		worksheetIds: ['personal-growth']
	},
	{
		number: 4,
		title: 'Open the lines of communication',
		summary:
			'When you start talking again, keep it easy: friendly, brief and warm, more like getting reacquainted than negotiating. The breakup and the big questions about your future can wait for your sessions, where there is support to hold them.',
		worksheetIds: ['reconnecting']
	},
	{
		number: 5,
		title: 'Apologize and take accountability',
		summary:
			'Each of you looks honestly at your own part in what went wrong, names specific things you did and what they cost your partner, and drafts an apology that neither grovels nor hedges. You both do this work, so accountability runs in both directions. Each of you also sets out, in practical terms, what you will do differently.',
		worksheetIds: ['accountability']
	},
	{
		number: 6,
		title: 'Identify and address core issues',
		summary:
			'Here you name the deeper problems behind the breakup (often communication, trust, commitment and unmet emotional needs, along with anything particular to the two of you) and describe how each one looks from your side. Some of these conversations will be uncomfortable, and your therapist is there to help with them. Change lasts when both of you take part; otherwise old patterns tend to return.',
		worksheetIds: ['core-issues']
	},
	{
		number: 7,
		title: 'Take it slow',
		summary:
			'Trust and closeness come back a little at a time. This step is about spending good time together, trying things that are new to both of you, and letting the relationship find its shape without hurrying to name it.',
		worksheetIds: ['taking-it-slow']
	},
	{
		number: 8,
		title: 'Set new relationship goals',
		summary:
			'Together you sketch where you want to go: plans for the longer term, habits for talking and listening, the boundaries each of you needs, and what a good life together would look like week to week. Goals you both recognise as your own are the ones that last.',
		worksheetIds: ['relationship-goals']
	},
	{
		number: 9,
		title: 'Consider couples therapy',
		summary:
			'You are already in couples therapy; this step is about getting the most from it. Each of you says what you hope it will change, what worries you about it, and what you are ready to put in. That lets your therapist shape the work around both of you, so that each of you feels heard.',
		worksheetIds: ['therapy-commitment']
	},
	{
		number: 10,
		title: 'Prepare for all outcomes',
		summary:
			'No one can promise how this will end, and this step makes room for either ending. Each of you thinks about how to keep growing whatever happens, how you want to treat each other whether you stay together or part, and where you will find support.',
		worksheetIds: ['all-outcomes']
	}
];

export function stepByNumber(n: number): ProgramStep | undefined {
	return PROGRAM_STEPS.find((step) => step.number === n);
}
