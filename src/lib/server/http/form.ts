import { error } from '@sveltejs/kit';

/**
 * Reads a posted form. A body that is not a form is the client's mistake
 * (400), never a crash; a body over the size limit (BODY_SIZE_LIMIT), which
 * the server stops while it is read, answers 413 as the README promises.
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch (problem) {
		if (isTooLarge(problem)) error(413, 'The form is too large to send. Shorten it and try again.');
		error(400, 'The form could not be read. Reload the page and try again.');
	}
}

/** The server's body limit errors the stream with status 413; the reader may wrap it in a TypeError. */
function isTooLarge(problem: unknown): boolean {
	for (let current = problem, depth = 0; current && depth < 3; depth++) {
		if (typeof current === 'object' && 'status' in current && current.status === 413) return true;
		current = typeof current === 'object' && 'cause' in current ? current.cause : null;
	}
	return false;
}

/**
 * The named text fields of a form, each exactly once. Fields not named are
 * ignored: who is asking and what they own come from the session, never from
 * the form. A file or a repeated field is refused with 400.
 */
export function textFields<Name extends string>(
	form: FormData,
	names: readonly Name[]
): Record<Name, string> {
	const values = {} as Record<Name, string>;
	for (const name of names) {
		const all = form.getAll(name);
		if (all.length > 1) error(400, `The field "${name}" was sent more than once.`);
		const value = all[0] ?? '';
		if (typeof value !== 'string') error(400, `The field "${name}" must be text.`);
		values[name] = value;
	}
	return values;
}
