import { PROGRAM_STEPS } from '../../../../../../lib/steps/steps';
import type { WorksheetTemplate } from '../../../../../../lib/worksheets/template';
import { isOwnTemplateId } from '../../../../../../lib/worksheets/own-template-id';

/** The worksheet picker: each step's worksheets under the step, then the check-ins, then the therapist's own. */
export function worksheetChoices(templates: Map<string, WorksheetTemplate>) {
	const own = [...templates.values()].filter((template) => isOwnTemplateId(template.id));
	const steps = PROGRAM_STEPS.map((step) => ({
		label: `Step ${step.number}: ${step.title}`,
		options: step.worksheetIds.flatMap((id) => {
			const template = templates.get(id);
			return template ? [{ value: id, label: template.title }] : [];
		})
	}));
	const checkIns = [...templates.values()]
		.filter((template) => template.step === null && !isOwnTemplateId(template.id))
		.map((template) => ({
			value: template.id,
			label:
				template.privacy === 'private'
					? `${template.title} (private to each partner)`
					: template.title
		}));
	const choices = [...steps, { label: 'Check-ins for any step', options: checkIns }];
	if (own.length > 0)
		choices.push({
			label: 'Your own worksheets',
			options: own
				.map((template) => ({
					value: template.id,
					label:
						template.privacy === 'private'
							? `${template.title} (private to each partner)`
							: template.title
				}))
				.sort((a, b) => a.label.localeCompare(b.label))
		});
	return choices;
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
