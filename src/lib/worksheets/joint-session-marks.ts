import type { HomeworkStatus } from '../homework-status';
import type { SideBySideSection } from './compare';
import { visibleToOtherPartner, type SharingChoice } from './audience';
import { audienceOf, type Field, type SimpleField, type WorksheetTemplate } from './template';

// What the therapist may say aloud in a joint session, answer by answer: a
// confidential answer (and all of a private check-in) is for the therapist
// alone; an answer its author shared is one the other partner can read
// anyway. The rest is the therapist's to judge.

export type CellMark = 'confidential' | 'shared' | null;

export interface MarkedResponse {
	status: HomeworkStatus;
	sharing: SharingChoice;
}

/** Each cell's mark, by section, row and partner (the first's, then the second's). */
export function jointSessionMarks(
	template: WorksheetTemplate,
	sections: readonly SideBySideSection[],
	responses: readonly [MarkedResponse | null, MarkedResponse | null]
): Array<Array<[CellMark, CellMark]>> {
	// A row inside a repeating group has the audience of its group.
	const owner = new Map<SimpleField, Field>();
	for (const field of template.fields) {
		if (field.kind === 'repeating-group') field.fields.forEach((inner) => owner.set(inner, field));
		else owner.set(field, field);
	}
	const markOf = (field: Field | undefined, response: MarkedResponse | null): CellMark => {
		if (!field || !response) return null;
		if (template.privacy === 'private' || audienceOf(field) === 'confidential')
			return 'confidential';
		const handedIn = response.status === 'submitted' || response.status === 'reviewed';
		return handedIn && visibleToOtherPartner(field, response.sharing) ? 'shared' : null;
	};
	return sections.map((section) =>
		section.rows.map((row) => {
			const field = owner.get(row.field);
			return [markOf(field, responses[0]), markOf(field, responses[1])];
		})
	);
}
