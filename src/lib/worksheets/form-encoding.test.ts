import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { builtinTemplate } from './builtin';
import {
	answersFromForm,
	applyRowIntent,
	inputId,
	inputName,
	parseRowIntent,
	presetRows
} from './form-encoding';
import { answersFromValues, formValues, type FormValues, type SimpleValues } from './form-values';
import type { RepeatingGroupField, SimpleField, WorksheetTemplate } from './template';
import { FORM_PROBLEM, validateAnswers } from './validate';

const coreIssues = builtinTemplate('core-issues')!;
const accountability = builtinTemplate('accountability')!;
const relationshipGoals = builtinTemplate('relationship-goals')!;

/** The form a browser posts for these values, input by input, as the worksheet renderer lays it out. */
function postedForm(
	template: WorksheetTemplate,
	values: FormValues,
	extra: Record<string, string> = {}
): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(extra)) form.append(name, value);
	for (const field of template.fields) {
		const value = values[field.key];
		if (field.kind === 'repeating-group') {
			if (value?.kind !== 'group') throw new Error(`${field.key} has no rows`);
			form.append(inputName(field.key), 'list');
			value.rows.forEach((row, index) => {
				form.append(inputName(field.key, index, 'name'), row.name);
				for (const inner of field.fields)
					postSimple(form, inner, row.fields[inner.key]!, [field.key, index, inner.key]);
			});
		} else {
			if (value?.kind !== 'simple') throw new Error(`${field.key} has no value`);
			postSimple(form, field, value.value, [field.key]);
		}
	}
	return form;
}

function postSimple(
	form: FormData,
	field: SimpleField,
	values: SimpleValues,
	path: Array<string | number>
): void {
	const name = inputName(...path);
	switch (field.kind) {
		case 'short-text':
		case 'long-text':
			// A text box is always sent, empty or not.
			form.append(name, values.text);
			return;
		case 'scale':
		case 'single-choice':
			// Radio buttons: only a checked one is sent.
			if (values.text !== '') form.append(name, values.text);
			return;
		case 'multiple-choice':
			for (const value of values.selected) form.append(name, value);
			if (field.other) form.append(inputName(...path, 'other'), values.other);
			return;
	}
}

function form(entries: Array<[string, string | Blob]>): FormData {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
}

const coreAnswers: Answers = {
	areas: {
		rows: [
			{
				name: 'Communication',
				answers: {
					'how-serious': 7,
					'what-it-looks-like': 'We talk past each other.\nMost evenings.',
					'what-i-need': 'Ten minutes a day.'
				}
			},
			{ name: 'Trust', answers: {} },
			{
				name: 'Money',
				answers: { 'how-serious': 0, 'what-i-can-offer': 'A budget we both see 😀' }
			}
		]
	},
	'priority-1': 'Communication',
	'priority-3': 'Money',
	'hard-to-raise': 'Sex',
	'for-therapist-only': 'Only for you.'
};

const accountabilityAnswers: Answers = {
	behaviours: {
		rows: [
			{
				name: 'Phone at dinner',
				answers: {
					'what-i-did': 'I looked at my phone while you talked.',
					'when-and-how-often': 'Most evenings'
				}
			},
			{
				name: 'Changing the subject',
				answers: {
					'what-i-did': 'I changed the subject when you raised money.',
					'impact-on-partner': 'You stopped raising it.'
				}
			}
		]
	},
	'apology-draft': 'I am sorry I kept cancelling our plans.',
	commitments: {
		rows: [
			{
				name: 'Phone away',
				answers: { 'what-i-will-do': 'Leave my phone in the hall during dinner.' }
			}
		]
	},
	'readiness-to-share': 0,
	'what-would-help-me-share': 'Reading it out.'
};

const goalsAnswers: Answers = {
	'shared-goals': {
		rows: [
			{ name: 'A home', answers: { timeframe: 'within-a-year', 'first-step': 'Look at flats' } },
			{ name: '', answers: {} }
		]
	},
	'communication-habits': { selected: ['pause-word', 'phones-away'], other: 'Walks on Sunday' },
	'how-close-our-pictures-are': 10
};

