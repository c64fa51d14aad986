import { audienceOf, type Field, type SimpleField, type WorksheetTemplate } from '../template';

// A worksheet template version as a FHIR R4 Questionnaire, so what partners
// wrote can travel to a record system that speaks FHIR, and a worksheet can
// travel between installations. Each answer's key is its item's linkId; a
// repeating group is a repeating `group` item whose first item is the row's
// name; help under a question is a `display` item inside it. What FHIR has
// no element for (the audience, scale end labels, the score and the flags)
// travels in extensions the project defines (EXTENSION below), so reading
// it back (questionnaire-import.ts) gives the same worksheet.

/** The project's own extensions, each named by its url. */
export const EXTENSION = {
	audience: 'urn:common-ground:extension:audience',
	minutes: 'urn:common-ground:extension:minutes',
	step: 'urn:common-ground:extension:step',
	privacy: 'urn:common-ground:extension:privacy',
	therapistNote: 'urn:common-ground:extension:therapist-note',
	scoring: 'urn:common-ground:extension:scoring',
	concernRules: 'urn:common-ground:extension:concern-rules',
	skippedMeans: 'urn:common-ground:extension:skipped-means',
	helpAfterConcern: 'urn:common-ground:extension:help-after-concern',
	minLabel: 'urn:common-ground:extension:scale-min-label',
	maxLabel: 'urn:common-ground:extension:scale-max-label',
	middleLabel: 'urn:common-ground:extension:scale-middle-label',
	otherLabel: 'urn:common-ground:extension:other-label',
	maxSelected: 'urn:common-ground:extension:max-selected',
	itemName: 'urn:common-ground:extension:row-item-name',
	presetRow: 'urn:common-ground:extension:preset-row'
} as const;

/** Extensions HL7 defines, used where they say what we mean. */
export const HL7_EXTENSION = {
	minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
	maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
	maxOccurs: 'http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs',
	itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
	ordinalValue: 'http://hl7.org/fhir/StructureDefinition/ordinalValue'
} as const;

export const ITEM_CONTROL_SYSTEM = 'http://hl7.org/fhir/questionnaire-item-control';

export interface FhirExtension {
	url: string;
	valueString?: string;
	valueInteger?: number;
	valueDecimal?: number;
	valueCode?: string;
	valueCodeableConcept?: { coding: FhirCoding[] };
}

export interface FhirCoding {
	system?: string;
	code: string;
	display: string;
}

export interface QuestionnaireItem {
	linkId: string;
	text: string;
	type: 'group' | 'display' | 'string' | 'text' | 'integer' | 'choice' | 'open-choice';
	extension?: FhirExtension[];
	required?: boolean;
	repeats?: boolean;
	maxLength?: number;
	answerOption?: Array<{ valueCoding: FhirCoding; extension?: FhirExtension[] }>;
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
	extension?: FhirExtension[];
	description?: string;
	copyright?: string;
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
		...withExtensions(templateExtensions(template)),
		...(template.intro ? { description: template.intro } : {}),
		...(template.credit ? { copyright: template.credit } : {}),
		item: template.fields.map((field) => itemOf(template.id, field))
	};
}

/** FHIR allows no empty arrays: the extensions only when there are some. */
function withExtensions(extension: FhirExtension[]): { extension?: FhirExtension[] } {
	return extension.length > 0 ? { extension } : {};
}

function templateExtensions(template: WorksheetTemplate): FhirExtension[] {
	const extensions: FhirExtension[] = [{ url: EXTENSION.minutes, valueInteger: template.minutes }];
	if (template.step !== null) extensions.push({ url: EXTENSION.step, valueInteger: template.step });
	if (template.privacy) extensions.push({ url: EXTENSION.privacy, valueCode: template.privacy });
	if (template.therapistNote)
		extensions.push({ url: EXTENSION.therapistNote, valueString: template.therapistNote });
	if (template.scoring)
		extensions.push({ url: EXTENSION.scoring, valueString: JSON.stringify(template.scoring) });
	if (template.concernRules)
		extensions.push({
			url: EXTENSION.concernRules,
			valueString: JSON.stringify(template.concernRules)
		});
	if (template.skippedMeans)
		extensions.push({ url: EXTENSION.skippedMeans, valueCode: template.skippedMeans });
	if (template.helpAfterConcern)
		extensions.push({ url: EXTENSION.helpAfterConcern, valueCode: template.helpAfterConcern });
	return extensions;
}

