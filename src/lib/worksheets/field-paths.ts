import { inputId } from './form-encoding';
import type { WorksheetTemplate } from './template';
import { FORM_PROBLEM } from './validate';

export interface ProblemLink {
	/** Where the summary's link takes focus, or null for the form as a whole. */
	target: string | null;
	/** The question as a person would name it: "Core areas › Trust › What I need". */
	question: string;
	message: string;
}

/** Turns the validator's problem keys into links for the summary at the top of the form. */
export function problemLinks(
	template: WorksheetTemplate,
	problems: Record<string, string>,
	rowNames: (group: string, row: number) => string
): ProblemLink[] {
	const links: ProblemLink[] = [];
	for (const [path, message] of Object.entries(problems)) {
		if (path === FORM_PROBLEM) {
			links.push({ target: null, question: 'This worksheet', message });
			continue;
		}
		const [key, row, innerKey] = path.split('.');
		const field = template.fields.find((candidate) => candidate.key === key);
		if (!field) {
			links.push({ target: null, question: 'An answer this worksheet does not ask for', message });
			continue;
		}
		if (row === undefined || field.kind !== 'repeating-group') {
			links.push({ target: inputId(field.key), question: field.label, message });
			continue;
		}
		const rowIndex = Number(row);
		const rowName = rowNames(field.key, rowIndex) || `${field.itemName} ${rowIndex + 1}`;
		if (innerKey === undefined || innerKey === 'name') {
			links.push({
				target: inputId(field.key, rowIndex, innerKey ?? 'name'),
				question: `${field.label} › ${rowName}`,
				message
			});
			continue;
		}
		const inner = field.fields.find((candidate) => candidate.key === innerKey);
		links.push({
			target: inputId(field.key, rowIndex, innerKey),
			question: `${field.label} › ${rowName} › ${inner?.label ?? innerKey}`,
			message
		});
	}
	return links;
}
