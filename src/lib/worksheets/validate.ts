import type { Answers, GroupRow, MultipleChoiceAnswer, SimpleAnswer } from './answers';
import {
	DEFAULT_LONG_TEXT_MAX,
	DEFAULT_MAX_ROWS,
	DEFAULT_SHORT_TEXT_MAX,
	OTHER_TEXT_MAX,
	ROW_NAME_MAX,
	type Field,
	type RepeatingGroupField,
	type SimpleField,
	type WorksheetTemplate
} from './template';

/** A draft may be partial; a submission must answer every required question. */
export type ValidationMode = 'draft' | 'submit';

/**
 * Messages keyed by where they belong: a field key ("apology"), a row's field
 * ("areas.2.needs"), a row's name ("areas.2.name"), or FORM_PROBLEM for the
 * answers as a whole.
 */
export type Problems = Record<string, string>;

export const FORM_PROBLEM = '_form';

const UNREADABLE = 'The answers could not be read. Reload the page and try again.';

export type Validation = { ok: true; answers: Answers } | { ok: false; problems: Problems };

/**
 * The one validator: checks any set of answers against any template. Input
 * comes from a browser and is trusted for nothing: wrong types, unknown
 * keys, values out of range and over-long text are refused with a message
 * where each belongs. What is accepted comes back normalised (empty answers
 * left out), ready to store.
 */
export function validateAnswers(
	template: WorksheetTemplate,
	input: unknown,
	mode: ValidationMode
): Validation {
	const problems: Problems = {};
	if (!isPlainObject(input)) {
		return { ok: false, problems: { [FORM_PROBLEM]: UNREADABLE } };
	}

	const fieldsByKey = new Map(template.fields.map((field) => [field.key, field]));
	for (const key of Object.keys(input)) {
		if (fieldsByKey.has(key)) continue;
		// Neither '' nor __proto__ can hold a message of its own (assigning __proto__ would drop it).
		if (key === '' || key === '__proto__') problems[FORM_PROBLEM] = UNREADABLE;
		else problems[key] = 'This worksheet has no such question.';
	}

	const answers: Answers = {};
	for (const field of template.fields) {
		// Own keys only: a field keyed "constructor" must not read what every object inherits.
		const raw = Object.hasOwn(input, field.key) ? input[field.key] : undefined;
		const answer =
			field.kind === 'repeating-group'
				? checkGroup(field, raw, mode, problems)
				: checkSimple(field, raw, field.key, problems);
		if (answer !== undefined) answers[field.key] = answer;
		else if (mode === 'submit' && field.required && problems[field.key] === undefined) {
			problems[field.key] =
				field.kind === 'repeating-group'
					? `Add at least one ${field.itemName} before submitting.`
					: 'Answer this question before submitting.';
		}
	}

	return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, answers };
}

/** Returns the normalised answer, or undefined when unanswered or refused (then a problem is recorded). */
function checkSimple(
	field: SimpleField,
	raw: unknown,
	path: string,
	problems: Problems
): SimpleAnswer | undefined {
	if (raw === undefined || raw === null) return undefined;
	switch (field.kind) {
		case 'short-text':
		case 'long-text': {
			if (typeof raw !== 'string') return refuse(problems, path, 'This answer must be text.');
			const text = withoutNulls(raw);
			const max =
				field.maxLength ??
				(field.kind === 'short-text' ? DEFAULT_SHORT_TEXT_MAX : DEFAULT_LONG_TEXT_MAX);
			const length = characterCount(text);
			if (length > max)
				return refuse(
					problems,
					path,
					`This answer is ${length.toLocaleString('en')} characters long; the limit is ${max.toLocaleString('en')}. Shorten it a little to save.`
				);
			return text.trim() === '' ? undefined : text;
		}
		case 'scale': {
			if (typeof raw !== 'number' || !Number.isInteger(raw))
				return refuse(problems, path, 'Choose a point on the scale.');
			if (raw < field.min || raw > field.max)
				return refuse(problems, path, `Choose a point from ${field.min} to ${field.max}.`);
			return raw;
		}
		case 'single-choice': {
			if (typeof raw !== 'string') return refuse(problems, path, 'Choose one of the options.');
			if (raw === '') return undefined;
			if (!field.options.some((option) => option.value === raw))
				return refuse(problems, path, 'Choose one of the options.');
			return raw;
		}
		case 'multiple-choice':
			return checkMultipleChoice(field, raw, path, problems);
	}
}