/** The linkId of a question's help: ":" never appears in a key, so it cannot meet another item's. */
export const helpLinkId = (linkId: string) => `${linkId}:help`;

function helpItems(help: string | undefined, linkId: string): QuestionnaireItem[] {
	if (!help) return [];
	return [
		{
			linkId: helpLinkId(linkId),
			text: help,
			type: 'display',
			extension: [
				{
					url: HL7_EXTENSION.itemControl,
					valueCodeableConcept: {
						coding: [{ system: ITEM_CONTROL_SYSTEM, code: 'help', display: 'Help-Button' }]
					}
				}
			]
		}
	];
}

function itemOf(templateId: string, field: Field): QuestionnaireItem {
	const audience = { url: EXTENSION.audience, valueCode: audienceOf(field) };
	if (field.kind !== 'repeating-group') {
		const item = simpleItemOf(templateId, field, field.key);
		return { ...item, extension: [audience, ...(item.extension ?? [])] };
	}
	return {
		linkId: field.key,
		text: field.label,
		type: 'group',
		extension: [
			audience,
			{ url: EXTENSION.itemName, valueString: field.itemName },
			...(field.presetRows ?? []).map((row) => ({ url: EXTENSION.presetRow, valueString: row })),
			...(field.maxRows !== undefined
				? [{ url: HL7_EXTENSION.maxOccurs, valueInteger: field.maxRows }]
				: [])
		],
		...(field.required ? { required: true } : {}),
		repeats: true,
		item: [
			...helpItems(field.help, field.key),
			{ linkId: rowLinkId(field.key, ROW_NAME), text: field.nameLabel, type: 'string' },
			...field.fields.map((inner) =>
				simpleItemOf(templateId, inner, rowLinkId(field.key, inner.key))
			)
		]
	};
}

function simpleItemOf(templateId: string, field: SimpleField, linkId: string): QuestionnaireItem {
	const base = { linkId, text: field.label, ...(field.required ? { required: true } : {}) };
	const help = helpItems(field.help, linkId);
	const children = help.length > 0 ? { item: help } : {};
	switch (field.kind) {
		case 'short-text':
		case 'long-text':
			return {
				...base,
				type: field.kind === 'short-text' ? 'string' : 'text',
				...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
				...children
			};
		case 'scale':
			return {
				...base,
				type: 'integer',
				extension: [
					{ url: HL7_EXTENSION.minValue, valueInteger: field.min },
					{ url: HL7_EXTENSION.maxValue, valueInteger: field.max },
					{ url: EXTENSION.minLabel, valueString: field.minLabel },
					{ url: EXTENSION.maxLabel, valueString: field.maxLabel },
					...(field.middleLabel
						? [{ url: EXTENSION.middleLabel, valueString: field.middleLabel }]
						: [])
				],
				...children
			};
		case 'single-choice':
		case 'multiple-choice': {
			const extension: FhirExtension[] = [];
			if (field.kind === 'multiple-choice' && field.other)
				extension.push({ url: EXTENSION.otherLabel, valueString: field.other.label });
			if (field.kind === 'multiple-choice' && field.maxSelected !== undefined)
				extension.push({ url: EXTENSION.maxSelected, valueInteger: field.maxSelected });
			return {
				...base,
				type: field.kind === 'multiple-choice' && field.other ? 'open-choice' : 'choice',
				...withExtensions(extension),
				...(field.kind === 'multiple-choice' ? { repeats: true } : {}),
				answerOption: field.options.map((option) => ({
					...(option.score !== undefined
						? { extension: [{ url: HL7_EXTENSION.ordinalValue, valueDecimal: option.score }] }
						: {}),
					valueCoding: {
						system: optionSystem(templateId, field.key),
						code: option.value,
						display: option.label
					}
				})),
				...children
			};
		}
	}
}
