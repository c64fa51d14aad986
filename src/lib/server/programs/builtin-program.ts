import { PROGRAM_STEPS } from '../../steps/steps';
import type { Program } from './program';

// The ten steps the app ships with, as a program like any other. They are not
// stored: a couple without a program of the therapist's own follows them.

export const BUILTIN_PROGRAM_TITLE = 'The ten steps (built-in)';

/** The id of a built-in step: its number, which never changes. */
export function builtinStepId(number: number): string {
	return `builtin-${number}`;
}

export const BUILTIN_PROGRAM: Program = {
	id: null,
	title: BUILTIN_PROGRAM_TITLE,
	archived: false,
	steps: PROGRAM_STEPS.map((step) => ({
		id: builtinStepId(step.number),
		number: step.number,
		title: step.title,
		summary: step.summary,
		worksheetIds: [...step.worksheetIds]
	}))
};
