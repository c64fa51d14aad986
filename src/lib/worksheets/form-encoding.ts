import type { Answers, GroupRow } from './answers';
import { isGroupAnswer } from './answers';
import type { RepeatingGroupField, SimpleField, WorksheetTemplate } from './template';
import { DEFAULT_MAX_ROWS } from './template';
import { FORM_PROBLEM, type Problems } from './validate';

// How a worksheet travels as a plain HTML form, so it works without
// JavaScript. Every answer's input is named "answer.<key>"; a row's inputs
// "answer.<group>.<row>.<key>" and its name "answer.<group>.<row>.name", with a
// marker "answer.<group>" for the list itself; the
// "other" box of a multiple choice "answer.<key>.other". Other form fields
// (the buttons, the revision) are not answers and are left to the page.

export const ANSWER_PREFIX = 'answer.';

export function inputName(...path: Array<string | number>): string {
	return ANSWER_PREFIX + path.join('.');
}

/** The DOM id of a field's input, for labels and error messages to point at. */
export function inputId(...path: Array<string | number>): string {
	return 'answer-' + path.join('-');
}

export interface FormAnswers {
	/** In the shape the validator takes; still to be validated. */
	answers: Record<string, unknown>;
	/** Problems of the encoding itself (a field sent twice, a file). */
	problems: Problems;
}

/** Reads a posted worksheet form into answers for the one validator. */
export function answersFromForm(template: WorksheetTemplate, form: FormData): FormAnswers {
	const problems: Problems = {};
	const answers: Record<string, unknown> = {};
	const known = new Set<string>();

	for (const field of template.fields) {
		if (field.kind === 'repeating-group') {
			const rows = rowsFromForm(field, form, problems, known);
			if (rows !== undefined) answers[field.key] = { rows };
		} else {
			const answer = simpleFromForm(field, form, [field.key], problems, known);
			if (answer !== undefined) answers[field.key] = answer;
		}
	}

	for (const name of new Set(form.keys())) {
		if (name.startsWith(ANSWER_PREFIX) && !known.has(name)) {
			problems[name.slice(ANSWER_PREFIX.length)] = 'This worksheet has no such question.';
		}
	}
	return { answers, problems };
}

function simpleFromForm(
	field: SimpleField,
	form: FormData,
	path: Array<string | number>,
	problems: Problems,
	known: Set<string>
): unknown {
	const name = inputName(...path);
	known.add(name);
	const values = form.getAll(name);
	const problemKey = path.join('.');

	if (field.kind === 'multiple-choice') {
		const otherName = inputName(...path, 'other');
		known.add(otherName);
		const others = form.getAll(otherName);
		if (
			values.some((value) => typeof value !== 'string') ||
			others.length > 1 ||
			others.some((value) => typeof value !== 'string')
		) {
			problems[problemKey] = 'Choose from the options.';
			return undefined;
		}
		const other = others[0] as string | undefined;
		if (values.length === 0 && (other === undefined || other === '')) return undefined;
		return other === undefined || other === '' ? { selected: values } : { selected: values, other };
	}

	if (values.length === 0) return undefined;
	if (values.length > 1 || typeof values[0] !== 'string') {
		problems[problemKey] = 'This answer was sent more than once. Reload the page and try again.';
		return undefined;
	}
	const value = values[0];
	if (field.kind === 'scale')
		return /^-?\d{1,6}$/.test(value) ? Number(value) : value === '' ? undefined : value;
	return value;
}

function rowsFromForm(
	field: RepeatingGroupField,
	form: FormData,
	problems: Problems,
	known: Set<string>
): unknown[] | undefined {
	const rowPattern = new RegExp(`^${escapeRegExp(inputName(field.key))}\\.(\\d{1,3})\\.`);
	const indices = new Set<number>();
	for (const name of form.keys()) {
		const match = rowPattern.exec(name);
		if (match) indices.add(Number(match[1]));
	}
	// The list's marker input says the list was on the page, so a list the
	// partner emptied stays empty instead of coming back with its preset rows.
	const listMarker = inputName(field.key);
	known.add(listMarker);
	if (indices.size === 0) return form.has(listMarker) ? [] : undefined;
	// Generous: the validator gives the real limit its message.
	if (indices.size > (field.maxRows ?? DEFAULT_MAX_ROWS) * 2) {
		problems[field.key] = `The ${field.itemName} list is too long.`;
		return undefined;
	}

	const rows: unknown[] = [];
	for (const index of [...indices].sort((a, b) => a - b)) {
		const nameField = inputName(field.key, index, 'name');
		known.add(nameField);
		const names = form.getAll(nameField);
		const rowAnswers: Record<string, unknown> = {};
		for (const inner of field.fields) {
			const answer = simpleFromForm(inner, form, [field.key, index, inner.key], problems, known);
			if (answer !== undefined) rowAnswers[inner.key] = answer;
		}
		if (names.length > 1 || (names[0] !== undefined && typeof names[0] !== 'string')) {
			problems[`${field.key}.${index}.name`] = 'This name was sent more than once.';
			continue;
		}
		rows.push({ name: names[0] ?? '', answers: rowAnswers });
	}
	return rows;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adding and removing rows without JavaScript: the buttons submit the form
 * with an intent, and the page comes back with the list changed and every
 * other word kept.
 */
export type RowIntent =
	{ action: 'add-row'; group: string } | { action: 'remove-row'; group: string; row: number };

export function parseRowIntent(value: FormDataEntryValue | null): RowIntent | null {
	if (typeof value !== 'string') return null;
	const add = /^add-row:([a-zA-Z0-9-]+)$/.exec(value);
	if (add) return { action: 'add-row', group: add[1]! };
	const remove = /^remove-row:([a-zA-Z0-9-]+):(\d{1,3})$/.exec(value);
	if (remove) return { action: 'remove-row', group: remove[1]!, row: Number(remove[2]) };
	return null;
}

export function applyRowIntent(
	template: WorksheetTemplate,
	answers: Answers,
	intent: RowIntent
): Answers | typeof FORM_PROBLEM {
	const group = template.fields.find((field) => field.key === intent.group);
	if (!group || group.kind !== 'repeating-group') return FORM_PROBLEM;
	const current = answers[group.key];
	const rows: GroupRow[] = isGroupAnswer(current) ? [...current.rows] : presetRows(group);
	if (intent.action === 'add-row') {
		if (rows.length >= (group.maxRows ?? DEFAULT_MAX_ROWS)) return FORM_PROBLEM;
		rows.push({ name: '', answers: {} });
	} else {
		if (intent.row >= rows.length) return FORM_PROBLEM;
		rows.splice(intent.row, 1);
	}
	return { ...answers, [group.key]: { rows } };
}

/** The rows a group starts with before anything is written. */
export function presetRows(group: RepeatingGroupField): GroupRow[] {
	return (group.presetRows ?? []).map((name) => ({
		name,
		answers: {}
	}));
}
