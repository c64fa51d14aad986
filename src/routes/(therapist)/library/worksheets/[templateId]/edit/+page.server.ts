import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { refuse } from '$lib/server/access/signed-in';
import { ownTemplate } from '$lib/server/library/own-templates';
import { builderAction } from '../../builder-action';

// Changing one of the therapist's own worksheets. Saving makes a new version;
// homework already set and responses already written keep theirs.

async function ownedTemplate(event: RequestEvent) {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const own = await ownTemplate(db, therapist.id, event.params.templateId);
	if (!own) return refuse(event, db, therapist);
	return { db, therapist, own };
}

export const load: PageServerLoad = async (event) => {
	const { own } = await ownedTemplate(event);
	return { draft: own.template, version: own.version };
};

export const actions: Actions = {
	default: async (event) => {
		const { db, therapist, own } = await ownedTemplate(event);
		return builderAction(event, db, therapist, own.template.id);
	}
};
