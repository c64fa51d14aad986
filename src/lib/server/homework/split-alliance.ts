import type { CheckInPoint } from './check-ins';

// A split alliance: one partner rates a session well below the other does.
// In couples therapy it predicts dropout, so the therapist hears of it before
// the next session.

/**
 * "Well below": 4 or more points of the session feedback's 0–16, a quarter of
 * its range. The feedback is the project's own and not validated, so this is
 * a rule of thumb chosen to catch a clear split, not a published threshold.
 */
export const SPLIT_ALLIANCE_GAP = 4;

export interface SplitAlliance {
	/** Whose rating is the lower one. */
	lowerPartnerId: string;
	gap: number;
	occurrence: string;
}

/** Each session both partners gave feedback for, and whether it was split, oldest first. */
export function feedbackSplits(
	points: readonly CheckInPoint[],
	partnerIds: readonly [string, string]
): Array<SplitAlliance & { split: boolean }> {
	const occurrences = [...new Set(points.map((point) => point.occurrence))];
	return occurrences.flatMap((occurrence) => {
		const first = points.find((p) => p.occurrence === occurrence && p.partnerId === partnerIds[0]);
		const second = points.find((p) => p.occurrence === occurrence && p.partnerId === partnerIds[1]);
		if (!first || !second) return [];
		const gap = Math.abs(first.total - second.total);
		return [
			{
				occurrence,
				gap,
				lowerPartnerId: first.total < second.total ? first.partnerId : second.partnerId,
				split: gap >= SPLIT_ALLIANCE_GAP
			}
		];
	});
}

/** The latest session's split, if the latest both partners rated was split. */
export function latestSplit(
	points: readonly CheckInPoint[],
	partnerIds: readonly [string, string]
): SplitAlliance | null {
	const latest = feedbackSplits(points, partnerIds).at(-1);
	if (!latest?.split) return null;
	return { occurrence: latest.occurrence, gap: latest.gap, lowerPartnerId: latest.lowerPartnerId };
}
