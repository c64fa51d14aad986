import type { Program } from '../../../../../../lib/server/programs/program';
import { isCheckIn, type WorksheetTemplate } from '../../../../../../lib/worksheets/template';
import { isOwnTemplateId } from '../../../../../../lib/worksheets/own-template-id';

/**
 * The worksheet picker: each step of the couple's program with its
 * worksheets under it, then any other built-in worksheet, then the
 * check-ins, then the therapist's own worksheets the program does not hold.
 */
export function worksheetChoices(templates: Map<string, WorksheetTemplate>, program: Program) {
	const option = (id: string) => {
		const template = templates.get(id);
		return template ? [{ value: id, label: labelOf(template) }] : [];
	};
	const steps = program.steps.map((step) => ({
		label: `Step ${step.number}: ${step.title}`,
		options: step.worksheetIds.flatMap(option)
	}));
	const inProgram = new Set(program.steps.flatMap((step) => step.worksheetIds));
	const others = [...templates.values()]
		.filter(
			(template) =>
				!isCheckIn(template) && !inProgram.has(template.id) && !isOwnTemplateId(template.id)
		)
		.flatMap((template) => option(template.id));
	const checkIns = [...templates.values()]
		.filter((template) => isCheckIn(template))
		.flatMap((template) => option(template.id));
	const own = [...templates.values()]
		.filter((template) => isOwnTemplateId(template.id) && !inProgram.has(template.id))
		.flatMap((template) => option(template.id))
		.sort((first, second) => first.label.localeCompare(second.label));
	return [
		...steps.filter((step) => step.options.length > 0),
		...(others.length > 0 ? [{ label: 'Worksheets outside this program', options: others }] : []),
		{ label: 'Check-ins for any step', options: checkIns },
		...(own.length > 0 ? [{ label: 'Your own worksheets', options: own }] : [])
	];
}

/** A private worksheet says so: each partner gets their own, and neither sees the other's. */
function labelOf(template: WorksheetTemplate): string {
	return template.privacy === 'private'
		? `${template.title} (private to each partner)`
		: template.title;
}

export const ASSIGNMENT_FIELDS = [
	'templateId',
	'who',
	'dueDate',
	'dueTime',
	'note',
	'recurrence',
	'release'
] as const;
