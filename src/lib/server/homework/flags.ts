import type { FlagTier, StoredFlagKind } from '../database/schema';
import type { CoupleMeasures } from './measures';
import type { FlagEscalation } from '../casework/flag-follow-up';

// What needs the therapist's attention about a couple, and how it is put to
// them: the one home of flag wording. Only the therapist ever sees a flag.
// The prep page lists each flag with whose it is; the week ahead sums a
// couple up in a line per flag (weekAheadLabel).

/** Raised and stored when a partner hands in a concerning answer, or worked out from the homework. */
export type FlagKind = StoredFlagKind | 'disagreement' | 'overdue' | 'alliance';

export interface Flag {
	kind: FlagKind;
	/** Whose answer or homework it is about; null for a flag about both partners. */
	partnerName: string | null;
	detail: string;
	/** A stored flag's follow-up (casework/flag-follow-up.ts); worked-out flags have none. */
	followUp?: FlagFollowUp;
}

export interface FlagFollowUp {
	id: string;
	tier: FlagTier;
	state: 'open' | 'acknowledged';
	/** The homework whose answers raised it, when it is known. */
	assignmentId: string | null;
	/** Each time it grew more urgent, with the acknowledgement that set aside. */
	escalations: FlagEscalation[];
}

/** A flag raised by a concerning answer (see responses.ts), as stored. */
export function raisedFlag(
	kind: StoredFlagKind,
	partnerName: string,
	followUp?: FlagFollowUp
): Flag {
	return {
		...(followUp ? { followUp } : {}),
		kind,
		partnerName,
		detail: kind === 'safety' ? 'A concerning answer on a private check-in' : 'Needs your attention'
	};
}

/**
 * What the check-ins say needs attention, in measurement-based care's words
 * (measures.ts): a partner's reliable deterioration, a partner not on track,
 * the partners' gap wide and widening, a split alliance. A low total alone is
 * no flag: early in a reconciliation nearly everyone rates low.
 */
export function measureFlags(
	measures: CoupleMeasures,
	nameOf: (partnerId: string) => string
): Flag[] {
	const flags: Flag[] = [];
	for (const change of measures.changes) {
		const totals = `${change.baseline} → ${change.latest}`;
		const after = `after ${change.sessionsSinceBaseline} ${change.sessionsSinceBaseline === 1 ? 'session' : 'sessions'}`;
		if (change.label === 'reliable-deterioration')
			flags.push({
				kind: 'distress',
				partnerName: nameOf(change.partnerId),
				detail: `Reliable deterioration on the relationship check-in, ${totals}${change.crossed === 'down' ? ', fell below the line' : ''}${change.notOnTrack ? `; not on track ${after}` : ''}`
			});
		else if (change.notOnTrack)
			flags.push({
				kind: 'distress',
				partnerName: nameOf(change.partnerId),
				detail: `Not on track: relationship check-in ${totals} ${after}, below the line and no reliable improvement`
			});
	}
	const gap = measures.gaps.at(-1);
	if (measures.gapWideningFlag && gap)
		flags.push({
			kind: 'distress',
			partnerName: null,
			detail: `Far apart on the relationship check-in: ${gap.gap} points, and widening`
		});
	if (measures.split)
		flags.push({
			kind: 'alliance',
			partnerName: nameOf(measures.split.lowerPartnerId),
			detail: `Split alliance: rated the last session ${measures.split.gap} points below their partner`
		});
	return flags;
}

/** Both partners handed a worksheet in, and their answers are far apart. */
export function disagreementFlag(title: string, differences: number): Flag {
	return {
		kind: 'disagreement',
		partnerName: null,
		detail: `Far apart on ${title}: ${differences} ${differences === 1 ? 'difference' : 'differences'} to raise`
	};
}

/** A partner's homework past its due time and not handed in (rules.ts isOverdue). */
export function overdueFlag(title: string, partnerName: string): Flag {
	return { kind: 'overdue', partnerName, detail: `${title} is overdue` };
}

/**
 * How the week ahead puts a flag, in one line on a couple's card: a flag
 * raised by a partner's answer (stored) by whose it is, a check-in with its detail, overdue homework once
 * for the couple (the list below the sessions names each piece).
 */
export function weekAheadLabel(flag: Flag, source: 'raised' | 'worked-out'): string {
	if (flag.kind === 'overdue') return 'Overdue homework';
	if (source === 'raised' && flag.kind === 'safety')
		return `Safety: ${flag.partnerName}’s private check-in`;
	if (source === 'raised' && flag.kind === 'distress')
		return `A concerning answer from ${flag.partnerName}`;
	return flag.partnerName === null ? flag.detail : `${flag.partnerName}: ${flag.detail}`;
}
