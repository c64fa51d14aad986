import { describe, expect, it } from 'vitest';
import {
	changeSteps,
	draftProblems,
	hasProblems,
	readDraft,
	readStepChange,
	type ProgramDraft
} from './program-draft';

const draft: ProgramDraft = {
	title: 'Trust first',
	steps: [
		{ id: 'a', title: 'One', summary: '', worksheetIds: ['accountability'] },
		{ id: 'b', title: 'Two', summary: '', worksheetIds: [] },
		{ id: '', title: 'Three', summary: 'typed', worksheetIds: [] }
	]
};
const worksheets = new Set(['accountability', 'core-issues']);

describe('the program form', () => {
	it('reads every step with what was typed, and refuses a repeated field', () => {
		const form = new FormData();
		form.set('title', 'Trust first');
		form.set('stepCount', '1');
		form.set('step-0-id', 'a');
		form.set('step-0-title', 'One');
		form.set('step-0-summary', 'Why');
		form.append('step-0-worksheets', 'accountability');
		form.append('step-0-worksheets', 'core-issues');
		expect(readDraft(form)).toEqual({
			title: 'Trust first',
			steps: [
				{ id: 'a', title: 'One', summary: 'Why', worksheetIds: ['accountability', 'core-issues'] }
			]
		});
		form.append('step-0-title', 'Again');
		expect(() => readDraft(form)).toThrow();
	});

	it('adds, moves and removes steps without losing a word', () => {
		expect(changeSteps(draft, { kind: 'add' }, new Set()).draft.steps).toHaveLength(4);
		const moved = changeSteps(draft, { kind: 'up', index: 2 }, new Set()).draft;
		expect(moved.steps.map((step) => step.title)).toEqual(['One', 'Three', 'Two']);
		expect(moved.steps[1]!.summary).toBe('typed');
		expect(changeSteps(draft, { kind: 'up', index: 0 }, new Set()).draft).toEqual(draft);
		const removed = changeSteps(draft, { kind: 'remove', index: 1 }, new Set()).draft;
		expect(removed.steps.map((step) => step.title)).toEqual(['One', 'Three']);
	});

	it('keeps a step with homework set under it, with a message beside it', () => {
		const refused = changeSteps(draft, { kind: 'remove', index: 0 }, new Set(['a']));
		expect(refused.draft).toEqual(draft);
		expect(refused.problem?.index).toBe(0);
	});

	it('names each problem beside its field', () => {
		const problems = draftProblems(
			{
				title: ' ',
				steps: [
					{ id: '', title: '', summary: 'x'.repeat(2001), worksheetIds: ['accountability'] },
					{ id: '', title: 'Two', summary: '', worksheetIds: ['accountability', 'nonsense'] },
					{ id: '', title: 'Three', summary: '', worksheetIds: ['accountability'] }
				]
			},
			worksheets,
			new Set()
		);
		expect(problems.title).toBe('Give the program a title.');
		expect(problems.byStep[0]).toEqual({
			title: 'Give the step a title.',
			summary: 'Keep the summary to 2,000 characters.'
		});
		expect(problems.byStep[1]).toEqual({ worksheets: 'Choose worksheets from the list.' });
		expect(problems.byStep[2]?.worksheets).toMatch(/already under step 1/);
		expect(hasProblems(draftProblems(draft, worksheets, new Set()))).toBe(false);
		expect(draftProblems({ title: 'Empty', steps: [] }, worksheets, new Set()).steps).toBe(
			'Add at least one step.'
		);
	});

	it('knows each button', () => {
		expect(readStepChange('save')).toEqual({ kind: 'save' });
		expect(readStepChange('add')).toEqual({ kind: 'add' });
		expect(readStepChange('down-3')).toEqual({ kind: 'down', index: 3 });
		expect(readStepChange('remove-x')).toBeNull();
	});
});