function checkMultipleChoice(
	field: Extract<SimpleField, { kind: 'multiple-choice' }>,
	raw: unknown,
	path: string,
	problems: Problems
): MultipleChoiceAnswer | undefined {
	if (
		!isPlainObject(raw) ||
		!Array.isArray(raw.selected) ||
		Object.keys(raw).some((key) => key !== 'selected' && key !== 'other')
	) {
		return refuse(problems, path, 'Choose from the options.');
	}
	const selected = raw.selected;
	if (
		selected.some(
			(value) =>
				typeof value !== 'string' || !field.options.some((option) => option.value === value)
		)
	) {
		return refuse(problems, path, 'Choose from the options.');
	}
	if (new Set(selected).size !== selected.length)
		return refuse(problems, path, 'Each option can be chosen once.');

	let other: string | undefined;
	if (raw.other !== undefined && raw.other !== null) {
		if (!field.other || typeof raw.other !== 'string')
			return refuse(problems, path, 'This question has no "other" answer.');
		const max = field.other.maxLength ?? OTHER_TEXT_MAX;
		// NULs go first, as for any text: "other" holding nothing else is left out.
		const otherText = withoutNulls(raw.other);
		if (characterCount(otherText) > max)
			return refuse(problems, path, `Keep "${field.other.label}" to ${max} characters.`);
		if (otherText.trim() !== '') other = otherText;
	}

	const count = selected.length + (other === undefined ? 0 : 1);
	if (field.maxSelected !== undefined && count > field.maxSelected) {
		return refuse(problems, path, `Choose at most ${field.maxSelected}; you chose ${count}.`);
	}
	if (count === 0) return undefined;
	// Kept in the template's order, whatever order the browser sent.
	const ordered = field.options
		.map((option) => option.value)
		.filter((value) => selected.includes(value));
	return other === undefined ? { selected: ordered } : { selected: ordered, other };
}

function checkGroup(
	field: RepeatingGroupField,
	raw: unknown,
	mode: ValidationMode,
	problems: Problems
): { rows: GroupRow[] } | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (!isPlainObject(raw) || !Array.isArray(raw.rows) || Object.keys(raw).length !== 1) {
		return refuse(problems, field.key, `The ${field.itemName} list could not be read.`);
	}
	const maxRows = field.maxRows ?? DEFAULT_MAX_ROWS;
	if (raw.rows.length > maxRows)
		return refuse(problems, field.key, `Keep the list to ${maxRows} ${field.itemName}s or fewer.`);

	const rows: GroupRow[] = [];
	const names = new Map<string, number>();
	const presets = new Set((field.presetRows ?? []).map((name) => name.toLowerCase()));
	raw.rows.forEach((rawRow: unknown, index: number) => {
		const path = `${field.key}.${index}`;
		if (
			!isPlainObject(rawRow) ||
			typeof rawRow.name !== 'string' ||
			!isPlainObject(rawRow.answers) ||
			Object.keys(rawRow).length !== 2
		) {
			problems[path] = `This ${field.itemName} could not be read.`;
			return;
		}
		const name = withoutNulls(rawRow.name).trim();
		const rowAnswers: Record<string, SimpleAnswer> = {};
		for (const key of Object.keys(rawRow.answers)) {
			if (!field.fields.some((inner) => inner.key === key))
				problems[`${path}.${key}`] = 'This worksheet has no such question.';
		}
		const refusedBefore = Object.keys(problems).length;
		for (const inner of field.fields) {
			const rawAnswer = Object.hasOwn(rawRow.answers, inner.key)
				? rawRow.answers[inner.key]
				: undefined;
			const answer = checkSimple(inner, rawAnswer, `${path}.${inner.key}`, problems);
			if (answer !== undefined) rowAnswers[inner.key] = answer;
		}

		if (characterCount(name) > ROW_NAME_MAX)
			problems[`${path}.name`] = `Keep the name to ${ROW_NAME_MAX} characters.`;
		const hasAnswers = Object.keys(rowAnswers).length > 0;
		// A submission leaves out rows with nothing in them: a preset row never
		// touched, or a row added and never named. A draft keeps them as laid out.
		const untouched =
			!hasAnswers &&
			Object.keys(problems).length === refusedBefore &&
			(name === '' || presets.has(name.toLowerCase()));
		if (mode === 'submit' && untouched) return;
		if (mode === 'submit') {
			for (const inner of field.fields) {
				const innerPath = `${path}.${inner.key}`;
				if (
					inner.required &&
					rowAnswers[inner.key] === undefined &&
					problems[innerPath] === undefined
				) {
					problems[innerPath] = 'Answer this question before submitting.';
				}
			}
		}
		if (name === '') {
			if (mode === 'submit') problems[`${path}.name`] = `Give this ${field.itemName} a name.`;
		} else {
			const seen = names.get(name.toLowerCase());
			if (seen !== undefined)
				problems[`${path}.name`] = `Another ${field.itemName} is already called “${name}”.`;
			names.set(name.toLowerCase(), index);
		}
		rows.push({ name, answers: rowAnswers });
	});
	// An emptied list is remembered in a draft, so the preset rows do not return.
	if (rows.length === 0) return mode === 'draft' ? { rows } : undefined;
	return { rows };
}

function refuse(problems: Problems, path: string, message: string): undefined {
	problems[path] = message;
	return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** Characters as a person counts them: an emoji is one, not two. */
export function characterCount(text: string): number {
	let count = 0;
	for (const _ of text) count++;
	return count;
}

/** NUL cannot be typed and some databases refuse it; nothing anyone wrote is lost without it. */
function withoutNulls(text: string): string {
	return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

export type { Field };
