import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { newField } from '$lib/worksheets/builder/change-draft';
import type { WorksheetTemplate } from '$lib/worksheets/template';
import { builderAction } from '../builder-action';

// A worksheet of the therapist's own, from nothing: a title and one question to start from.

export const load: PageServerLoad = async (event) => {
	await requireTherapist(event, appDatabase());
	const draft: WorksheetTemplate = {
		id: 'draft',
		title: '',
		intro: '',
		step: null,
		minutes: 10,
		fields: [newField('long-text', 'q1')]
	};
	return { draft, version: null };
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		return builderAction(event, db, therapist, null);
	}
};
