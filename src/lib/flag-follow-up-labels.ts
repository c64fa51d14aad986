// How a flag's tier, state and follow-up record read to the therapist: the
// one home of that wording, for the prep page, the couple's concerns and a
// flag's own page.

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
