import { error } from '@sveltejs/kit';
import {
	PROGRAM_TITLE_MAX,
	STEP_SUMMARY_MAX,
	STEP_TITLE_MAX,
	STEPS_MAX,
	type ProgramStep
} from './program';

// A program as the edit form carries it: every step, with what was typed,
// travels with each press of "Add a step", "Remove", "Move up" or "Move
// down", so the server can change the list without JavaScript and nothing
// typed is lost. Only "Save" writes it, after the rules below.

export interface DraftStep {
	/** The stored step's id; empty for a step added since the last save. */
	id: string;
	title: string;
	summary: string;
	worksheetIds: string[];
}

export interface ProgramDraft {
	title: string;
	steps: DraftStep[];
}

export interface DraftProblems {
	title?: string;
	/** About the list as a whole. */
	steps?: string;
	/** By the step's index in the draft. */
	byStep: Record<number, Partial<Record<'step' | 'title' | 'summary' | 'worksheets', string>>>;
}

export function draftOf(program: { title: string; steps: readonly ProgramStep[] }): ProgramDraft {
	return {
		title: program.title,
		steps: program.steps.map((step) => ({
			id: step.id,
			title: step.title,
			summary: step.summary,
			worksheetIds: [...step.worksheetIds]
		}))
	};
}

function text(form: FormData, name: string): string {
	const all = form.getAll(name);
	if (all.length > 1) error(400, `The field "${name}" was sent more than once.`);
	const value = all[0] ?? '';
	if (typeof value !== 'string') error(400, `The field "${name}" must be text.`);
	return value;
}

/** The draft the form sent. Ids are only hints: saving keeps those that are the program's own. */
export function readDraft(form: FormData): ProgramDraft {
	const count = Number.parseInt(text(form, 'stepCount'), 10);
	if (!Number.isInteger(count) || count < 0 || count > STEPS_MAX)
		error(400, 'The form could not be read. Reload the page and try again.');
	const steps: DraftStep[] = [];
	for (let index = 0; index < count; index++) {
		const worksheetIds = form.getAll(`step-${index}-worksheets`);
		if (worksheetIds.some((id) => typeof id !== 'string'))
			error(400, 'A worksheet must be chosen by its name.');
		steps.push({
			id: text(form, `step-${index}-id`),
			title: text(form, `step-${index}-title`),
			summary: text(form, `step-${index}-summary`),
			worksheetIds: [...new Set(worksheetIds as string[])]
		});
	}
	return { title: text(form, 'title'), steps };
}

export type StepChange =
	{ kind: 'add' } | { kind: 'remove' | 'up' | 'down'; index: number } | { kind: 'save' };

/** Which button was pressed: "save", "add", or "remove-2", "up-2", "down-2". */
export function readStepChange(intent: string): StepChange | null {
	if (intent === 'save' || intent === '') return { kind: 'save' };
	if (intent === 'add') return { kind: 'add' };
	const match = /^(remove|up|down)-(\d{1,3})$/.exec(intent);
	if (!match) return null;
	return { kind: match[1] as 'remove' | 'up' | 'down', index: Number(match[2]) };
}

/**
 * The draft after one change to its list of steps, or a problem to show
 * beside the step. A step with homework set under it stays: removing it
 * would leave that homework under no step.
 */
export function changeSteps(
	draft: ProgramDraft,
	change: Exclude<StepChange, { kind: 'save' }>,
	withHomework: ReadonlySet<string>
): { draft: ProgramDraft; problem?: { index: number | null; message: string } } {
	const steps = [...draft.steps];
	if (change.kind === 'add') {
		if (steps.length >= STEPS_MAX)
			return {
				draft,
				problem: { index: null, message: `A program has at most ${STEPS_MAX} steps.` }
			};
		steps.push({ id: '', title: '', summary: '', worksheetIds: [] });
		return { draft: { ...draft, steps } };
	}
	const { index } = change;
	if (index >= steps.length) return { draft };
	if (change.kind === 'remove') {
		if (withHomework.has(steps[index]!.id))
			return {
				draft,
				problem: {
					index,
					message: 'Homework has been set under this step, so it stays. Rename or move it instead.'
				}
			};
		steps.splice(index, 1);
		return { draft: { ...draft, steps } };
	}
	const other = change.kind === 'up' ? index - 1 : index + 1;
	if (other < 0 || other >= steps.length) return { draft };
	[steps[index], steps[other]] = [steps[other]!, steps[index]!];
	return { draft: { ...draft, steps } };
}

/** What keeps a draft from being saved, beside the field it is about. */
export function draftProblems(
	draft: ProgramDraft,
	worksheets: ReadonlySet<string>,
	withHomework: ReadonlySet<string>
): DraftProblems {
	const problems: DraftProblems = { byStep: {} };
	const title = draft.title.trim();
	if (title === '') problems.title = 'Give the program a title.';
	else if ([...title].length > PROGRAM_TITLE_MAX)
		problems.title = `Keep the title to ${PROGRAM_TITLE_MAX} characters.`;
	if (draft.steps.length === 0) problems.steps = 'Add at least one step.';
	const kept = new Set(draft.steps.map((step) => step.id));
	if ([...withHomework].some((id) => !kept.has(id)))
		problems.steps = 'A step with homework set under it cannot be removed. Reload the page.';
	// A worksheet sits under one step, so homework set from it has one place in the program.
	const placed = new Map<string, number>();
	draft.steps.forEach((step, index) => {
		const own: DraftProblems['byStep'][number] = {};
		const stepTitle = step.title.trim();
		if (stepTitle === '') own.title = 'Give the step a title.';
		else if ([...stepTitle].length > STEP_TITLE_MAX)
			own.title = `Keep the step’s title to ${STEP_TITLE_MAX} characters.`;
		if ([...step.summary].length > STEP_SUMMARY_MAX)
			own.summary = `Keep the summary to ${STEP_SUMMARY_MAX.toLocaleString('en')} characters.`;
		if (step.worksheetIds.some((id) => !worksheets.has(id)))
			own.worksheets = 'Choose worksheets from the list.';
		else {
			const twice = step.worksheetIds.find((id) => placed.has(id));
			if (twice !== undefined)
				own.worksheets = `A worksheet belongs to one step; it is already under step ${placed.get(twice)! + 1}.`;
			for (const id of step.worksheetIds) if (!placed.has(id)) placed.set(id, index);
		}
		if (Object.keys(own).length > 0) problems.byStep[index] = own;
	});
	return problems;
}

export function hasProblems(problems: DraftProblems): boolean {
	return (
		problems.title !== undefined ||
		problems.steps !== undefined ||
		Object.keys(problems.byStep).length > 0
	);
}
