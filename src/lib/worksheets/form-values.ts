import type { GroupRow } from './answers';
import { presetRows } from './form-encoding';
import type { RepeatingGroupField, SimpleField, WorksheetTemplate } from './template';

// What the worksheet's inputs hold while a partner writes: everything as the
// browser keeps it (text, chosen values), whatever state the answers are in,
// even refused ones, so nothing typed is lost when the page comes back.

export interface SimpleValues {
	text: string;
	selected: string[];
	other: string;
}

export interface RowValues {
	/** A key for the page only, so a removed row takes its own inputs with it. */
	id: number;
	name: string;
	/** A row the template starts with: its name is fixed. */
	preset: boolean;
	fields: Record<string, SimpleValues>;
}

export type FieldValues =
	{ kind: 'simple'; value: SimpleValues } | { kind: 'group'; rows: RowValues[] };

export type FormValues = Record<string, FieldValues>;

let nextRowId = 1;

export function newRow(
	name = '',
	preset = false,
	fields: Record<string, SimpleValues> = {}
): RowValues {
	return { id: nextRowId++, name, preset, fields };
}

/** Values for every input of a template, from answers as stored or as last typed. */
export function formValues(
	template: WorksheetTemplate,
	answers: Record<string, unknown>
): FormValues {
	const values: FormValues = {};
	for (const field of template.fields) {
		values[field.key] =
			field.kind === 'repeating-group'
				? { kind: 'group', rows: groupValues(field, answers[field.key]) }
				: { kind: 'simple', value: simpleValues(field, answers[field.key]) };
	}
	return values;
}

function groupValues(group: RepeatingGroupField, answer: unknown): RowValues[] {
	const presets = new Set((group.presetRows ?? []).map((name) => name.toLowerCase()));
	const rows: unknown[] =
		isRecord(answer) && Array.isArray(answer.rows) ? answer.rows : presetRows(group);
	return rows.filter(isRecord).map((row: Record<string, unknown>) => {
		const name = typeof row.name === 'string' ? row.name : '';
		const answers = isRecord(row.answers) ? row.answers : {};
		const fields: Record<string, SimpleValues> = {};
		for (const inner of group.fields) fields[inner.key] = simpleValues(inner, answers[inner.key]);
		return newRow(name, presets.has(name.toLowerCase()), fields);
	});
}

export function simpleValues(field: SimpleField, answer: unknown): SimpleValues {
	const values: SimpleValues = { text: '', selected: [], other: '' };
	if (field.kind === 'multiple-choice') {
		if (isRecord(answer)) {
			if (Array.isArray(answer.selected))
				values.selected = answer.selected.filter(
					(value): value is string => typeof value === 'string'
				);
			if (typeof answer.other === 'string') values.other = answer.other;
		}
	} else if (typeof answer === 'string' || typeof answer === 'number') {
		values.text = String(answer);
	}
	return values;
}

/** The answers the inputs hold, in the validator's shape (for saving as one types). */
export function answersFromValues(
	template: WorksheetTemplate,
	values: FormValues
): Record<string, unknown> {
	const answers: Record<string, unknown> = {};
	for (const field of template.fields) {
		const value = values[field.key];
		if (!value) continue;
		if (field.kind === 'repeating-group' && value.kind === 'group') {
			answers[field.key] = {
				rows: value.rows.map((row): GroupRow => {
					const rowAnswers: Record<string, unknown> = {};
					for (const inner of field.fields) {
						const answer = simpleAnswer(inner, row.fields[inner.key]);
						if (answer !== undefined) rowAnswers[inner.key] = answer;
					}
					return { name: row.name, answers: rowAnswers as GroupRow['answers'] };
				})
			};
		} else if (field.kind !== 'repeating-group' && value.kind === 'simple') {
			const answer = simpleAnswer(field, value.value);
			if (answer !== undefined) answers[field.key] = answer;
		}
	}
	return answers;
}

function simpleAnswer(field: SimpleField, values: SimpleValues | undefined): unknown {
	if (!values) return undefined;
	switch (field.kind) {
		case 'multiple-choice':
			if (values.selected.length === 0 && values.other === '') return undefined;
			return values.other === ''
				? { selected: values.selected }
				: { selected: values.selected, other: values.other };
		case 'scale':
			return values.text === '' ? undefined : Number(values.text);
		default:
			return values.text === '' ? undefined : values.text;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
