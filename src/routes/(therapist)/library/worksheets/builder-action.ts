import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Database } from '$lib/server/database/open';
import type { Therapist } from '$lib/server/access/therapist';
import { requestActor } from '$lib/server/audit/actor';
import { readForm } from '$lib/server/http/form';
import { newTemplateId, saveOwnTemplate } from '$lib/server/library/own-templates';
import { readDraft } from '$lib/worksheets/builder/read-draft';
import { changeDraft, parseDraftChange } from '$lib/worksheets/builder/change-draft';
import { previewAnswers, type PreviewAnswers } from '$lib/worksheets/builder/check-preview';
import { templateProblemsAt } from '$lib/worksheets/check-template';
import { parseRowIntent } from '$lib/worksheets/form-encoding';
import type { WorksheetTemplate } from '$lib/worksheets/template';

// What every press of a builder button does, for a new template and for one
// being changed: the whole draft comes back in the post, the server changes
// it (adds, removes, moves a field) or checks it with the template checker
// the built-ins pass, and either shows it again with every word kept or
// saves it as a new version. The preview's answers travel in the same post,
// so checking them against the draft keeps both as typed.

/** The draft as the page shows it again, with its problems and what was typed. */
export interface BuilderState {
	draft: WorksheetTemplate;
	problems: Record<string, string>;
	typed: Record<string, string>;
	/** The input to put the cursor in after the page comes back (a field's key path). */
	focus: string | null;
	/** The partner's form under the builder, with its answers; null while it is closed. */
	preview: PreviewAnswers | null;
}

export async function builderAction(
	event: RequestEvent,
	db: Database,
	therapist: Therapist,
	templateId: string | null
) {
	const form = await readForm(event.request);
	const draft = readDraft(templateId ?? 'draft', (name) => {
		const values = form.getAll(name);
		if (values.length > 1) error(400, `The field "${name}" was sent more than once.`);
		const value = values[0];
		if (value !== undefined && typeof value !== 'string')
			error(400, `The field "${name}" must be text.`);
		return value ?? null;
	});
	if ('refused' in draft) error(400, draft.refused);
	const intent = form.get('intent');

	const change = parseDraftChange(intent);
	if (change) {
		const changed = changeDraft(draft.template, change);
		if ('problem' in changed)
			return fail(
				400,
				state(draft.template, { ...draft.problems, fields: changed.problem }, draft.typed)
			);
		return state(changed.template, draft.problems, draft.typed, changed.focus);
	}

	const problems = { ...draft.problems, ...checkerProblems(draft.template) };
	const rowIntent = parseRowIntent(intent);
	if (intent === 'preview' || intent === 'check' || rowIntent) {
		// A draft the checker refuses gets the builder's own messages; the
		// validator, which trusts its template, is run only on one it passes.
		const checkable = Object.keys(problems).length === 0;
		const action = !checkable || intent === 'preview' ? 'show' : (rowIntent ?? 'check');
		const preview = previewAnswers(draft.template, form, action);
		const shown = state(draft.template, problems, draft.typed, null, preview);
		const refused = intent === 'check' && !preview.accepted;
		return refused ? fail(400, shown) : shown;
	}
	if (intent !== 'save') error(400, 'The form was sent without saying what to do.');
	if (Object.keys(problems).length > 0)
		return fail(400, state(draft.template, problems, draft.typed));

	const template = { ...draft.template, id: templateId ?? newTemplateId() };
	const saved = await saveOwnTemplate(db, requestActor(event, therapist.id), template, new Date());
	if (!saved) error(404, 'Not found');
	redirect(303, `/library/worksheets/${template.id}?saved=${saved.version}`);
}

function state(
	draft: WorksheetTemplate,
	problems: Record<string, string>,
	typed: Record<string, string>,
	focus: string | null = null,
	preview: PreviewAnswers | null = null
): BuilderState {
	return { draft, problems, typed, focus, preview };
}

/** The template checker's problems, each kept beside the field it concerns. */
function checkerProblems(template: WorksheetTemplate): Record<string, string> {
	const problems: Record<string, string> = {};
	for (const { at, message } of templateProblemsAt(template)) {
		const where = at === null ? 'template' : at === 'scoring' ? 'scoring' : `${at}.field`;
		problems[where] = problems[where] ? `${problems[where]} ${message}` : message;
	}
	return problems;
}
