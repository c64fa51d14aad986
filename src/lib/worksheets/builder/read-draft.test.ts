import { describe, expect, it } from 'vitest';
import { readDraft, type Draft } from './read-draft';
import { changeDraft, parseDraftChange } from './change-draft';
import { templateProblems } from '../check-template';
import { BUILTIN_TEMPLATES } from '../builtin';
import type { WorksheetTemplate } from '../template';

function read(values: Record<string, string>): Draft {
	const draft = readDraft('own-test', (name) => values[name] ?? null);
	if ('refused' in draft) throw new Error(draft.refused);
	return draft;
}

const base = {
	title: 'Repair after a fight',
	intro: 'Think of one fight.',
	minutes: '15',
	step: '6'
};

describe('reading the builder form', () => {
	it('reads one field of every kind, with audiences, limits, scores and flags', () => {
		const { template, problems } = read({
			...base,
			'f0.kind': 'short-text',
			'f0.key': 'q1',
			'f0.label': 'In a word',
			'f0.maxLength': '40',
			'f0.required': 'on',
			'f0.audience': 'shared',
			'f1.kind': 'long-text',
			'f1.key': 'q2',
			'f1.label': 'What happened',
			'f1.help': 'Only what you saw and did.',
			'f1.concernAnswered': 'needs-reading',
			'f2.kind': 'scale',
			'f2.key': 'q3',
			'f2.label': 'How hurt were you',
			'f2.min': '0',
			'f2.max': '10',
			'f2.minLabel': 'Not at all',
			'f2.maxLabel': 'Very',
			'f2.concernAtLeast': '9',
			'f2.concernTier': 'urgent',
			'f2.scored': 'on',
			'f3.kind': 'single-choice',
			'f3.key': 'q4',
			'f3.label': 'Did you feel safe',
			'f3.audience': 'confidential',
			'f3.o0.label': 'Yes',
			'f3.o0.score': '0',
			'f3.o1.label': 'No',
			'f3.o1.score': '2',
			'f3.o1.tier': 'urgent',
			'f3.o2.label': '',
			'f3.scored': 'on',
			'f4.kind': 'multiple-choice',
			'f4.key': 'q5',
			'f4.label': 'What helped',
			'f4.o0.label': 'A walk',
			'f4.o1.label': 'Talking',
			'f4.other': 'Something else',
			'f4.maxSelected': '1',
			'f5.kind': 'repeating-group',
			'f5.key': 'q6',
			'f5.label': 'Each trigger',
			'f5.itemName': 'trigger',
			'f5.nameLabel': 'Trigger',
			'f5.presetRows': 'Money\nIn-laws\n',
			'f5.0.kind': 'scale',
			'f5.0.key': 'q1',
			'f5.0.label': 'How strong',
			'f5.0.min': '1',
			'f5.0.max': '5',
			'f5.0.minLabel': 'Mild',
			'f5.0.maxLabel': 'Strong',
			scoring: 'on',
			'band0.below': '5',
			'band0.label': 'Low',
			'band1.label': 'High',
			'band1.concerning': 'on'
		});
		expect(problems).toEqual({});
		expect(templateProblems(template)).toEqual([]);
		expect(template.step).toBe(6);
		expect(template.fields.map((field) => field.kind)).toEqual([
			'short-text',
			'long-text',
			'scale',
			'single-choice',
			'multiple-choice',
			'repeating-group'
		]);
		expect(template.fields[0]).toMatchObject({ maxLength: 40, required: true, audience: 'shared' });
		expect(template.fields[3]).toMatchObject({
			audience: 'confidential',
			options: [
				{ value: 'yes', label: 'Yes', score: 0 },
				{ value: 'no', label: 'No', score: 2 }
			]
		});
		expect(template.fields[4]).toMatchObject({
			other: { label: 'Something else' },
			maxSelected: 1
		});
		expect(template.fields[5]).toMatchObject({ presetRows: ['Money', 'In-laws'] });
		expect(template.scoring).toEqual({
			items: [{ key: 'q3' }, { key: 'q4' }],
			bands: [
				{ below: 5, label: 'Low' },
				{ below: null, label: 'High', concerning: true }
			]
		});
		expect(template.concernRules).toEqual([
			{ field: 'q2', answered: true, tier: 'needs-reading' },
			{ field: 'q3', atLeast: 9, tier: 'urgent' },
			{ field: 'q4', anyOf: ['no'], tier: 'urgent' }
		]);
	});

	it('keeps a number that is not one as typed, with a message beside it', () => {
		const { template, problems, typed } = read({
			...base,
			minutes: 'ten',
			'f0.kind': 'scale',
			'f0.key': 'q1',
			'f0.label': 'How close',
			'f0.min': '0',
			'f0.max': '1000',
			'f0.minLabel': 'Far',
			'f0.maxLabel': 'Close'
		});
		expect(problems['minutes']).toMatch(/whole number from 1 to 180/);
		expect(typed['minutes']).toBe('ten');
		expect(problems['q1.max']).toMatch(/whole number/);
		expect(typed['q1.max']).toBe('1000');
		expect(template.fields[0]!.label).toBe('How close');
	});

	it('says when words are over their limit and keeps them all', () => {
		const long = 'x'.repeat(121);
		const { template, problems } = read({
			...base,
			title: long,
			'f0.kind': 'long-text',
			'f0.key': 'q1',
			'f0.label': 'Why'
		});
		expect(problems['title']).toMatch(/120 characters \(it has 121\)/);
		expect(template.title).toBe(long);
	});

	it('refuses a field of a kind no page sends', () => {
		const draft = readDraft(
			'own-test',
			(name) => ({ ...base, 'f0.kind': 'date', 'f0.key': 'q1' })[name] ?? null
		);
		expect(draft).toEqual({ refused: 'A field of an unknown kind was sent.' });
	});

	it('reads every built-in back as it was written, through the inputs the builder shows', () => {
		// The builder's own round trip is what copying a built-in relies on: nothing lost.
		for (const builtin of BUILTIN_TEMPLATES) {
			const values = formOf(builtin);
			const { template, problems } = read(values);
			expect(problems, builtin.id).toEqual({});
			expect(templateProblems(template), builtin.id).toEqual([]);
			expect(template.fields.length).toBe(builtin.fields.length);
		}
	});
});

