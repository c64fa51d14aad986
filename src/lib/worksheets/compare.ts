import { isGroupAnswer, type Answers, type SimpleAnswer } from './answers';
import type { SimpleField, WorksheetTemplate } from './template';

// Two partners' answers to one worksheet, lined up question by question for
// the therapist, with the differences that matter picked out: scales rated
// far apart, and rows (core issues) one partner named and the other did not.

/** Scales this many points apart or more are worth raising. */
export const SCALE_GAP = 3;

export interface SideBySideRow {
	/** The question, or "Group › Row name" inside a repeating group. */
	question: string;
	field: SimpleField;
	first: SimpleAnswer | undefined;
	second: SimpleAnswer | undefined;
	difference: string | null;
}

export interface SideBySideSection {
	/** A top-level question, or one named row of a repeating group. */
	title: string;
	rows: SideBySideRow[];
	/** Set on a group row only one partner named. */
	onlyNamedBy: 'first' | 'second' | null;
}

export function sideBySide(
	template: WorksheetTemplate,
	first: Answers | null,
	second: Answers | null
): SideBySideSection[] {
	const sections: SideBySideSection[] = [];
	for (const field of template.fields) {
		if (field.kind !== 'repeating-group') {
			const a = first?.[field.key] as SimpleAnswer | undefined;
			const b = second?.[field.key] as SimpleAnswer | undefined;
			sections.push({
				title: field.label,
				rows: [
					{
						question: field.label,
						field,
						first: a,
						second: b,
						difference: scaleDifference(field, a, b)
					}
				],
				onlyNamedBy: null
			});
			continue;
		}
		const firstRows = isGroupAnswer(first?.[field.key])
			? (
					first[field.key] as {
						rows: Array<{ name: string; answers: Record<string, SimpleAnswer> }>;
					}
				).rows
			: [];
		const secondRows = isGroupAnswer(second?.[field.key])
			? (
					second[field.key] as {
						rows: Array<{ name: string; answers: Record<string, SimpleAnswer> }>;
					}
				).rows
			: [];
		// Rows line up by name, whatever order each partner put them in: "Trust" beside "Trust".
		// A group that starts with rows (the core areas) is a list of topics both partners weigh, so a topic
		// only one of them named is worth raising. In other groups each partner lists their own (behaviours,
		// commitments): rows only one wrote are expected, not a difference.
		const topicList = (field.presetRows?.length ?? 0) > 0 && first !== null && second !== null;
		const names: string[] = [];
		for (const row of [...firstRows, ...secondRows]) {
			if (row.name && !names.some((name) => name.toLowerCase() === row.name.toLowerCase()))
				names.push(row.name);
		}
		for (const name of names) {
			const a = firstRows.find((row) => row.name.toLowerCase() === name.toLowerCase());
			const b = secondRows.find((row) => row.name.toLowerCase() === name.toLowerCase());
			sections.push({
				title: `${field.label} › ${name}`,
				onlyNamedBy: topicList && a && !b ? 'first' : topicList && b && !a ? 'second' : null,
				rows: field.fields.map((inner) => ({
					question: inner.label,
					field: inner,
					first: a?.answers[inner.key],
					second: b?.answers[inner.key],
					difference: scaleDifference(inner, a?.answers[inner.key], b?.answers[inner.key])
				}))
			});
		}
	}
	return sections;
}

function scaleDifference(
	field: SimpleField,
	a: SimpleAnswer | undefined,
	b: SimpleAnswer | undefined
): string | null {
	if (field.kind !== 'scale' || typeof a !== 'number' || typeof b !== 'number') return null;
	const gap = Math.abs(a - b);
	return gap >= SCALE_GAP ? `${gap} points apart` : null;
}
