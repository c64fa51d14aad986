import { PROGRAM_STEPS } from '../../../../../../lib/steps/steps';
import type { WorksheetTemplate } from '../../../../../../lib/worksheets/template';

/** The worksheet picker: each step's worksheets under the step, then the check-ins. */
export function worksheetChoices(templates: Map<string, WorksheetTemplate>) {
	const steps = PROGRAM_STEPS.map((step) => ({
		label: `Step ${step.number}: ${step.title}`,
		options: step.worksheetIds.flatMap((id) => {
			const template = templates.get(id);
			return template ? [{ value: id, label: template.title }] : [];
		})
	}));
	const checkIns = [...templates.values()]
		.filter((template) => template.step === null)
		.map((template) => ({
			value: template.id,
			label:
				template.privacy === 'private'
					? `${template.title} (private to each partner)`
					: template.title
		}));
	return [...steps, { label: 'Check-ins for any step', options: checkIns }];
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