describe('changing the draft', () => {
	const template: WorksheetTemplate = {
		id: 'own-test',
		title: 'T',
		intro: '',
		step: null,
		minutes: 5,
		fields: [
			{ key: 'q1', kind: 'long-text', label: 'One' },
			{ key: 'q2', kind: 'scale', label: 'Two', min: 0, max: 4, minLabel: 'a', maxLabel: 'b' },
			{
				key: 'q3',
				kind: 'repeating-group',
				label: 'Three',
				itemName: 'row',
				nameLabel: 'Name',
				fields: [{ key: 'q1', kind: 'short-text', label: 'Inner' }]
			}
		],
		concernRules: [{ field: 'q2', atLeast: 3 }]
	};
	const keys = (draft: WorksheetTemplate) => draft.fields.map((field) => field.key);
	const apply = (intent: string) => {
		const change = parseDraftChange(intent);
		if (!change) throw new Error(intent);
		const result = changeDraft(template, change);
		if ('problem' in result) throw new Error(result.problem);
		return result.template;
	};

	it('adds, moves and removes fields, at the top and in a group', () => {
		expect(keys(apply('add:single-choice'))).toEqual(['q1', 'q2', 'q3', 'q4']);
		expect(keys(apply('up:q2'))).toEqual(['q2', 'q1', 'q3']);
		expect(keys(apply('down:q2'))).toEqual(['q1', 'q3', 'q2']);
		expect(keys(apply('to:q3:0'))).toEqual(['q3', 'q1', 'q2']);
		const added = apply('add:q3:scale').fields[2]!;
		expect(added.kind === 'repeating-group' && added.fields.map((field) => field.kind)).toEqual([
			'short-text',
			'scale'
		]);
		const removed = apply('remove:q2');
		expect(keys(removed)).toEqual(['q1', 'q3']);
		// Its flag goes with it: a rule about a field that is gone would not pass the checker.
		expect(removed.concernRules).toBeUndefined();
		expect(template.fields).toHaveLength(3);
	});

	it('ignores anything that is not a change', () => {
		for (const intent of ['save', 'preview', 'add:date', 'add:q3:repeating-group', 'up:../x', 7])
			expect(parseDraftChange(intent)).toBeNull();
	});
});

