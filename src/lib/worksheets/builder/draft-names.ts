import type { Field, SimpleField, WorksheetTemplate } from '../template';

// The builder's form carries the whole draft template in its inputs, so a
// post without JavaScript loses nothing. Inputs are named by the field's
// place (`f2.label`, `f2.1.label` inside a group); problems and the words a
// therapist typed that are not yet valid are kept by the field's key
// (`feelings.label`), which moving a field does not change.

/** The input name of a field's property: `f{index}` at the top, `f{group}.{index}` inside a group. */
export function inputName(place: readonly number[], property: string): string {
	return `f${place.join('.')}.${property}`;
}

/** Where a problem or an echoed value about a field's property is kept: by its key path. */
export function slot(keyPath: string, property: string): string {
	return `${keyPath}.${property}`;
}

/** `group.inner` for a field in a group's rows, the key alone at the top. */
export function keyPath(field: Field | SimpleField, group?: Field): string {
	return group ? `${group.key}.${field.key}` : field.key;
}

/** Each field with its key path, groups' fields after their group: for finding one by path. */
export function fieldAt(
	template: WorksheetTemplate,
	path: string
): { field: Field | SimpleField; siblings: Array<Field | SimpleField> } | null {
	const [outer, inner] = path.split('.');
	const top = template.fields.find((field) => field.key === outer);
	if (!top) return null;
	if (inner === undefined) return { field: top, siblings: template.fields };
	if (top.kind !== 'repeating-group') return null;
	const field = top.fields.find((candidate) => candidate.key === inner);
	return field ? { field, siblings: top.fields } : null;
}
