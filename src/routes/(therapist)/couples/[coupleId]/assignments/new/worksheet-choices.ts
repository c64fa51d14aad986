import type { Program } from '../../../../../../lib/server/programs/program';
import type { WorksheetTemplate } from '../../../../../../lib/worksheets/template';

/**
 * The worksheet picker: each step of the couple's program with its
 * worksheets under it, then any other worksheet, then the check-ins.
 */
export function worksheetChoices(templates: Map<string, WorksheetTemplate>, program: Program) {
	const option = (id: string) => {
		const template = templates.get(id);
		return template ? [{ value: id, label: template.title }] : [];
	};
	const steps = program.steps.map((step) => ({
		label: `Step ${step.number}: ${step.title}`,
		options: step.worksheetIds.flatMap(option)
	}));
	const inProgram = new Set(program.steps.flatMap((step) => step.worksheetIds));
	const others = [...templates.values()]
		.filter((template) => template.step !== null && !inProgram.has(template.id))
		.flatMap((template) => option(template.id));
	const checkIns = [...templates.values()]
		.filter((template) => template.step === null)
		.map((template) => ({
			value: template.id,
			label:
				template.privacy === 'private'
					? `${template.title} (private to each partner)`
					: template.title
		}));
	return [
		...steps.filter((step) => step.options.length > 0),
		...(others.length > 0 ? [{ label: 'Worksheets outside this program', options: others }] : []),
		{ label: 'Check-ins for any step', options: checkIns }
	];
}

export const ASSIGNMENT_FIELDS = [
	'templateId',
	'who',
	'dueDate',
	'dueTime',
	'note',
	'recurrence'
] as const;
