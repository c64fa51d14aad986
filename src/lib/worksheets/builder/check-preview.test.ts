import { describe, expect, it } from 'vitest';
import { previewAnswers } from './check-preview';
import { FORM_PROBLEM } from '../validate';
import type { WorksheetTemplate } from '../template';

const draft: WorksheetTemplate = {
	id: 'draft',
	title: 'After a fight',
	intro: 'Think of one fight.',
	step: null,
	minutes: 10,
	fields: [
		{ key: 'q1', kind: 'long-text', label: 'What happened', required: true },
		{ key: 'q2', kind: 'short-text', label: 'In a word', maxLength: 10 },
		{
			key: 'q3',
			kind: 'repeating-group',
			label: 'Each hard moment',
			itemName: 'moment',
			nameLabel: 'The moment',
			presetRows: ['Money'],
			fields: [{ key: 'q1', kind: 'short-text', label: 'What it looked like' }]
		}
	]
};

function posted(values: Record<string, string>): FormData {
	const form = new FormData();
	// The builder's own inputs travel in the same post and are not answers.
	form.set('title', 'After a fight');
	form.set('f0.kind', 'long-text');
	for (const [name, value] of Object.entries(values)) form.append(name, value);
	return form;
}

describe("the builder preview's answers", () => {
	it('asks for a required answer left empty, as a hand-in does, and keeps what was typed', () => {
		const checked = previewAnswers(draft, posted({ 'answer.q2': 'Calm' }), 'check');
		expect(checked.accepted).toBe(false);
		expect(checked.problems).toEqual({ q1: 'Answer this question before submitting.' });
		expect(checked.answers).toEqual({ q2: 'Calm' });
	});

	it("refuses an answer over the field's limit", () => {
		const checked = previewAnswers(
			draft,
			posted({ 'answer.q1': 'We shouted.', 'answer.q2': 'Much too long' }),
			'check'
		);
		expect(checked.accepted).toBe(false);
		expect(checked.problems['q2']).toContain('the limit is 10');
	});

	it('accepts a valid set of answers', () => {
		const checked = previewAnswers(
			draft,
			posted({
				'answer.q1': 'We shouted.',
				'answer.q3': 'list',
				'answer.q3.0.name': 'Money',
				'answer.q3.0.q1': 'The rent'
			}),
			'check'
		);
		expect(checked).toEqual({
			answers: {
				q1: 'We shouted.',
				q3: { rows: [{ name: 'Money', answers: { q1: 'The rent' } }] }
			},
			problems: {},
			accepted: true
		});
	});

	it('refuses an answer to a question the draft does not have', () => {
		const checked = previewAnswers(
			draft,
			posted({ 'answer.q1': 'We shouted.', 'answer.gone': 'x' }),
			'check'
		);
		expect(checked.accepted).toBe(false);
		expect(checked.problems['gone']).toBe('This worksheet has no such question.');
	});

	it('only keeps the answers when the preview is shown again, without judging them', () => {
		const shown = previewAnswers(draft, posted({ 'answer.q2': 'Much too long' }), 'show');
		expect(shown).toEqual({ answers: { q2: 'Much too long' }, problems: {}, accepted: false });
	});

	it('adds and removes a row without JavaScript, keeping every word', () => {
		const form = posted({ 'answer.q1': 'We shouted.', 'answer.q3': 'list' });
		const added = previewAnswers(draft, form, { action: 'add-row', group: 'q3' });
		expect(added.answers['q3']).toEqual({
			rows: [{ name: '', answers: {} }]
		});
		expect(added.answers['q1']).toBe('We shouted.');
		const removed = previewAnswers(draft, form, { action: 'remove-row', group: 'q3', row: 5 });
		expect(removed.problems).toEqual({ [FORM_PROBLEM]: 'That row could not be changed.' });
		expect(removed.accepted).toBe(false);
	});
});
