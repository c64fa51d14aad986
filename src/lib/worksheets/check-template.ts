import {
	audienceOf,
	type ChoiceOption,
	type Field,
	type SimpleField,
	type WorksheetTemplate
} from './template';

const KEY_SHAPE = /^[a-z][a-zA-Z0-9-]{0,62}$/;
const AUDIENCES = new Set(['therapist', 'confidential', 'shared']);

/**
 * What is wrong with a template definition, as sentences; empty when it is
 * well-formed. Built-in templates are checked by a test; templates that
 * therapists write will be checked before they are saved.
 */
export function templateProblems(template: WorksheetTemplate): string[] {
	const problems: string[] = [];
	if (!KEY_SHAPE.test(template.id))
		problems.push(`The id "${template.id}" must be letters, digits and dashes.`);
	if (template.title.trim() === '') problems.push('The template needs a title.');
	if (template.fields.length === 0) problems.push('The template needs at least one field.');
	checkKeys(template.fields, 'the template', problems);

	for (const field of template.fields) {
		if (field.audience !== undefined && !AUDIENCES.has(field.audience)) {
			problems.push(`Field "${field.key}" has an unknown audience "${String(field.audience)}".`);
		}
		if (template.privacy === 'private' && audienceOf(field) !== 'confidential') {
			problems.push(`Field "${field.key}" of a private template must be confidential.`);
		}
		if (field.kind === 'repeating-group') {
			if (field.fields.length === 0)
				problems.push(`Group "${field.key}" needs at least one field.`);
			checkKeys(field.fields, `group "${field.key}"`, problems);
			for (const inner of field.fields) {
				if ('audience' in inner)
					problems.push(
						`Field "${field.key}.${inner.key}" takes its group's audience; it cannot have its own.`
					);
				checkSimpleField(inner, `${field.key}.${inner.key}`, problems);
			}
			const presets = field.presetRows ?? [];
			if (new Set(presets.map((name) => name.toLowerCase())).size !== presets.length) {
				problems.push(`Group "${field.key}" names a preset row twice.`);
			}
			if (presets.length > (field.maxRows ?? 20))
				problems.push(`Group "${field.key}" starts with more rows than it allows.`);
		} else {
			checkSimpleField(field, field.key, problems);
		}
	}

	checkScoring(template, problems);
	checkConcernRules(template, problems);
	return problems;
}

function checkKeys(
	fields: readonly Field[] | readonly SimpleField[],
	where: string,
	problems: string[]
): void {
	const seen = new Set<string>();
	for (const field of fields) {
		if (!KEY_SHAPE.test(field.key))
			problems.push(`The key "${field.key}" in ${where} must be letters, digits and dashes.`);
		if (seen.has(field.key)) problems.push(`The key "${field.key}" appears twice in ${where}.`);
		seen.add(field.key);
	}
}

function checkSimpleField(field: SimpleField, path: string, problems: string[]): void {
	if (field.label.trim() === '') problems.push(`Field "${path}" needs a label.`);
	switch (field.kind) {
		case 'short-text':
		case 'long-text':
			if (
				field.maxLength !== undefined &&
				!(Number.isInteger(field.maxLength) && field.maxLength > 0)
			) {
				problems.push(`Field "${path}" has a maximum length that is not a positive whole number.`);
			}
			return;
		case 'scale':
			if (!Number.isInteger(field.min) || !Number.isInteger(field.max) || field.min >= field.max) {
				problems.push(`Scale "${path}" must run between two whole numbers, low to high.`);
			}
			if (field.max - field.min > 20) problems.push(`Scale "${path}" has more than 21 points.`);
			return;
		case 'single-choice':
		case 'multiple-choice':
			checkOptions(field.options, path, problems);
			if (
				field.kind === 'multiple-choice' &&
				field.maxSelected !== undefined &&
				field.maxSelected < 1
			) {
				problems.push(`Field "${path}" must allow at least one choice.`);
			}
			return;
	}
}

function checkOptions(options: readonly ChoiceOption[], path: string, problems: string[]): void {
	if (options.length < 2) problems.push(`Field "${path}" needs at least two options.`);
	const values = options.map((option) => option.value);
	if (new Set(values).size !== values.length)
		problems.push(`Field "${path}" has two options with the same value.`);
	for (const option of options) {
		if (option.value.trim() === '' || option.label.trim() === '')
			problems.push(`Field "${path}" has an option without a value or label.`);
	}
}

function checkScoring(template: WorksheetTemplate, problems: string[]): void {
	const scoring = template.scoring;
	if (!scoring) return;
	for (const item of scoring.items) {
		const field = template.fields.find((candidate) => candidate.key === item.key);
		if (!field) {
			problems.push(`Scored item "${item.key}" is not a field.`);
		} else if (field.kind === 'single-choice') {
			if (field.options.some((option) => typeof option.score !== 'number'))
				problems.push(`Every option of scored item "${item.key}" needs a score.`);
		} else if (field.kind !== 'scale') {
			problems.push(`Scored item "${item.key}" must be a scale or a single choice.`);
		}
	}
	const bands = scoring.bands;
	if (bands.length === 0 || bands[bands.length - 1]!.below !== null)
		problems.push('The last scoring band must be open-ended (below: null).');
	for (let i = 1; i < bands.length - 1; i++) {
		if ((bands[i]!.below ?? Infinity) <= (bands[i - 1]!.below ?? Infinity))
			problems.push('Scoring bands must rise from low to high.');
	}
}

function checkConcernRules(template: WorksheetTemplate, problems: string[]): void {
	for (const rule of template.concernRules ?? []) {
		const field = template.fields.find((candidate) => candidate.key === rule.field);
		if (!field) {
			problems.push(`A concern rule names "${rule.field}", which is not a field.`);
			continue;
		}
		if ('anyOf' in rule) {
			const values =
				field.kind === 'single-choice' || field.kind === 'multiple-choice'
					? field.options.map((option) => option.value)
					: [];
			for (const value of rule.anyOf) {
				if (!values.includes(value))
					problems.push(
						`A concern rule on "${rule.field}" names "${value}", which is not one of its options.`
					);
			}
		}
		if ('atLeast' in rule && field.kind !== 'scale')
			problems.push(`A concern rule on "${rule.field}" compares a number, but it is not a scale.`);
	}
}