describe('answersFromForm and answersFromValues', () => {
	const cases: Array<[WorksheetTemplate, Answers]> = [
		[coreIssues, coreAnswers],
		[accountability, accountabilityAnswers],
		[relationshipGoals, goalsAnswers]
	];

	for (const [template, answers] of cases) {
		it(`read the same answers from the posted form and from the inputs' values (${template.id})`, () => {
			expect(validateAnswers(template, answers, 'draft')).toEqual({ ok: true, answers });
			const values = formValues(template, answers);
			const fromValues = answersFromValues(template, values);
			const fromForm = answersFromForm(
				template,
				postedForm(template, values, { intent: 'save', revision: '3' })
			);

			expect(fromForm.problems).toEqual({});
			expect(fromValues).toEqual(answers);
			expect(validateAnswers(template, fromForm.answers, 'draft')).toEqual({ ok: true, answers });
			expect(validateAnswers(template, fromValues, 'draft')).toEqual({ ok: true, answers });
		});
	}

	it('lay out the preset rows for answers not yet written, and read them back', () => {
		const values = formValues(coreIssues, {});
		const areas = values.areas;
		expect(areas?.kind === 'group' && areas.rows.map((row) => [row.name, row.preset])).toEqual([
			['Communication', true],
			['Trust', true],
			['Commitment', true],
			['Emotional needs', true]
		]);
		const { answers, problems } = answersFromForm(coreIssues, postedForm(coreIssues, values));
		expect(problems).toEqual({});
		expect(validateAnswers(coreIssues, answers, 'draft')).toEqual({
			ok: true,
			answers: { areas: { rows: presetRows(coreIssues.fields[0] as RepeatingGroupField) } }
		});
	});
});

