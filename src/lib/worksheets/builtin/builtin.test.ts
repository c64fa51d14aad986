import { describe, expect, it } from 'vitest';
import { PROGRAM_STEPS, stepByNumber } from '$lib/steps/steps';
import { templateProblems } from '../check-template';
import { audienceOf, type Field, type FieldKind, type SimpleField } from '../template';
import { BUILTIN_TEMPLATES, builtinTemplate } from './index';
import { scoreAnswers } from '../scoring';
import { concernTier } from '../concern';

/** Every field of a template, with each group's own fields after the group. */
function allFields(fields: readonly Field[]): Array<Field | SimpleField> {
	return fields.flatMap((field) =>
		field.kind === 'repeating-group' ? [field, ...field.fields] : [field]
	);
}

function duplicates(keys: readonly string[]): string[] {
	return keys.filter((key, index) => keys.indexOf(key) !== index);
}

describe('the program steps', () => {
	it('are the ten steps, numbered 1 to 10 in order', () => {
		expect(PROGRAM_STEPS.map((step) => step.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		for (const step of PROGRAM_STEPS) {
			expect(step.title.trim()).not.toBe('');
			expect(step.summary.trim()).not.toBe('');
		}
	});

	it('each list at least one worksheet, and every one listed is built in', () => {
		for (const step of PROGRAM_STEPS) {
			expect(step.worksheetIds.length, `step ${step.number}`).toBeGreaterThanOrEqual(1);
			for (const id of step.worksheetIds) {
				expect(builtinTemplate(id), `step ${step.number} lists "${id}"`).toBeDefined();
			}
		}
	});

	it('are found by number', () => {
		expect(stepByNumber(5)?.worksheetIds).toContain('accountability');
		expect(stepByNumber(0)).toBeUndefined();
		expect(stepByNumber(11)).toBeUndefined();
	});
});

describe('the built-in worksheets', () => {
	it('have unique ids, found by builtinTemplate', () => {
		const ids = BUILTIN_TEMPLATES.map((template) => template.id);
		expect(duplicates(ids)).toEqual([]);
		for (const template of BUILTIN_TEMPLATES) expect(builtinTemplate(template.id)).toBe(template);
		expect(builtinTemplate('no-such-worksheet')).toBeUndefined();
	});

	it('each belong to a step that lists them, or to no step', () => {
		for (const template of BUILTIN_TEMPLATES) {
			if (template.step === null) continue;
			expect(stepByNumber(template.step)?.worksheetIds, template.id).toContain(template.id);
		}
		for (const step of PROGRAM_STEPS) {
			for (const id of step.worksheetIds) expect(builtinTemplate(id)?.step, id).toBe(step.number);
		}
	});

	it('have unique field keys in each template and in each group', () => {
		for (const template of BUILTIN_TEMPLATES) {
			expect(duplicates(template.fields.map((field) => field.key)), template.id).toEqual([]);
			for (const field of template.fields) {
				if (field.kind !== 'repeating-group') continue;
				expect(
					duplicates(field.fields.map((inner) => inner.key)),
					`${template.id}.${field.key}`
				).toEqual([]);
			}
		}
	});

	it('are well-formed', () => {
		for (const template of BUILTIN_TEMPLATES)
			expect(templateProblems(template), template.id).toEqual([]);
	});

	it('take a realistic time, and require few answers (a scored questionnaire needs them all)', () => {
		for (const template of BUILTIN_TEMPLATES) {
			expect(template.minutes, template.id).toBeGreaterThanOrEqual(5);
			expect(template.minutes, template.id).toBeLessThanOrEqual(30);
			if (template.scoring) continue;
			expect(
				template.fields.filter((field) => field.required).length,
				template.id
			).toBeLessThanOrEqual(3);
		}
	});

	it('use every kind of field between them, and a middle label, an “other” box, a choice limit and preset rows', () => {
		const fields = BUILTIN_TEMPLATES.flatMap((template) => allFields(template.fields));
		const kinds = new Set(fields.map((field) => field.kind));
		const everyKind: FieldKind[] = [
			'short-text',
			'long-text',
			'scale',
			'single-choice',
			'multiple-choice',
			'repeating-group'
		];
		expect([...kinds].sort()).toEqual([...everyKind].sort());
		expect(fields.some((field) => field.kind === 'scale' && field.middleLabel)).toBe(true);
		expect(fields.some((field) => field.kind === 'multiple-choice' && field.other)).toBe(true);
		expect(
			fields.some((field) => field.kind === 'multiple-choice' && field.maxSelected !== undefined)
		).toBe(true);
		expect(
			fields.some((field) => field.kind === 'repeating-group' && field.presetRows?.length)
		).toBe(true);
	});
});

describe('the safety check-in', () => {
	const safety = builtinTemplate('safety-check-in')!;

	it('is private, belongs to no step, and every field is for the therapist alone', () => {
		expect(safety.privacy).toBe('private');
		expect(safety.step).toBeNull();
		for (const field of safety.fields) expect(audienceOf(field), field.key).toBe('confidential');
	});

	it('asks how often on the established five-point scale, and never promises the partner will not know', () => {
		const frequency = safety.fields.filter(
			(field) => field.kind === 'single-choice' && field.options.length === 5
		);
		expect(frequency.length).toBe(26);
		for (const field of frequency)
			expect(field.kind === 'single-choice' && field.options.map((option) => option.label)).toEqual(
				['Never', 'Rarely', 'Sometimes', 'Fairly often', 'Frequently']
			);
		expect(safety.intro).not.toMatch(/will not know|never know/i);
		expect(safety.intro).toMatch(/quick exit/);
	});

	it('names the instruments its items follow, and tells the therapist drafts are never flagged', () => {
		expect(safety.credit).toMatch(/HITS/);
		expect(safety.credit).toMatch(/Danger Assessment/);
		expect(safety.credit).toMatch(/CTS2/);
		expect(safety.therapistNote).toMatch(/drafts are never flagged/i);
	});
});

describe('the wellbeing check-in (PHQ-9)', () => {
	const phq9 = builtinTemplate('wellbeing-check-in')!;
	const items = phq9.scoring!.items.map((item) => item.key);
	const answering = (scores: number[]) =>
		Object.fromEntries(
			items.map((key, index) => {
				const field = phq9.fields.find((candidate) => candidate.key === key);
				if (field?.kind !== 'single-choice') throw new Error(`${key} is not a single choice`);
				return [key, field.options.find((option) => option.score === scores[index])!.value];
			})
		);

	it('is private, for the therapist alone, and credits the PHQ-9 and its terms', () => {
		expect(phq9.privacy).toBe('private');
		for (const field of phq9.fields) expect(audienceOf(field), field.key).toBe('confidential');
		expect(phq9.credit).toMatch(/Kroenke/);
		expect(phq9.credit).toMatch(
			/No permission required to reproduce, translate, display or distribute/
		);
		expect(phq9.helpAfterConcern).toBe('crisis-help');
	});

	it('scores nine required items 0–3 for a total of 0 to 27', () => {
		expect(items).toHaveLength(9);
		for (const key of items) {
			const field = phq9.fields.find((candidate) => candidate.key === key);
			expect(field?.required, key).toBe(true);
			expect(
				field?.kind === 'single-choice' &&
					field.options.map((option) => [option.label, option.score])
			).toEqual([
				['Not at all', 0],
				['Several days', 1],
				['More than half the days', 2],
				['Nearly every day', 3]
			]);
		}
		expect(scoreAnswers(phq9, answering(Array<number>(9).fill(0)))?.range).toEqual({
			min: 0,
			max: 27
		});
		expect(scoreAnswers(phq9, answering(Array<number>(9).fill(3)))?.total).toBe(27);
	});

	it('puts each total in its published band', () => {
		const bandAt = (total: number) => {
			const scores = Array.from({ length: 9 }, (_, index) =>
				Math.max(0, Math.min(3, total - 3 * index))
			);
			return scoreAnswers(phq9, answering(scores))?.band.label;
		};
		expect([0, 4].map(bandAt)).toEqual(['Minimal', 'Minimal']);
		expect([5, 9].map(bandAt)).toEqual(['Mild', 'Mild']);
		expect([10, 14].map(bandAt)).toEqual(['Moderate', 'Moderate']);
		expect([15, 19].map(bandAt)).toEqual(['Moderately severe', 'Moderately severe']);
		expect([20, 27].map(bandAt)).toEqual(['Severe', 'Severe']);
	});

	it('is urgent for any answer above “not at all” to item 9, whatever the total, and not otherwise', () => {
		for (const score of [1, 2, 3]) {
			const answers = answering([0, 0, 0, 0, 0, 0, 0, 0, score]);
			expect(concernTier(phq9, answers)).toBe('urgent');
		}
		expect(concernTier(phq9, answering(Array<number>(9).fill(0)))).toBeNull();
		// A high total alone is shown to the therapist, not flagged.
		expect(concernTier(phq9, answering([3, 3, 3, 3, 3, 3, 3, 3, 0]))).toBeNull();
	});
});

describe('the satisfaction check-in (CSI-4)', () => {
	const csi = builtinTemplate('satisfaction-check-in')!;
	const scoring = csi.scoring!;

	function scoresOf(key: string): number[] {
		const field = csi.fields.find((candidate) => candidate.key === key);
		if (field?.kind !== 'single-choice') throw new Error(`${key} is not a single choice`);
		return field.options.map((option) => option.score ?? Number.NaN);
	}

	it('scores four required items, none reversed, for a total of exactly 0 to 21', () => {
		expect(scoring.items).toHaveLength(4);
		expect(scoring.items.some((item) => item.reverse)).toBe(false);
		for (const item of scoring.items) {
			expect(csi.fields.find((field) => field.key === item.key)?.required, item.key).toBe(true);
		}
		const lowest = scoring.items.reduce((sum, item) => sum + Math.min(...scoresOf(item.key)), 0);
		const highest = scoring.items.reduce((sum, item) => sum + Math.max(...scoresOf(item.key)), 0);
		expect([lowest, highest]).toEqual([0, 21]);
	});

	it('marks totals under 13.5 as distress, and draws the line there', () => {
		expect(scoring.bands).toEqual([
			{ below: 13.5, label: 'Below the distress line', concerning: true },
			{ below: null, label: 'Above the distress line' }
		]);
		expect(scoring.threshold).toEqual({ value: 13.5, label: 'Distress line (13.5)' });
	});

	it('credits its authors', () => {
		expect(csi.credit).toMatch(/Funk/);
		expect(csi.credit).toMatch(/Rogge/);
		expect(csi.credit).toMatch(/2007/);
	});
});
