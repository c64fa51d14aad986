import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { deleteCoupleRecord, recordSize } from '$lib/server/record/deletion';
import { readForm, textFields } from '$lib/server/http/form';
import * as clock from '$lib/server/clock';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'couple',
		id: couple.id
	});
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		partners: couple.partners.map((partner) => ({
			name: partner.displayName,
			joined: partner.joined
		})),
		size: await recordSize(db, couple.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { confirmName } = textFields(await readForm(event.request), ['confirmName']);
		// Typing the name, not ticking a box: deleting is the one thing here that cannot be undone.
		if (confirmName.trim() !== couple.name.trim()) {
			await recordAudit(db, requestActor(event, therapist.id), 'record.delete-refused', {
				type: 'couple',
				id: couple.id
			});
			return fail(400, {
				confirmName,
				problem: `Type the couple’s name exactly as shown, ${couple.name}, to delete the record.`
			});
		}
		const deleted = await deleteCoupleRecord(
			db,
			requestActor(event, therapist.id),
			couple.id,
			therapist.id,
			clock.now()
		);
		if (!deleted) error(404, 'Not found');
		redirect(303, '/couples?deleted');
	}
};
