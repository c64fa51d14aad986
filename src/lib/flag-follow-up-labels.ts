// How a flag's tier, state and follow-up record read to the therapist: the
// one home of that wording, for the prep page, the couple's concerns, a
// flag's own page and the couple's record as PDF.

import type { Resolution } from '$lib/server/casework/flag-follow-up';

export const TIER_LABELS = {
	urgent: 'Urgent',
	watch: 'Watch',
	'needs-reading': 'Needs reading'
} as const;

export const STATE_LABELS = {
	open: 'Open',
	acknowledged: 'Acknowledged',
	resolved: 'Resolved'
} as const;

export const KIND_LABELS = { safety: 'Safety', distress: 'Concerning answer' } as const;

export const RISK_LABELS = { low: 'Low', moderate: 'Moderate', high: 'High' } as const;

export const JOINT_SESSION_LABELS = {
	continue: 'Continue joint sessions',
	pause: 'Pause joint sessions',
	'individual-only': 'Individual sessions only'
} as const;

/** Why a follow-up written on a page opened before the flag escalated was not recorded. */
export function changedSinceOpened(
	tier: keyof typeof TIER_LABELS,
	step: 'acknowledge' | 'resolve'
): string {
	return `This concern has changed since you opened it: it is now ${TIER_LABELS[tier]}. Read it again before you ${step} it. Nothing was recorded; your words are kept.`;
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** What was done about a flag, a line per thing recorded, in the order the form asks. */
export function resolutionLines(resolution: Resolution): Array<{ label: string; text: string }> {
	if (resolution.kind === 'note') return [{ label: 'Note', text: resolution.note }];
	return [
		{
			label: 'Individual contact made',
			text: `${yesNo(resolution.contactMade)}${resolution.contact ? `: ${resolution.contact}` : ''}`
		},
		{
			label: 'Risk assessed',
			text: `${yesNo(resolution.riskAssessed)}${resolution.riskLevel ? `: ${RISK_LABELS[resolution.riskLevel]} risk` : ''}`
		},
		{ label: 'Safety plan made', text: yesNo(resolution.safetyPlanMade) },
		{ label: 'Joint sessions', text: JOINT_SESSION_LABELS[resolution.jointSessions] },
		...(resolution.note ? [{ label: 'Note', text: resolution.note }] : [])
	];
}
