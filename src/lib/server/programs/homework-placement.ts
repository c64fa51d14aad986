import { PRIVATE_TITLE } from '../homework/private-check-in';
import type { CoupleProgram, PlacedStep } from './couple-program';

// Where a piece of homework sits, as every page names it: under a step of
// the couple's program (or of one they have left), a check-in for any step,
// or a worksheet set outside the program (a built-in or a therapist's own
// that no step of the couple's program lists). Pages never decide this
// themselves: a worksheet without a step is not therefore a check-in.

export type HomeworkPlacement =
	{ kind: 'step'; step: PlacedStep } | { kind: 'check-in' } | { kind: 'outside-program' };

/** What the placement reads of a piece of homework: the step it was set under, and its worksheet's kind. */
export interface PlacedHomework {
	step: number | null;
	programStepId: string | null;
	/** The worksheet is a check-in for any step (worksheets/template.ts: isCheckIn). */
	checkIn: boolean;
}

export const CHECK_IN_LABEL = 'Check-in';
export const OUTSIDE_PROGRAM_LABEL = 'Outside the program';

export function placementOf(
	program: Pick<CoupleProgram, 'stepOf'>,
	homework: PlacedHomework
): HomeworkPlacement {
	const step = program.stepOf(homework);
	if (step) return { kind: 'step', step };
	return homework.checkIn ? { kind: 'check-in' } : { kind: 'outside-program' };
}

/** The therapist's short label: "Step 3", "Step 3 of an earlier program", "Check-in", "Outside the program". */
export function placementLabel(placement: HomeworkPlacement): string {
	if (placement.kind === 'check-in') return CHECK_IN_LABEL;
	if (placement.kind === 'outside-program') return OUTSIDE_PROGRAM_LABEL;
	const { number, inProgram } = placement.step;
	return inProgram ? `Step ${number}` : `Step ${number} of an earlier program`;
}

/**
 * The line a partner reads above their homework: the step with its title.
 * A private worksheet reads only "Check-in", whatever it was set under, so
 * nothing on a shared phone tells what it is (homework/private-check-in.ts).
 */
export function placementForPartner(placement: HomeworkPlacement, isPrivate: boolean): string {
	if (isPrivate) return PRIVATE_TITLE;
	if (placement.kind === 'step') return `Step ${placement.step.number}: ${placement.step.title}`;
	return placementLabel(placement);
}
