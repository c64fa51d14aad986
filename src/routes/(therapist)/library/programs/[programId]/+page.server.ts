import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistProgram } from '$lib/server/access/therapist-program';
import { assignableTemplates } from '$lib/server/homework/assignments';
import { readForm, textFields } from '$lib/server/http/form';
import {
	changeSteps,
	draftOf,
	draftProblems,
	hasProblems,
	readDraft,
	readStepChange,
	type DraftProblems
} from '$lib/server/programs/program-draft';
import { deleteProgram, saveProgram, setProgramArchived } from '$lib/server/programs/programs';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, program } = await requireTherapistProgram(event, db);
	// The built-ins and the therapist's own worksheets (not archived) can sit under a step.
	const templates = await assignableTemplates(db, therapist.id);
	const worksheet = (template: { id: string; title: string }) => ({
		id: template.id,
		title: template.title
	});
	return {
		programId: program.id,
		title: program.title,
		archived: program.archived,
		couples: program.couples,
		// Ids only: which steps keep their place because homework was set under them.
		stepsWithHomework: [...program.stepsWithHomework],
		draft: draftOf(program),
		worksheets: [...templates.values()]
			.filter((template) => template.step !== null)
			.sort((a, b) => (a.step ?? 0) - (b.step ?? 0))
			.map(worksheet),
		checkIns: [...templates.values()].filter((template) => template.step === null).map(worksheet),
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved'),
		inUse: program.couples.length > 0 || program.stepsWithHomework.size > 0
	};
};

const noProblems = (): DraftProblems => ({ byStep: {} });

export const actions: Actions = {
	save: async (event) => {
		const db = appDatabase();
		const { therapist, program } = await requireTherapistProgram(event, db);
		const form = await readForm(event.request);
		const { intent } = textFields(form, ['intent']);
		const draft = readDraft(form);
		const change = readStepChange(intent);
		if (!change) error(400, 'The form could not be read. Reload the page and try again.');
		// Adding, removing or moving a step only changes the form: nothing is saved yet.
		if (change.kind !== 'save') {
			const changed = changeSteps(draft, change, program.stepsWithHomework);
			const problems = noProblems();
			if (changed.problem?.index === null) problems.steps = changed.problem.message;
			else if (changed.problem)
				problems.byStep[changed.problem.index] = { step: changed.problem.message };
			if (changed.problem) return fail(400, { draft: changed.draft, problems });
			return { draft: changed.draft, problems, changed: change.kind };
		}
		const templates = await assignableTemplates(db, therapist.id);
		const problems = draftProblems(draft, new Set(templates.keys()), program.stepsWithHomework);
		if (hasProblems(problems)) return fail(400, { draft, problems });
		const outcome = await saveProgram(
			db,
			requestActor(event, therapist.id),
			program.id,
			draft,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'in-use')
			return fail(409, {
				draft,
				problems: {
					...noProblems(),
					steps: 'Homework was just set under a step you removed, so it stays. Reload the page.'
				}
			});
		redirect(303, `/library/programs/${program.id}?saved`);
	},
	archive: async (event) => {
		const db = appDatabase();
		const { therapist, program } = await requireTherapistProgram(event, db);
		await setProgramArchived(db, requestActor(event, therapist.id), program.id, true, new Date());
		redirect(303, `/library/programs/${program.id}`);
	},
	restore: async (event) => {
		const db = appDatabase();
		const { therapist, program } = await requireTherapistProgram(event, db);
		await setProgramArchived(db, requestActor(event, therapist.id), program.id, false, new Date());
		redirect(303, `/library/programs/${program.id}`);
	},
	delete: async (event) => {
		const db = appDatabase();
		const { therapist, program } = await requireTherapistProgram(event, db);
		const outcome = await deleteProgram(
			db,
			requestActor(event, therapist.id),
			program.id,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'in-use')
			return fail(409, {
				deleteProblem:
					'Couples follow this program or homework was set under it, so it can only be archived.'
			});
		redirect(303, '/library/programs?deleted');
	}
};