/** The form the builder would post for a template, as its inputs name things. */
export function formOf(template: WorksheetTemplate): Record<string, string> {
	const values: Record<string, string> = {
		title: template.title,
		intro: template.intro,
		minutes: String(template.minutes),
		step: template.step === null ? '' : String(template.step)
	};
	if (template.privacy) values['privacy'] = template.privacy;
	if (template.skippedMeans) values['skippedMeans'] = template.skippedMeans;
	if (template.helpAfterConcern) values['helpAfterConcern'] = template.helpAfterConcern;
	if (template.therapistNote) values['therapistNote'] = template.therapistNote;
	if (template.credit) values['credit'] = template.credit;
	if (template.scoring) {
		values['scoring'] = 'on';
		template.scoring.bands.forEach((band, index) => {
			values[`band${index}.label`] = band.label;
			if (band.below !== null) values[`band${index}.below`] = String(band.below);
			if (band.concerning) values[`band${index}.concerning`] = 'on';
		});
		if (template.scoring.threshold) {
			values['threshold'] = String(template.scoring.threshold.value);
			values['thresholdLabel'] = template.scoring.threshold.label;
		}
	}
	const put = (
		prefix: string,
		field: WorksheetTemplate['fields'][number] | object,
		top: boolean
	) => {
		const f = field as Record<string, unknown> & WorksheetTemplate['fields'][number];
		values[`${prefix}.kind`] = f.kind;
		values[`${prefix}.key`] = f.key;
		values[`${prefix}.label`] = f.label;
		if (f.help) values[`${prefix}.help`] = f.help;
		if (f.required) values[`${prefix}.required`] = 'on';
		if (top && f.audience) values[`${prefix}.audience`] = f.audience;
		const rules = top ? (template.concernRules ?? []).filter((rule) => rule.field === f.key) : [];
		if (f.kind === 'short-text' || f.kind === 'long-text') {
			if (f.maxLength) values[`${prefix}.maxLength`] = String(f.maxLength);
			const answered = rules.find((rule) => 'answered' in rule);
			if (answered) values[`${prefix}.concernAnswered`] = answered.tier ?? 'watch';
		} else if (f.kind === 'scale') {
			Object.assign(values, {
				[`${prefix}.min`]: String(f.min),
				[`${prefix}.max`]: String(f.max),
				[`${prefix}.minLabel`]: f.minLabel,
				[`${prefix}.maxLabel`]: f.maxLabel
			});
			if (f.middleLabel) values[`${prefix}.middleLabel`] = f.middleLabel;
			const atLeast = rules.find((rule) => 'atLeast' in rule);
			if (atLeast && 'atLeast' in atLeast) {
				values[`${prefix}.concernAtLeast`] = String(atLeast.atLeast);
				values[`${prefix}.concernTier`] = atLeast.tier ?? 'watch';
			}
		} else if (f.kind === 'single-choice' || f.kind === 'multiple-choice') {
			f.options.forEach((option, index) => {
				values[`${prefix}.o${index}.label`] = option.label;
				values[`${prefix}.o${index}.value`] = option.value;
				if (option.score !== undefined) values[`${prefix}.o${index}.score`] = String(option.score);
				const rule = rules.find(
					(candidate) => 'anyOf' in candidate && candidate.anyOf.includes(option.value)
				);
				if (rule) values[`${prefix}.o${index}.tier`] = rule.tier ?? 'watch';
			});
			if (f.kind === 'multiple-choice') {
				if (f.other) values[`${prefix}.other`] = f.other.label;
				if (f.maxSelected) values[`${prefix}.maxSelected`] = String(f.maxSelected);
			}
		} else if (f.kind === 'repeating-group') {
			values[`${prefix}.itemName`] = f.itemName;
			values[`${prefix}.nameLabel`] = f.nameLabel;
			if (f.presetRows) values[`${prefix}.presetRows`] = f.presetRows.join('\n');
			if (f.maxRows) values[`${prefix}.maxRows`] = String(f.maxRows);
			f.fields.forEach((inner, index) => put(`${prefix}.${index}`, inner, false));
		}
		const scored = template.scoring?.items.find((item) => item.key === f.key);
		if (top && scored) {
			values[`${prefix}.scored`] = 'on';
			if (scored.reverse) values[`${prefix}.reverse`] = 'on';
		}
	};
	template.fields.forEach((field, index) => put(`f${index}`, field, true));
	return values;
}
