import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { assignableTemplates } from '$lib/server/homework/assignments';
import { coupleForTherapist, currentCoupleNames } from '$lib/server/casework/couples';

// Assigning from the library: the worksheet is chosen, the couple is chosen
// here, and the couple's assignment form opens with the worksheet in it.
// Choosing only opens a form (a GET that changes nothing).

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const worksheetId = event.url.searchParams.get('worksheet') ?? '';
	const template = (await assignableTemplates(db, therapist.id)).get(worksheetId);
	if (!template) error(404, 'Not found');
	const coupleId = event.url.searchParams.get('couple');
	if (coupleId !== null && coupleId !== '') {
		const couple = await coupleForTherapist(db, therapist.id, coupleId);
		if (couple && !couple.archived)
			redirect(
				303,
				`/couples/${couple.id}/assignments/new?worksheet=${encodeURIComponent(template.id)}`
			);
	}
	const couples = await currentCoupleNames(db, therapist.id);
	return {
		worksheet: { id: template.id, title: template.title },
		couples: couples.map((couple) => ({ value: couple.id, label: couple.name })),
		problem: coupleId === null ? null : 'Choose one of your couples.'
	};
};
