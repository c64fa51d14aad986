import type { InstrumentNorms } from '../../worksheets/reliable-change';
import { partnerChanges, type PartnerChange } from './check-in-change';
import type { CheckInPoint } from './check-ins';
import { checkInGaps, isWideAndWidening, type CheckInGap } from './partner-gap';
import { latestSplit, type SplitAlliance } from './split-alliance';

// A couple's measures read together, once, from the check-ins already
// gathered by a view: each partner's change, the gap between them on each
// check-in, and a split in the session feedback. The week ahead, the prep
// page and the progress page all read them here.

export interface CoupleMeasures {
	changes: PartnerChange[];
	gaps: CheckInGap[];
	gapWideningFlag: boolean;
	split: SplitAlliance | null;
}

export function coupleMeasures(input: {
	checkIns: readonly CheckInPoint[];
	feedback: readonly CheckInPoint[];
	partnerIds: readonly string[];
	notOnTrackAfter: number;
	norms: InstrumentNorms;
}): CoupleMeasures {
	const changes = partnerChanges(
		input.checkIns,
		input.partnerIds,
		input.norms,
		input.notOnTrackAfter
	);
	const [first, second] = input.partnerIds;
	if (first === undefined || second === undefined)
		return { changes, gaps: [], gapWideningFlag: false, split: null };
	const gaps = checkInGaps(input.checkIns, [first, second]);
	return {
		changes,
		gaps,
		gapWideningFlag: isWideAndWidening(gaps, input.norms),
		split: latestSplit(input.feedback, [first, second])
	};
}