describe('answersFromForm', () => {
	it('turns a scale point into a number, and leaves anything else for the validator to refuse', () => {
		const read = (point: string) =>
			answersFromForm(accountability, form([[inputName('readiness-to-share'), point]])).answers[
				'readiness-to-share'
			];
		expect(read('7')).toBe(7);
		expect(read('0')).toBe(0);
		expect(read('-1')).toBe(-1);
		expect(read('')).toBeUndefined();
		expect(read('7.5')).toBe('7.5');
		expect(read('seven')).toBe('seven');
		expect(validateAnswers(accountability, { 'readiness-to-share': read('7.5') }, 'draft')).toEqual(
			{
				ok: false,
				problems: { 'readiness-to-share': 'Choose a point on the scale.' }
			}
		);
	});

	it('turns the scale points inside a row into numbers', () => {
		const { answers } = answersFromForm(
			coreIssues,
			form([
				[inputName('areas', 0, 'name'), 'Trust'],
				[inputName('areas', 0, 'how-serious'), '9']
			])
		);
		expect(answers).toEqual({
			areas: { rows: [{ name: 'Trust', answers: { 'how-serious': 9 } }] }
		});
	});

	it('refuses an answer sent twice, at its field, and leaves it out', () => {
		const twice = form([
			[inputName('apology-draft'), 'One'],
			[inputName('apology-draft'), 'Two'],
			[inputName('what-would-help-me-share'), 'Reading it out']
		]);
		expect(answersFromForm(accountability, twice)).toEqual({
			answers: { 'what-would-help-me-share': 'Reading it out' },
			problems: {
				'apology-draft': 'This answer was sent more than once. Reload the page and try again.'
			}
		});
	});

	it("refuses a row's answer or name sent twice, at the row", () => {
		const twice = form([
			[inputName('areas', 0, 'name'), 'Trust'],
			[inputName('areas', 0, 'how-serious'), '3'],
			[inputName('areas', 0, 'how-serious'), '4'],
			[inputName('areas', 1, 'name'), 'Money'],
			[inputName('areas', 1, 'name'), 'Sex']
		]);
		const { problems } = answersFromForm(coreIssues, twice);
		expect(problems).toEqual({
			'areas.0.how-serious': 'This answer was sent more than once. Reload the page and try again.',
			'areas.1.name': 'This name was sent more than once.'
		});
	});

	it('refuses a file where an answer belongs', () => {
		const { answers, problems } = answersFromForm(
			accountability,
			form([[inputName('apology-draft'), new Blob(['sorry'])]])
		);
		expect(answers).toEqual({});
		expect(problems).toEqual({
			'apology-draft': 'This answer was sent more than once. Reload the page and try again.'
		});
		expect(
			answersFromForm(
				relationshipGoals,
				form([[inputName('communication-habits'), new Blob(['x'])]])
			).problems
		).toEqual({
			'communication-habits': 'Choose from the options.'
		});
	});

	it('reads checked boxes and "other" into one multiple-choice answer, and refuses "other" sent twice', () => {
		const checked = form([
			[inputName('communication-habits'), 'phones-away'],
			[inputName('communication-habits'), 'pause-word'],
			[inputName('communication-habits', 'other'), '']
		]);
		expect(answersFromForm(relationshipGoals, checked).answers).toEqual({
			'communication-habits': { selected: ['phones-away', 'pause-word'] }
		});
		expect(
			answersFromForm(relationshipGoals, form([[inputName('communication-habits', 'other'), '']]))
				.answers
		).toEqual({});
		const otherTwice = form([
			[inputName('communication-habits', 'other'), 'A'],
			[inputName('communication-habits', 'other'), 'B']
		]);
		expect(answersFromForm(relationshipGoals, otherTwice).problems).toEqual({
			'communication-habits': 'Choose from the options.'
		});
	});

	it('refuses an answer field the worksheet does not have, top-level or in a row', () => {
		const unknown = form([
			[inputName('bogus'), 'x'],
			[inputName('areas', 0, 'name'), 'Trust'],
			[inputName('areas', 0, 'bogus'), 'x'],
			[inputName('areas', 'x', 'name'), 'Trust'],
			[inputName('priority-1', 'other'), 'x']
		]);
		expect(answersFromForm(coreIssues, unknown).problems).toEqual({
			bogus: 'This worksheet has no such question.',
			'areas.0.bogus': 'This worksheet has no such question.',
			'areas.x.name': 'This worksheet has no such question.',
			'priority-1.other': 'This worksheet has no such question.'
		});
	});

	it('ignores fields that are not answers', () => {
		const buttons = form([
			['intent', 'add-row:areas'],
			['revision', '12'],
			['answer', 'x'],
			['answers.priority-1', 'x'],
			[inputName('priority-1'), 'Trust']
		]);
		expect(answersFromForm(coreIssues, buttons)).toEqual({
			answers: { 'priority-1': 'Trust' },
			problems: {}
		});
	});

	it("keeps a list the partner emptied as empty, by the list's marker", () => {
		const emptied = answersFromForm(coreIssues, form([[inputName('areas'), 'list']]));
		expect(emptied).toEqual({ answers: { areas: { rows: [] } }, problems: {} });
		expect(validateAnswers(coreIssues, emptied.answers, 'draft')).toEqual({
			ok: true,
			answers: { areas: { rows: [] } }
		});
		const values = formValues(coreIssues, { areas: { rows: [] } }).areas;
		expect(values?.kind === 'group' && values.rows).toEqual([]);
		// Without the marker the list was not on the page at all.
		expect(answersFromForm(coreIssues, form([])).answers).toEqual({});
	});

	it('reads rows in index order, whatever order they were sent in', () => {
		const { answers } = answersFromForm(
			coreIssues,
			form([
				[inputName('areas', 5, 'name'), 'Later'],
				[inputName('areas', 0, 'name'), 'First'],
				[inputName('areas', 5, 'what-i-need'), 'Time']
			])
		);
		expect(answers.areas).toEqual({
			rows: [
				{ name: 'First', answers: {} },
				{ name: 'Later', answers: { 'what-i-need': 'Time' } }
			]
		});
	});

	it('refuses a list with far more rows than the group allows', () => {
		const rows = Array.from({ length: 25 }, (_, index): [string, string] => [
			inputName('areas', index, 'name'),
			`Area ${index}`
		]);
		const { answers, problems } = answersFromForm(coreIssues, form(rows));
		expect(answers).toEqual({});
		expect(problems.areas).toBe('The area list is too long.');
	});
});

describe('inputName and inputId', () => {
	it('name an input by its path', () => {
		expect(inputName('areas', 2, 'what-i-need')).toBe('answer.areas.2.what-i-need');
		expect(inputId('areas', 2, 'what-i-need')).toBe('answer-areas-2-what-i-need');
	});
});

describe('parseRowIntent', () => {
	it('reads adding and removing a row', () => {
		expect(parseRowIntent('add-row:areas')).toEqual({ action: 'add-row', group: 'areas' });
		expect(parseRowIntent('remove-row:areas:2')).toEqual({
			action: 'remove-row',
			group: 'areas',
			row: 2
		});
		expect(parseRowIntent('remove-row:shared-goals:0')).toEqual({
			action: 'remove-row',
			group: 'shared-goals',
			row: 0
		});
	});

	it('refuses anything else', () => {
		const junk = [
			'',
			'save',
			'submit',
			'add-row',
			'add-row:',
			'add-row:areas:1',
			'remove-row:areas',
			'remove-row:areas:',
			'remove-row:areas:-1',
			'remove-row:areas:1.5',
			'remove-row:areas:1000',
			'remove-row:areas:x',
			'add-row:are as',
			'add-row:areas\n',
			' add-row:areas',
			'delete-row:areas:1',
			'add-row:__proto__'
		];
		for (const value of junk) expect(parseRowIntent(value), JSON.stringify(value)).toBeNull();
		expect(parseRowIntent(null)).toBeNull();
		expect(
			parseRowIntent(form([['intent', new Blob(['add-row:areas'])]]).get('intent'))
		).toBeNull();
	});
});

