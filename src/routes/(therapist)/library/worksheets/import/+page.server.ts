import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { requestActor } from '$lib/server/audit/actor';
import { readForm } from '$lib/server/http/form';
import { newTemplateId, saveOwnTemplate } from '$lib/server/library/own-templates';
import { templateFromQuestionnaire } from '$lib/worksheets/fhir/questionnaire-import';

// A FHIR R4 Questionnaire uploaded as a new worksheet of the therapist's own.
// Whatever is wrong with it is said, with where; nothing is saved unless all
// of it can be taken.

/** Far more than any worksheet's Questionnaire; a bigger file is not one. */
const UPLOAD_MAX_BYTES = 512 * 1024;

export const load: PageServerLoad = async (event) => {
	await requireTherapist(event, appDatabase());
	return { maxKilobytes: UPLOAD_MAX_BYTES / 1024 };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		const form = await readForm(event.request);
		const files = form.getAll('questionnaire');
		if (files.length > 1) error(400, 'Send one file at a time.');
		const file = files[0];
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { problems: ['Choose a Questionnaire file (.json) to upload.'] });
		if (file.size > UPLOAD_MAX_BYTES)
			return fail(413, {
				problems: [
					`The file is ${Math.ceil(file.size / 1024)} KB; a Questionnaire can be at most ${UPLOAD_MAX_BYTES / 1024} KB.`
				]
			});
		let resource: unknown;
		try {
			resource = JSON.parse(await file.text());
		} catch (problem) {
			const where = problem instanceof SyntaxError ? ` (${problem.message})` : '';
			return fail(400, { problems: [`The file is not JSON${where}.`] });
		}
		const result = templateFromQuestionnaire(resource, newTemplateId());
		if ('problems' in result) return fail(400, { problems: result.problems });
		const saved = await saveOwnTemplate(
			db,
			requestActor(event, therapist.id),
			result.template,
			new Date(),
			'worksheet.import'
		);
		if (!saved) error(404, 'Not found');
		redirect(303, `/library/worksheets/${result.template.id}?saved=${saved.version}`);
	}
};
