import type { HomeworkStatus } from './server/homework/assignments';

/** How a homework status reads on a page. */
export const STATUS_LABELS: Record<HomeworkStatus, string> = {
	'not-started': 'Not started',
	draft: 'In progress',
	submitted: 'Submitted',
	reviewed: 'Reviewed'
};
