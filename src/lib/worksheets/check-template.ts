import {
	audienceOf,
	type ChoiceOption,
	type Field,
	type SimpleField,
	type WorksheetTemplate
} from './template';

const KEY_SHAPE = /^[a-z][a-zA-Z0-9-]{0,62}$/;
const AUDIENCES = new Set(['therapist', 'confidential', 'shared']);

/** One thing wrong with a template, and the field it concerns (`group.inner` inside a group; null: the template as a whole). */
export interface TemplateProblem {
	at: string | null;
	message: string;
}

type Problems = TemplateProblem[];

/**
 * What is wrong with a template definition, as sentences; empty when it is
 * well-formed. Built-in templates are checked by a test; templates that
 * therapists write are checked before they are saved.
 */
export function templateProblems(template: WorksheetTemplate): string[] {
	return templateProblemsAt(template).map((problem) => problem.message);
}

/** The same, each with the field it concerns, so a builder can show it beside that field. */
export function templateProblemsAt(template: WorksheetTemplate): TemplateProblem[] {
	const problems: Problems = [];
	if (!KEY_SHAPE.test(template.id))
		problems.push({
			at: null,
			message: `The id "${template.id}" must be letters, digits and dashes.`
		});
	if (template.title.trim() === '')
		problems.push({ at: null, message: 'The template needs a title.' });
	if (template.fields.length === 0)
		problems.push({ at: null, message: 'The template needs at least one field.' });
	checkKeys(template.fields, 'the template', problems);

	for (const field of template.fields) {
		if (field.audience !== undefined && !AUDIENCES.has(field.audience)) {
			problems.push({
				at: field.key,
				message: `Field "${field.key}" has an unknown audience "${String(field.audience)}".`
			});
		}
		if (template.privacy === 'private' && audienceOf(field) !== 'confidential') {
			problems.push({
				at: field.key,
				message: `Field "${field.key}" of a private template must be confidential.`
			});
		}
		if (field.kind === 'repeating-group') {
			if (field.fields.length === 0)
				problems.push({ at: field.key, message: `Group "${field.key}" needs at least one field.` });
			checkKeys(field.fields, `group "${field.key}"`, problems);
			for (const inner of field.fields) {
				if ('audience' in inner)
					problems.push({
						at: `${field.key}.${inner.key}`,
						message: `Field "${field.key}.${inner.key}" takes its group's audience; it cannot have its own.`
					});
				checkSimpleField(inner, `${field.key}.${inner.key}`, problems);
			}
			const presets = field.presetRows ?? [];
			if (new Set(presets.map((name) => name.toLowerCase())).size !== presets.length) {
				problems.push({ at: field.key, message: `Group "${field.key}" names a preset row twice.` });
			}
			if (presets.length > (field.maxRows ?? 20))
				problems.push({
					at: field.key,
					message: `Group "${field.key}" starts with more rows than it allows.`
				});
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
	problems: Problems
): void {
	const seen = new Set<string>();
	for (const field of fields) {
		if (!KEY_SHAPE.test(field.key))
			problems.push({
				at: null,
				message: `The key "${field.key}" in ${where} must be letters, digits and dashes.`
			});
		if (seen.has(field.key))
			problems.push({ at: null, message: `The key "${field.key}" appears twice in ${where}.` });
		seen.add(field.key);
	}
}

function checkSimpleField(field: SimpleField, path: string, problems: Problems): void {
	if (field.label.trim() === '')
		problems.push({ at: path, message: `Field "${path}" needs a label.` });
	switch (field.kind) {
		case 'short-text':
		case 'long-text':
			if (
				field.maxLength !== undefined &&
				!(Number.isInteger(field.maxLength) && field.maxLength > 0)
			) {
				problems.push({
					at: path,
					message: `Field "${path}" has a maximum length that is not a positive whole number.`
				});
			}
			return;
		case 'scale':
			if (!Number.isInteger(field.min) || !Number.isInteger(field.max) || field.min >= field.max) {
				problems.push({
					at: path,
					message: `Scale "${path}" must run between two whole numbers, low to high.`
				});
			}
			if (field.max - field.min > 20)
				problems.push({ at: path, message: `Scale "${path}" has more than 21 points.` });
			return;
		case 'single-choice':
		case 'multiple-choice':
			checkOptions(field.options, path, problems);
			if (
				field.kind === 'multiple-choice' &&
				field.maxSelected !== undefined &&
				field.maxSelected < 1
			) {
				problems.push({ at: path, message: `Field "${path}" must allow at least one choice.` });
			}
			return;
	}
}

function checkOptions(options: readonly ChoiceOption[], path: string, problems: Problems): void {
	if (options.length < 2)
		problems.push({ at: path, message: `Field "${path}" needs at least two options.` });
	const values = options.map((option) => option.value);
	if (new Set(values).size !== values.length)
		problems.push({ at: path, message: `Field "${path}" has two options with the same value.` });
	for (const option of options) {
		if (option.value.trim() === '' || option.label.trim() === '')
			problems.push({
				at: path,
				message: `Field "${path}" has an option without a value or label.`
			});
	}
}

function checkScoring(template: WorksheetTemplate, problems: Problems): void {
	const scoring = template.scoring;
	if (!scoring) return;
	for (const item of scoring.items) {
		const field = template.fields.find((candidate) => candidate.key === item.key);
		if (!field) {
			problems.push({ at: item.key, message: `Scored item "${item.key}" is not a field.` });
		} else if (field.kind === 'single-choice') {
			if (field.options.some((option) => typeof option.score !== 'number'))
				problems.push({
					at: item.key,
					message: `Every option of scored item "${item.key}" needs a score.`
				});
		} else if (field.kind !== 'scale') {
			problems.push({
				at: item.key,
				message: `Scored item "${item.key}" must be a scale or a single choice.`
			});
		}
	}
	const bands = scoring.bands;
	if (bands.length === 0 || bands[bands.length - 1]!.below !== null)
		problems.push({
			at: 'scoring',
			message: 'The last scoring band must be open-ended (below: null).'
		});
	for (let i = 1; i < bands.length - 1; i++) {
		if ((bands[i]!.below ?? Infinity) <= (bands[i - 1]!.below ?? Infinity))
			problems.push({ at: 'scoring', message: 'Scoring bands must rise from low to high.' });
	}
}

function checkConcernRules(template: WorksheetTemplate, problems: Problems): void {
	for (const rule of template.concernRules ?? []) {
		const field = template.fields.find((candidate) => candidate.key === rule.field);
		if (!field) {
			problems.push({
				at: rule.field,
				message: `A concern rule names "${rule.field}", which is not a field.`
			});
			continue;
		}
		if ('anyOf' in rule) {
			const values =
				field.kind === 'single-choice' || field.kind === 'multiple-choice'
					? field.options.map((option) => option.value)
					: [];
			for (const value of rule.anyOf) {
				if (!values.includes(value))
					problems.push({
						at: rule.field,
						message: `A concern rule on "${rule.field}" names "${value}", which is not one of its options.`
					});
			}
		}
		if ('atLeast' in rule && field.kind !== 'scale')
			problems.push({
				at: rule.field,
				message: `A concern rule on "${rule.field}" compares a number, but it is not a scale.`
			});
	}
}
