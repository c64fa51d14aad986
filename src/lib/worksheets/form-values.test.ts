import { describe, expect, it } from 'vitest';
import { builtinTemplate } from './builtin';
import { answersFromValues, formValues, simpleValues } from './form-values';

const coreIssues = builtinTemplate('core-issues')!;
const goals = builtinTemplate('relationship-goals')!;

describe('formValues', () => {
	it('keeps what was typed even when it was refused, so nothing is lost when the page comes back', () => {
		const typed = {
			'priority-1': 'x'.repeat(300),
			areas: {
				rows: [{ name: 'Trust', answers: { 'how-serious': 'high', 'what-i-need': 'Time' } }, 'junk']
			}
		};
		const values = formValues(coreIssues, typed);
		expect(values['priority-1']).toEqual({
			kind: 'simple',
			value: { text: 'x'.repeat(300), selected: [], other: '' }
		});
		const areas = values.areas;
		if (areas?.kind !== 'group') throw new Error('areas is not a group');
		expect(areas.rows).toHaveLength(1);
		expect(areas.rows[0]).toMatchObject({
			name: 'Trust',
			preset: true,
			fields: { 'what-i-need': { text: 'Time' }, 'how-serious': { text: 'high' } }
		});
	});

	it('gives every row its own id, and marks preset rows whatever their case', () => {
		const values = formValues(coreIssues, {
			areas: {
				rows: [
					{ name: 'trust', answers: {} },
					{ name: 'Money', answers: {} }
				]
			}
		});
		const areas = values.areas;
		if (areas?.kind !== 'group') throw new Error('areas is not a group');
		expect(areas.rows.map((row) => row.preset)).toEqual([true, false]);
		expect(new Set(areas.rows.map((row) => row.id)).size).toBe(2);
	});

	it('reads a multiple choice into checked boxes and the "other" box', () => {
		const field = goals.fields.find((candidate) => candidate.key === 'communication-habits')!;
		if (field.kind !== 'multiple-choice') throw new Error('not a multiple choice');
		expect(simpleValues(field, { selected: ['pause-word', 3], other: 'Walks' })).toEqual({
			text: '',
			selected: ['pause-word'],
			other: 'Walks'
		});
		expect(simpleValues(field, 'pause-word')).toEqual({ text: '', selected: [], other: '' });
	});
});

describe('answersFromValues', () => {
	it('turns scale points into numbers and leaves empty inputs out', () => {
		const values = formValues(goals, { 'how-close-our-pictures-are': 6, boundaries: '' });
		expect(answersFromValues(goals, values)).toEqual({
			'how-close-our-pictures-are': 6,
			'shared-goals': { rows: [] }
		});
	});
});
