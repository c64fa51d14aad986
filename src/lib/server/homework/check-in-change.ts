import {
	describeChange,
	measuredChange,
	type InstrumentNorms,
	type MeasuredChange
} from '../../worksheets/reliable-change';
import type { CheckInPoint } from './check-ins';

// How each partner's relationship check-in moved, in measurement-based care's
// terms: baseline (the first check-in) to the latest, reliable or not,
// clinically significant or not, and whether the partner is on track.

/** After this many sessions a partner still below the line and not reliably better is not on track. */
export const NOT_ON_TRACK_AFTER_DEFAULT = 4;

export interface PartnerChange extends MeasuredChange {
	partnerId: string;
	/** Check-ins handed in after the baseline: one per session, so the sessions since it. */
	sessionsSinceBaseline: number;
	notOnTrack: boolean;
}

/**
 * Not on track: after `after` sessions or more since the baseline, the latest
 * total is still below the line and the change is not a reliable improvement.
 * Early in a reconciliation most partners rate low; what matters is that,
 * with time, they do not get reliably better.
 */
export function isNotOnTrack(
	change: MeasuredChange,
	sessionsSinceBaseline: number,
	after: number,
	norms: InstrumentNorms
): boolean {
	return (
		sessionsSinceBaseline >= after &&
		change.latest < norms.cutOff &&
		change.label !== 'reliable-improvement'
	);
}

/** Each partner's change, baseline to latest, in the order the partners are given. */
export function partnerChanges(
	points: readonly CheckInPoint[],
	partnerIds: readonly string[],
	norms: InstrumentNorms,
	notOnTrackAfter: number
): PartnerChange[] {
	return partnerIds.flatMap((partnerId) => {
		const own = points.filter((point) => point.partnerId === partnerId);
		const first = own[0];
		const last = own.at(-1);
		if (!first || !last) return [];
		const change = measuredChange(first.total, last.total, norms);
		const sessionsSinceBaseline = own.length - 1;
		return [
			{
				...change,
				partnerId,
				sessionsSinceBaseline,
				notOnTrack: isNotOnTrack(change, sessionsSinceBaseline, notOnTrackAfter, norms)
			}
		];
	});
}

/** "Alex 9 → 14: reliable improvement, crossed the line" */
export function changeSummary(name: string, change: PartnerChange): string {
	const single = change.sessionsSinceBaseline === 0;
	const totals = single ? `${change.latest}` : `${change.baseline} → ${change.latest}`;
	const words = describeChange(change, single);
	return `${name} ${totals}: ${words}${change.notOnTrack ? '; not on track' : ''}`;
}
