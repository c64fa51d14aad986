import { reliableDifference, type InstrumentNorms } from '../../worksheets/reliable-change';
import type { CheckInPoint } from './check-ins';

// How far apart the two partners are on each check-in they both handed in
// for the same session, and when that is worth raising.

export interface CheckInGap {
	occurrence: string;
	/** When the later of the two was handed in. */
	at: string;
	gap: number;
}

/** The gap on each session both partners checked in for, oldest first. */
export function checkInGaps(
	points: readonly CheckInPoint[],
	partnerIds: readonly [string, string]
): CheckInGap[] {
	const bySession = new Map<string, Map<string, CheckInPoint>>();
	for (const point of points) {
		const own = bySession.get(point.occurrence) ?? new Map<string, CheckInPoint>();
		own.set(point.partnerId, point);
		bySession.set(point.occurrence, own);
	}
	return [...bySession]
		.flatMap(([occurrence, own]) => {
			const first = own.get(partnerIds[0]);
			const second = own.get(partnerIds[1]);
			if (!first || !second) return [];
			return [
				{
					occurrence,
					at: first.at > second.at ? first.at : second.at,
					gap: Math.abs(first.total - second.total)
				}
			];
		})
		.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Wide and widening: the latest gap is at least the instrument's reliable
 * difference (two people's totals, each with the same measurement error,
 * differ by more than that only about one time in twenty by chance, the same
 * test as reliable change) and larger than the gap at the check-in before.
 * Wide alone is common when partners are apart; a gap that grows past
 * measurement error means they are moving in different directions.
 */
export function isWideAndWidening(gaps: readonly CheckInGap[], norms: InstrumentNorms): boolean {
	const latest = gaps.at(-1);
	const before = gaps.at(-2);
	return (
		latest !== undefined &&
		before !== undefined &&
		latest.gap >= reliableDifference(norms) &&
		latest.gap > before.gap
	);
}
