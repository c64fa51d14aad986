import type { Answers } from './answers';
import { audienceOf, type Field, type WorksheetTemplate } from './template';

/**
 * What the author of a response lets the other partner read. Confidential
 * fields are not in it: nothing can make them shareable.
 */
export interface SharingChoice {
	/** Fields for the therapist, shared only when the author opts in. */
	therapistFields: boolean;
	/** Fields meant for both partners, shared unless the author opts out. */
	sharedFields: boolean;
}

export const DEFAULT_SHARING: SharingChoice = { therapistFields: false, sharedFields: true };

/** Whether the other partner may read this field's answer, given the author's choice. */
export function visibleToOtherPartner(field: Field, choice: SharingChoice): boolean {
	switch (audienceOf(field)) {
		case 'confidential':
			return false;
		case 'shared':
			return choice.sharedFields;
		case 'therapist':
			return choice.therapistFields;
	}
}

/**
 * The part of a response the other partner may read: built on the server by
 * leaving out everything else, before anything reaches their browser. A
 * private template (the safety check-in) yields nothing at all: its very
 * existence is hidden.
 */
export function answersForOtherPartner(
	template: WorksheetTemplate,
	answers: Answers,
	choice: SharingChoice
): Answers | null {
	if (template.privacy === 'private') return null;
	const visible: Answers = {};
	for (const field of template.fields) {
		const answer = answers[field.key];
		if (answer !== undefined && visibleToOtherPartner(field, choice)) visible[field.key] = answer;
	}
	return visible;
}

/** The fields the other partner would see, for showing the author before they confirm. */
export function fieldsForOtherPartner(template: WorksheetTemplate, choice: SharingChoice): Field[] {
	if (template.privacy === 'private') return [];
	return template.fields.filter((field) => visibleToOtherPartner(field, choice));
}
