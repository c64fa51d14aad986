import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapist } from '$lib/server/access/therapist';
import { readForm, textFields } from '$lib/server/http/form';
import { BUILTIN_PROGRAM } from '$lib/server/programs/builtin-program';
import {
	createProgram,
	programsOfTherapist,
	type ProgramStart
} from '$lib/server/programs/programs';
import { PROGRAM_TITLE_MAX } from '$lib/server/programs/program';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const programs = await programsOfTherapist(db, therapist.id);
	return {
		builtin: { title: BUILTIN_PROGRAM.title, steps: BUILTIN_PROGRAM.steps.length },
		programs,
		deleted: event.url.searchParams.has('deleted')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		const values = textFields(await readForm(event.request), ['title', 'start']);
		const problems: Partial<Record<'title' | 'start', string>> = {};
		const title = values.title.trim();
		if (title === '') problems.title = 'Give the program a title.';
		else if ([...title].length > PROGRAM_TITLE_MAX)
			problems.title = `Keep the title to ${PROGRAM_TITLE_MAX} characters.`;
		if (values.start === '') problems.start = 'Choose where to start.';
		if (Object.keys(problems).length > 0) return fail(400, { values, problems });
		const start: ProgramStart =
			values.start === 'blank' || values.start === 'builtin'
				? { from: values.start }
				: { from: 'program', id: values.start };
		const id = await createProgram(
			db,
			requestActor(event, therapist.id),
			{ title, start },
			new Date()
		);
		if (!id)
			return fail(400, {
				values,
				problems: { start: 'Choose where to start.' }
			});
		redirect(303, `/library/programs/${id}?created`);
	}
};
