import type { Field, SimpleField, WorksheetTemplate } from '../template';

// A worksheet template version as a FHIR R4 Questionnaire, so what partners
// wrote can travel to a record system that speaks FHIR. Each answer's key is
// its item's linkId; a repeating group is a repeating `group` item whose
// first item is the row's name. Kept apart from any export so that importing
// and exporting templates themselves can build on it.

export interface FhirCoding {
	system?: string;
	code: string;
	display: string;
}

export interface QuestionnaireItem {
	linkId: string;
	text: string;
	type: 'group' | 'string' | 'text' | 'integer' | 'choice' | 'open-choice';
	required?: boolean;
	repeats?: boolean;
	answerOption?: Array<{ valueCoding: FhirCoding }>;
	item?: QuestionnaireItem[];
}

export interface Questionnaire {
	resourceType: 'Questionnaire';
	id: string;
	url: string;
	version: string;
	name: string;
	title: string;
	status: 'active';
	item: QuestionnaireItem[];
}

/** The canonical address of a template's questionnaires; `|version` picks one version. */
export function questionnaireUrl(templateId: string): string {
	return `urn:common-ground:worksheet:${templateId}`;
}

/** The code system of a template's choice options. */
export function optionSystem(templateId: string, fieldKey: string): string {
	return `${questionnaireUrl(templateId)}:${fieldKey}`;
}

/** The linkId of a field inside a repeating group's row, and of the row's name. */
export const rowLinkId = (groupKey: string, key: string) => `${groupKey}.${key}`;
export const ROW_NAME = 'name';

export function questionnaireOf(template: WorksheetTemplate, version: number): Questionnaire {
	return {
		resourceType: 'Questionnaire',
		id: `${template.id}-v${version}`,
		url: questionnaireUrl(template.id),
		version: String(version),
		// A computer-friendly name: letters and digits only, starting with a capital.
		name: template.id
			.split(/[^A-Za-z0-9]+/)
			.filter(Boolean)
			.map((part) => part[0]!.toUpperCase() + part.slice(1))
			.join(''),
		title: template.title,
		status: 'active',
		item: template.fields.map((field) => itemOf(template.id, field))
	};
}

function itemOf(templateId: string, field: Field): QuestionnaireItem {
	if (field.kind !== 'repeating-group') return simpleItemOf(templateId, field, field.key);
	return {
		linkId: field.key,
		text: field.label,
		type: 'group',
		repeats: true,
		item: [
			{ linkId: rowLinkId(field.key, ROW_NAME), text: field.nameLabel, type: 'string' },
			...field.fields.map((inner) =>
				simpleItemOf(templateId, inner, rowLinkId(field.key, inner.key))
			)
		]
	};
}

function simpleItemOf(templateId: string, field: SimpleField, linkId: string): QuestionnaireItem {
	const base = { linkId, text: field.label, ...(field.required ? { required: true } : {}) };
	switch (field.kind) {
		case 'short-text':
			return { ...base, type: 'string' };
		case 'long-text':
			return { ...base, type: 'text' };
		case 'scale':
			return { ...base, type: 'integer' };
		case 'single-choice':
		case 'multiple-choice':
			return {
				...base,
				type: field.kind === 'multiple-choice' && field.other ? 'open-choice' : 'choice',
				...(field.kind === 'multiple-choice' ? { repeats: true } : {}),
				answerOption: field.options.map((option) => ({
					valueCoding: {
						system: optionSystem(templateId, field.key),
						code: option.value,
						display: option.label
					}
				}))
			};
	}
}
