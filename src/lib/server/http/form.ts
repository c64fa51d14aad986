import { error } from '@sveltejs/kit';

/**
 * Reads a posted form. A body that is not a form is the client's mistake
 * (400), never a crash; bodies over the size limit are stopped by the server
 * before this (413, BODY_SIZE_LIMIT).
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'The form could not be read. Reload the page and try again.');
	}
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
