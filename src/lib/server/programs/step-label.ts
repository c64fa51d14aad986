import type { PlacedStep } from './couple-program';

/** How a therapist's page names the step of a piece of homework: "Step 3". */
export function stepLabel(step: Pick<PlacedStep, 'number' | 'inProgram'> | null): string | null {
	if (!step) return null;
	return step.inProgram ? `Step ${step.number}` : `Step ${step.number} of an earlier program`;
}
