// A response's place in its lifecycle, shared by the server and the pages
// that show it. The database stores the last three (schema.ts reads them
// from here); "not started" is a piece of homework with no response yet.

export type ResponseStatus = 'draft' | 'submitted' | 'reviewed';

export type HomeworkStatus = 'not-started' | ResponseStatus;

/** How a homework status reads on a page. */
export const STATUS_LABELS: Record<HomeworkStatus, string> = {
	'not-started': 'Not started',
	draft: 'In progress',
	submitted: 'Submitted',
	reviewed: 'Reviewed'
};
