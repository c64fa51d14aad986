import { isGroupAnswer, isMultipleChoiceAnswer, type Answers, type SimpleAnswer } from '../answers';
import type { SimpleField, WorksheetTemplate } from '../template';
import {
	optionSystem,
	questionnaireUrl,
	rowLinkId,
	ROW_NAME,
	type FhirCoding
} from './questionnaire';

// A partner's answers as a FHIR R4 QuestionnaireResponse of their template
// version's Questionnaire (questionnaire.ts), item for item.

type AnswerValue = { valueString: string } | { valueInteger: number } | { valueCoding: FhirCoding };

export interface ResponseItem {
	linkId: string;
	text?: string;
	answer?: AnswerValue[];
	item?: ResponseItem[];
}

export interface QuestionnaireResponse {
	resourceType: 'QuestionnaireResponse';
	id: string;
	questionnaire: string;
	status: 'completed' | 'in-progress';
	subject: { reference: string; display?: string };
	authored: string;
	item: ResponseItem[];
}

export function questionnaireResponseOf(
	template: WorksheetTemplate,
	version: number,
	answers: Answers,
	response: { id: string; subject: { reference: string; display?: string }; authored: string }
): QuestionnaireResponse {
	const items: ResponseItem[] = [];
	for (const field of template.fields) {
		const answer = answers[field.key];
		if (answer === undefined) continue;
		if (field.kind === 'repeating-group') {
			if (!isGroupAnswer(answer)) continue;
			// One group item per row, as a repeating group in FHIR is answered.
			for (const row of answer.rows)
				items.push({
					linkId: field.key,
					text: field.label,
					item: [
						{ linkId: rowLinkId(field.key, ROW_NAME), answer: [{ valueString: row.name }] },
						...field.fields.flatMap((inner) => {
							const values = valuesOf(template.id, inner, row.answers[inner.key]);
							return values.length === 0
								? []
								: [{ linkId: rowLinkId(field.key, inner.key), text: inner.label, answer: values }];
						})
					]
				});
			continue;
		}
		if (isGroupAnswer(answer)) continue;
		const values = valuesOf(template.id, field, answer);
		if (values.length > 0) items.push({ linkId: field.key, text: field.label, answer: values });
	}
	return {
		resourceType: 'QuestionnaireResponse',
		id: response.id,
		questionnaire: `${questionnaireUrl(template.id)}|${version}`,
		status: 'completed',
		subject: response.subject,
		authored: response.authored,
		item: items
	};
}

function valuesOf(
	templateId: string,
	field: SimpleField,
	answer: SimpleAnswer | undefined
): AnswerValue[] {
	if (answer === undefined) return [];
	const coding = (value: string): AnswerValue => ({
		valueCoding: {
			system: optionSystem(templateId, field.key),
			code: value,
			display:
				'options' in field
					? (field.options.find((option) => option.value === value)?.label ?? value)
					: value
		}
	});
	switch (field.kind) {
		case 'scale':
			return typeof answer === 'number' ? [{ valueInteger: answer }] : [];
		case 'single-choice':
			return typeof answer === 'string' ? [coding(answer)] : [];
		case 'multiple-choice':
			if (!isMultipleChoiceAnswer(answer)) return [];
			return [
				...answer.selected.map(coding),
				...(answer.other ? [{ valueString: answer.other }] : [])
			];
		default:
			return typeof answer === 'string' && answer !== '' ? [{ valueString: answer }] : [];
	}
}
