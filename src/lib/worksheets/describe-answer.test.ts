import { describe, expect, it } from 'vitest';
import { describeAnswer } from './describe-answer';
import type {
	LongTextField,
	MultipleChoiceField,
	ScaleField,
	ShortTextField,
	SimpleField,
	SingleChoiceField
} from './template';

const shortText: ShortTextField = { key: 'first-step', kind: 'short-text', label: 'A first step' };
const longText: LongTextField = { key: 'apology', kind: 'long-text', label: 'An apology' };
const scale: ScaleField = {
	key: 'how-serious',
	kind: 'scale',
	label: 'How serious',
	min: 0,
	max: 10,
	minLabel: 'Not a problem for me',
	maxLabel: 'Very serious'
};
const single: SingleChoiceField = {
	key: 'afraid',
	kind: 'single-choice',
	label: 'Afraid?',
	options: [
		{ value: 'never', label: 'Never' },
		{ value: 'often', label: 'Often' }
	]
};
const multiple: MultipleChoiceField = {
	key: 'off-the-table',
	kind: 'multiple-choice',
	label: 'Off the table',
	options: [
		{ value: 'the-breakup', label: 'The breakup and whose fault it was' },
		{ value: 'money', label: 'Money and belongings' }
	],
	other: { label: 'Another topic' }
};

describe('describeAnswer', () => {
	it('gives text as written', () => {
		expect(describeAnswer(shortText, 'Send a photo of the dog.')).toBe('Send a photo of the dog.');
		expect(describeAnswer(longText, 'I am sorry.\nI will listen.')).toBe(
			'I am sorry.\nI will listen.'
		);
		expect(describeAnswer(shortText, '<script>alert(1)</script>')).toBe(
			'<script>alert(1)</script>'
		);
	});

	it('gives a scale with its ends, including a 0', () => {
		expect(describeAnswer(scale, 7)).toBe(
			'7 on a scale from 0 (Not a problem for me) to 10 (Very serious)'
		);
		expect(describeAnswer(scale, 0)).toBe(
			'0 on a scale from 0 (Not a problem for me) to 10 (Very serious)'
		);
	});

	it('gives a single choice by its label, and an unknown value as it is', () => {
		expect(describeAnswer(single, 'often')).toBe('Often');
		expect(describeAnswer(single, 'retired-option')).toBe('retired-option');
	});

	it('gives several choices as a list of labels in the order chosen, with what was written beside other', () => {
		expect(describeAnswer(multiple, { selected: ['money', 'the-breakup'] })).toEqual([
			'Money and belongings',
			'The breakup and whose fault it was'
		]);
		expect(describeAnswer(multiple, { selected: ['the-breakup'], other: 'Her sister' })).toEqual([
			'The breakup and whose fault it was',
			'Another topic: Her sister'
		]);
		expect(describeAnswer(multiple, { selected: [], other: 'Holidays' })).toEqual([
			'Another topic: Holidays'
		]);
		expect(describeAnswer(multiple, { selected: [] })).toEqual([]);
	});

	it('labels other "Other" when the field gives no label, and keeps an unknown choice as its value', () => {
		const withoutOther: MultipleChoiceField = {
			key: multiple.key,
			kind: 'multiple-choice',
			label: multiple.label,
			options: multiple.options
		};
		expect(describeAnswer(withoutOther, { selected: ['gone'], other: 'Holidays' })).toEqual([
			'gone',
			'Other: Holidays'
		]);
	});

	it('gives nothing for an answer to several choices that is not a list of choices', () => {
		expect(describeAnswer(multiple, 'money')).toBeNull();
		expect(describeAnswer(multiple, 3)).toBeNull();
	});

	it.each<[string, SimpleField]>([
		['short text', shortText],
		['long text', longText],
		['a scale', scale],
		['a single choice', single],
		['several choices', multiple]
	])('gives null for %s left unanswered', (_kind, field) => {
		expect(describeAnswer(field, undefined)).toBeNull();
	});
});