describe('applyRowIntent', () => {
	const areas = coreIssues.fields[0] as RepeatingGroupField;
	const written: Answers = {
		'priority-1': 'Trust',
		areas: {
			rows: [
				{ name: 'Trust', answers: { 'how-serious': 4 } },
				{ name: 'Money', answers: {} },
				{ name: 'Sex', answers: { 'what-i-need': 'Closeness' } }
			]
		}
	};

	it('adds an empty row after the preset rows of a list not yet written', () => {
		expect(applyRowIntent(coreIssues, {}, { action: 'add-row', group: 'areas' })).toEqual({
			areas: { rows: [...presetRows(areas), { name: '', answers: {} }] }
		});
	});

	it('adds an empty row to the end of a list, keeping every other answer', () => {
		const before = structuredClone(written);
		const after = applyRowIntent(coreIssues, written, { action: 'add-row', group: 'areas' });
		expect(after).toEqual({
			...written,
			areas: { rows: [...(written.areas as { rows: unknown[] }).rows, { name: '', answers: {} }] }
		});
		expect(written).toEqual(before);
	});

	it('removes the named row, and only it', () => {
		const before = structuredClone(written);
		expect(
			applyRowIntent(coreIssues, written, { action: 'remove-row', group: 'areas', row: 1 })
		).toEqual({
			'priority-1': 'Trust',
			areas: {
				rows: [
					{ name: 'Trust', answers: { 'how-serious': 4 } },
					{ name: 'Sex', answers: { 'what-i-need': 'Closeness' } }
				]
			}
		});
		expect(written).toEqual(before);
		expect(
			applyRowIntent(coreIssues, {}, { action: 'remove-row', group: 'areas', row: 0 })
		).toEqual({ areas: { rows: presetRows(areas).slice(1) } });
	});

	it('refuses to remove a row that is not there', () => {
		expect(
			applyRowIntent(coreIssues, written, { action: 'remove-row', group: 'areas', row: 3 })
		).toBe(FORM_PROBLEM);
		expect(
			applyRowIntent(
				coreIssues,
				{ areas: { rows: [] } },
				{ action: 'remove-row', group: 'areas', row: 0 }
			)
		).toBe(FORM_PROBLEM);
	});

	it('refuses to add a row beyond the most the group allows', () => {
		const full = {
			areas: {
				rows: Array.from({ length: 12 }, (_, index) => ({ name: `Area ${index}`, answers: {} }))
			}
		};
		expect(areas.maxRows).toBe(12);
		expect(applyRowIntent(coreIssues, full, { action: 'add-row', group: 'areas' })).toBe(
			FORM_PROBLEM
		);
		const almost = { areas: { rows: full.areas.rows.slice(1) } };
		expect(applyRowIntent(coreIssues, almost, { action: 'add-row', group: 'areas' })).not.toBe(
			FORM_PROBLEM
		);
	});

	it('refuses a group the template does not have, or a field that is not a group', () => {
		expect(applyRowIntent(coreIssues, written, { action: 'add-row', group: 'behaviours' })).toBe(
			FORM_PROBLEM
		);
		expect(applyRowIntent(coreIssues, written, { action: 'add-row', group: 'priority-1' })).toBe(
			FORM_PROBLEM
		);
		expect(
			applyRowIntent(coreIssues, written, { action: 'remove-row', group: 'nope', row: 0 })
		).toBe(FORM_PROBLEM);
	});
});

describe('presetRows', () => {
	it('gives fresh empty rows, one per preset name, so changing one changes no other list', () => {
		const areas = coreIssues.fields[0] as RepeatingGroupField;
		const first = presetRows(areas);
		expect(first).toEqual([
			{ name: 'Communication', answers: {} },
			{ name: 'Trust', answers: {} },
			{ name: 'Commitment', answers: {} },
			{ name: 'Emotional needs', answers: {} }
		]);
		first[0]!.answers['how-serious'] = 3;
		expect(presetRows(areas)[0]).toEqual({ name: 'Communication', answers: {} });
		expect(presetRows(accountability.fields[0] as RepeatingGroupField)).toEqual([]);
	});
});
