// Change that means something, for a scored check-in: the reliable change
// index of Jacobson & Truax (1991), "Clinical significance: a statistical
// approach to defining meaningful change in psychotherapy research", Journal
// of Consulting and Clinical Psychology, 59(1), 12–19. A difference between
// two totals counts only when it is larger than the instrument's measurement
// error would make by chance; it is clinically significant when, as well,
// it crosses the line between the distressed and the not distressed range.

/** What an instrument's published figures say about its totals. Data of the instrument, kept beside its template. */
export interface InstrumentNorms {
	/** The total that separates distressed from not distressed (the CSI-4's 13.5). */
	cutOff: number;
	/** Test reliability (internal consistency or test–retest) of the total. */
	reliability: number;
	/** Standard deviation of the total in the norm sample. */
	sd: number;
	/** Where each figure comes from, and whether it was checked against the source. */
	sources: Record<'cutOff' | 'reliability' | 'sd', { citation: string; verified: boolean }>;
}

/** |RCI| above this is unlikely (p < .05) to be measurement error alone. */
export const RELIABLE_Z = 1.96;

/** SE = SD · √(1 − r): the standard error of measurement. */
export function standardError(norms: Pick<InstrumentNorms, 'sd' | 'reliability'>): number {
	return norms.sd * Math.sqrt(1 - norms.reliability);
}

/** S_diff = √2 · SE: the spread of the difference between two totals of one person. */
export function differenceError(norms: Pick<InstrumentNorms, 'sd' | 'reliability'>): number {
	return Math.SQRT2 * standardError(norms);
}

/** RCI = (x2 − x1) / S_diff. */
export function reliableChangeIndex(
	before: number,
	after: number,
	norms: Pick<InstrumentNorms, 'sd' | 'reliability'>
): number {
	return (after - before) / differenceError(norms);
}

/** The smallest difference in points that counts as reliable: 1.96 · S_diff. */
export function reliableDifference(norms: Pick<InstrumentNorms, 'sd' | 'reliability'>): number {
	return RELIABLE_Z * differenceError(norms);
}

export type ChangeLabel = 'reliable-improvement' | 'reliable-deterioration' | 'no-reliable-change';

export const CHANGE_LABELS: Record<ChangeLabel, string> = {
	'reliable-improvement': 'reliable improvement',
	'reliable-deterioration': 'reliable deterioration',
	'no-reliable-change': 'no reliable change'
};

export interface MeasuredChange {
	baseline: number;
	latest: number;
	change: number;
	rci: number;
	label: ChangeLabel;
	/** A reliable change that also crossed the cut-off: up out of distress, or down into it. */
	clinicallySignificant: boolean;
	/** Which way the latest total stands against the cut-off compared with the baseline. */
	crossed: 'up' | 'down' | null;
}

/**
 * Baseline to latest, for an instrument on which higher is better (the
 * CSI-4: higher is more satisfied). Jacobson & Truax's criterion for clinical
 * significance used here is their criterion c: the cut-off between the two
 * populations, which the CSI-4 publishes (13.5).
 */
export function measuredChange(
	baseline: number,
	latest: number,
	norms: InstrumentNorms
): MeasuredChange {
	const rci = reliableChangeIndex(baseline, latest, norms);
	const label: ChangeLabel =
		rci > RELIABLE_Z
			? 'reliable-improvement'
			: rci < -RELIABLE_Z
				? 'reliable-deterioration'
				: 'no-reliable-change';
	const crossed =
		baseline < norms.cutOff && latest >= norms.cutOff
			? 'up'
			: baseline >= norms.cutOff && latest < norms.cutOff
				? 'down'
				: null;
	const clinicallySignificant =
		(label === 'reliable-improvement' && crossed === 'up') ||
		(label === 'reliable-deterioration' && crossed === 'down');
	return {
		baseline,
		latest,
		change: latest - baseline,
		rci,
		label,
		clinicallySignificant,
		crossed
	};
}

/** "reliable improvement, crossed the line": the words after a partner's name and totals. */
export function describeChange(change: MeasuredChange, single: boolean): string {
	if (single) return 'first check-in, the baseline';
	const words = [CHANGE_LABELS[change.label]];
	if (change.crossed === 'up') words.push('crossed the line');
	if (change.crossed === 'down') words.push('fell below the line');
	if (change.clinicallySignificant) words.push('clinically significant');
	return words.join(', ');
}
