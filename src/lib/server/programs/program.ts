// What a program is, wherever it comes from.

export interface ProgramStep {
	/** Stable for life: `builtin-N` for a built-in step, a stored id otherwise. */
	id: string;
	/** Its place in the program, from 1. */
	number: number;
	title: string;
	summary: string;
	/** Worksheet template ids, the usual one first. */
	worksheetIds: string[];
}

export interface Program {
	/** Null for the built-in ten steps. */
	id: string | null;
	title: string;
	archived: boolean;
	steps: ProgramStep[];
}

export const PROGRAM_TITLE_MAX = 120;
export const STEP_TITLE_MAX = 120;
export const STEP_SUMMARY_MAX = 2000;
export const STEPS_MAX = 30;
